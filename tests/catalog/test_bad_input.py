"""Bad catalog files: a clear error naming file, line and field; nothing half-imported."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kansou.catalog.merge import import_catalog
from kansou.catalog.records import CatalogFormatError
from kansou.store import Store
from kansou.store.catalog_schema import CatalogFactRow, CatalogIdLinkRow, CatalogImportRow
from kansou.store.schema import TitleRow
from tests.catalog.conftest import (
    ANIDB_XML,
    MAL_HEADER,
    MAL_ROWS,
    write_csv,
    write_json,
    write_manami_jsonl,
)


def _fails(store: Store, path: Path, fmt: str | None = None) -> str:
    with pytest.raises(CatalogFormatError) as info, store.session() as s:
        import_catalog(s, path, fmt)
    with store.session() as s:
        for table in (TitleRow, CatalogFactRow, CatalogIdLinkRow, CatalogImportRow):
            assert s.scalar(select(func.count()).select_from(table)) == 0
    return info.value.message


def test_truncated_gzip(store: Store, tmp_path: Path) -> None:
    whole = write_csv(tmp_path / "mal.csv.gz", MAL_HEADER, MAL_ROWS * 1, gz=True).read_bytes()
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(whole[: len(whole) - 20])
    message = _fails(store, path, "mal-csv")
    assert message.startswith(f"{path}: file is truncated or corrupt (")
    assert message.endswith("; nothing was imported from this file")


def test_truncated_csv_row_names_line_and_field(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mal.csv", MAL_HEADER, MAL_ROWS)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("Metallic Rouge") + 20], encoding="utf-8")
    assert _fails(store, path) == (
        f"{path}, line 4: field 'popularity' missing (row has 4 of 13 fields; is the file "
        "truncated?); nothing was imported from this file"
    )


def test_truncated_json_names_line(store: Store, tmp_path: Path) -> None:
    path = write_json(tmp_path / "map.json", [{"mal_id": 1, "type": "TV"}, {"mal_id": 2}])
    path.write_text(path.read_text()[:-12], encoding="utf-8")
    message = _fails(store, path)
    assert message.startswith(f"{path}, line 7: invalid JSON (")
    assert "is the file truncated?" in message


def test_truncated_xml_names_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "anidb.xml"
    path.write_text(ANIDB_XML[: ANIDB_XML.index("Attack on Titan")], encoding="utf-8")
    message = _fails(store, path)
    assert message.startswith(f"{path}, line 10: invalid XML (")


def test_unknown_format(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\nabout anime\n", encoding="utf-8")
    assert _fails(store, path) == (
        f"{path}, line 1: unknown catalog format: expected one of mal-csv, cooperunion-csv, "
        "anime-lists, anidb-titles, manami-json, manami-jsonl (or name it with --format); "
        "nothing was imported from this file"
    )


def test_unknown_format_name(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mal.csv", MAL_HEADER, MAL_ROWS)
    assert _fails(store, path, "kitsu-dump").startswith(
        "--format: unknown catalog format 'kitsu-dump': expected one of mal-csv,"
    )


def test_duplicate_ids(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "mal.csv", MAL_HEADER, [*MAL_ROWS, MAL_ROWS[0]])
    assert _fails(store, path) == (
        f"{path}, line 7: duplicate myanimelist id 1 in field 'myanimelist' (first on line 2);"
        " nothing was imported from this file"
    )


def test_duplicate_ids_in_mappings(store: Store, tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "map.json", [{"mal_id": 1, "anidb_id": 4}, {"mal_id": 2, "anidb_id": 4}]
    )
    assert "duplicate anidb id 4 in field 'anidb' (first on line 2)" in _fails(store, path)


def test_missing_required_field(store: Store, tmp_path: Path) -> None:
    rows = [list(r) for r in MAL_ROWS]
    rows[3][1] = ""
    path = write_csv(tmp_path / "mal.csv", MAL_HEADER, rows)
    assert _fails(store, path) == (
        f"{path}, line 5: field 'title' is empty; nothing was imported from this file"
    )


def test_missing_header_field(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "anime.csv", ["anime_id", "name", "type"], [["1", "X", "TV"]])
    header_less = write_csv(tmp_path / "broken.csv", ["anime_id", "type"], [["1", "TV"]])
    assert _fails(store, header_less, "cooperunion-csv") == (
        f"{header_less}, line 1: header has no field 'name'; nothing was imported from this file"
    )
    assert path.exists()


def test_manami_entry_without_sources(store: Store, tmp_path: Path) -> None:
    path = write_manami_jsonl(
        tmp_path / "m.jsonl",
        [
            {"sources": ["https://myanimelist.net/anime/1"], "title": "Cowboy Bebop"},
            {"title": "No Sources"},
        ],
    )
    assert _fails(store, path) == (
        f"{path}, line 3: field 'sources' missing; nothing was imported from this file"
    )


def test_a_bad_record_late_in_a_file_leaves_nothing(store: Store, tmp_path: Path) -> None:
    rows = [list(r) for r in MAL_ROWS] * 1
    rows.append(["not-a-number", "Broken", "", "", "", "", "", "", "", "", "", "", ""])
    path = write_csv(tmp_path / "mal.csv.gz", MAL_HEADER, rows, gz=True)
    assert gzip.decompress(path.read_bytes())
    assert _fails(store, path) == (
        f"{path}, line 7: field 'uid' is 'not-a-number', expected a number; "
        "nothing was imported from this file"
    )
