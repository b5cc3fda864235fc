"""Streaming import: files larger than one batch behave as one transaction, as before.

``batch_records`` is set small so that a few dozen rows make several batches.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kansou.catalog.json_walk import array_entries
from kansou.catalog.merge import CONFLICTS_KEPT, import_catalog
from kansou.catalog.records import CatalogFile, CatalogFormatError
from kansou.store import Store
from kansou.store.catalog_schema import CatalogFactRow, CatalogIdLinkRow, CatalogImportRow
from kansou.store.schema import TitleAliasRow, TitleRow, TitleSourceIdRow
from tests.catalog.conftest import MAL_HEADER, MAL_ROWS, mappings, write_csv, write_json

TABLES = (TitleRow, TitleAliasRow, TitleSourceIdRow, CatalogFactRow, CatalogIdLinkRow)


def _rows(n: int, first_uid: int = 100) -> list[list[str]]:
    """``n`` MAL rows, uids from ``first_uid``; the row on line k has uid first_uid + k - 2."""
    return [
        [
            str(first_uid + i),
            f"Show Number {i}",
            "7.1",
            "",
            "",
            "1000",
            "Drama",
            "Unknown",
            str(10 + i % 5),
            f"Apr 1, {2000 + i % 20}",
            "",
            "",
            f"Synopsis {i}.",
        ]
        for i in range(n)
    ]


def _counts(store: Store) -> list[int]:
    with store.session() as s:
        return [s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES]


def _import(store: Store, path: Path, batch: int = 4, fmt: str | None = None):
    calls: list[tuple[int, int, int]] = []
    with store.session() as s:
        report = import_catalog(s, path, fmt, lambda *call: calls.append(call), batch_records=batch)
    return report, calls


def _fails(store: Store, path: Path, batch: int = 4) -> tuple[str, list[tuple[int, int, int]]]:
    calls: list[tuple[int, int, int]] = []
    with pytest.raises(CatalogFormatError) as info, store.session() as s:
        import_catalog(s, path, None, lambda *call: calls.append(call), batch_records=batch)
    return info.value.message, calls


def test_a_bad_record_after_several_batches_leaves_nothing(store: Store, tmp_path: Path) -> None:
    _import(store, write_csv(tmp_path / "first.csv", MAL_HEADER, MAL_ROWS))
    before = _counts(store)
    rows = _rows(30)
    rows[28][0] = "not-a-number"  # line 30
    path = write_csv(tmp_path / "big.csv.gz", MAL_HEADER, rows, gz=True)
    message, calls = _fails(store, path)
    assert message == (
        f"{path}, line 30: field 'uid' is 'not-a-number', expected a number; "
        "nothing was imported from this file"
    )
    assert [c[0] for c in calls] == [4, 8, 12, 16, 20, 24, 28]  # seven batches written...
    assert _counts(store) == before  # ...and rolled back with the file
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(CatalogImportRow)) == 1


def test_a_duplicate_id_across_batches_names_both_lines(store: Store, tmp_path: Path) -> None:
    rows = _rows(12)
    rows[10][0] = rows[1][0]  # line 12 repeats line 3's uid, two batches later
    path = write_csv(tmp_path / "dup.csv", MAL_HEADER, rows)
    message, calls = _fails(store, path)
    assert message == (
        f"{path}, line 12: duplicate myanimelist id 101 in field 'myanimelist' (first on line 3);"
        " nothing was imported from this file"
    )
    assert len(calls) == 2
    assert _counts(store) == [0] * len(TABLES)


def test_a_duplicate_mapping_id_across_batches(store: Store, tmp_path: Path) -> None:
    entries = [{"mal_id": n, "anidb_id": 1000 + n} for n in range(1, 10)]
    entries.append({"mal_id": 99, "anidb_id": 1002})
    path = write_json(tmp_path / "map.json", entries)
    message, _ = _fails(store, path, batch=3)
    # With indent=2 entry k starts on line 2 + 4 (k - 1): the 10th on 38, the 2nd on 6.
    assert "line 38: duplicate anidb id 1002 in field 'anidb' (first on line 6)" in message


def test_reimport_of_a_file_of_several_batches_is_idempotent(store: Store, tmp_path: Path) -> None:
    rows = _rows(14)
    path = write_csv(tmp_path / "mal.csv.gz", MAL_HEADER, rows, gz=True)
    first, calls = _import(store, path)
    assert (first.records, first.titles_created, len(calls)) == (14, 14, 5)
    assert calls[-1] == (14, path.stat().st_size, path.stat().st_size)
    counts = _counts(store)
    again, _ = _import(store, path)
    assert again.unchanged and _counts(store) == counts
    with store.session() as s:
        fact_ids = set(s.scalars(select(CatalogFactRow.id)))
    rows[12][8] = "99"  # line 14, in the fourth batch: now 99 episodes
    write_csv(path, MAL_HEADER, rows, gz=True)
    edited, _ = _import(store, path)
    assert (edited.titles_created, edited.titles_joined, edited.facts_written) == (0, 14, 1)
    assert _counts(store) == counts
    with store.session() as s:
        assert set(s.scalars(select(CatalogFactRow.id))) == fact_ids  # updated in place
        tid = s.scalar(
            select(TitleSourceIdRow.title_id).where(TitleSourceIdRow.external_id == "112")
        )
        title = s.get(TitleRow, tid)
        assert title is not None and title.episodes == 99
        fact = s.scalar(
            select(CatalogFactRow).where(
                CatalogFactRow.title_id == tid, CatalogFactRow.field == "episodes"
            )
        )
        assert fact is not None and (fact.value, fact.line) == ("99", 14)


def test_mappings_in_batches_join_titles_like_one_pass(store: Store, catalog_dir: Path) -> None:
    """AniDB and MAL first, then the mappings one entry per batch: three merges, as ever."""
    for name in ("anidb.xml", "mal.csv.gz"):
        _import(store, catalog_dir / name, batch=2)
    report, calls = _import(store, catalog_dir / "mappings.json", batch=1)
    assert (report.titles_merged, len(calls)) == (3, 6)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(TitleRow)) == 6


def test_conflicts_are_all_counted_and_the_first_ones_kept(store: Store, tmp_path: Path) -> None:
    n = CONFLICTS_KEPT + 20
    _import(store, write_csv(tmp_path / "mal.csv", MAL_HEADER, _rows(n)), batch=50)
    other = write_csv(
        tmp_path / "anime.csv",
        ["anime_id", "name", "episodes"],
        [[str(100 + i), f"Show Number {i}", "500"] for i in range(n)],
    )
    report, _ = _import(store, other, batch=50)
    assert report.conflicts_total == n
    assert len(report.conflicts) == CONFLICTS_KEPT
    assert report.conflicts[0].endswith("episodes: myanimelist says 10, cooperunion says 500")


def test_json_entries_keep_their_lines_across_tiny_windows(tmp_path: Path) -> None:
    """Windows of 7 characters cut every entry, string and number; lines still come out right."""
    entries = [*mappings(), {"mal_id": 123456789, "note": 'a "quoted" name, with [brackets] and }'}]
    path = write_json(tmp_path / "map.json", entries)
    text = path.read_text(encoding="utf-8")
    expected_lines = [n for n, line in enumerate(text.splitlines(), 1) if line == "  {"]
    read = list(array_entries(CatalogFile(path), chunk_chars=7))
    assert [entry for _, entry in read] == json.loads(text)
    assert [line for line, _ in read] == expected_lines
    keyed = write_json(tmp_path / "keyed.json", {"lastUpdate": 20241201, "data": entries, "n": 6})
    assert [e for _, e in array_entries(CatalogFile(keyed), "data", chunk_chars=5)] == entries


def test_truncated_manami_json_names_its_line(store: Store, tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "m.json",
        {"data": [{"sources": ["https://myanimelist.net/anime/1"], "title": "Cowboy Bebop"}]},
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("Bebop")], encoding="utf-8")
    message, _ = _fails(store, path)
    assert message.startswith(f"{path}, line 7: invalid JSON (Unterminated string")
    assert _counts(store) == [0] * len(TABLES)
    missing = write_json(tmp_path / "no-data.json", {"sources": [], "data": {}})
    assert _fails(store, missing)[0].startswith(
        f"{missing}, line 1: no top-level field 'data' holding a list"
    )


#: Per shared file: how many records the readers gave before they streamed, and a few of
#: them by position: (line, ids, name). Taken from the whole-file readers of commit c9c87e4.
SHARED_FILES = {
    "mal-anime-2024.csv.gz": (
        25_041,
        {
            0: (2, {"myanimelist": "1"}, "Cowboy Bebop"),
            1000: (4038, {"myanimelist": "1138"}, "Medarot"),
            5000: (17186, {"myanimelist": "9498"}, "Naniwa Yuukyouden"),
        },
    ),
    "anime-list-full-2022.json.gz": (
        32_494,
        {
            0: (1, {"myanimelist": "51478", "anilist": "142051"}, None),
            5000: (1, {"anisearch": "8098"}, None),
        },
    ),
    "anidb-anime-titles-2022.xml.gz": (
        14_360,
        {
            0: (3, {"anidb": "1"}, "Seikai no Monshou"),
            1000: (12447, {"anidb": "1060"}, "Robin Hood no Daibouken"),
            5000: (
                46796,
                {"anidb": "6609"},
                "Tengen Toppa Gurren Lagann Kirameki Youko Box: Pieces of Sweet Stars",
            ),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(SHARED_FILES))
def test_streaming_readers_give_the_records_of_the_whole_file_readers(name: str) -> None:
    from kansou.catalog.formats import detect_format
    from tests.conftest import shared_path

    path = shared_path("data", "catalog", name)
    count, picks = SHARED_FILES[name]
    file = CatalogFile(path)
    seen, n = {}, 0
    for n, record in enumerate(detect_format(path).read(file), start=1):
        if n - 1 in picks:
            seen[n - 1] = (record.line, dict(record.ids), record.name)
    assert n == count
    assert seen == picks
    assert file.bytes_read() == path.stat().st_size
