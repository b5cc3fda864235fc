"""Catalog import: one entity per anime, every source id kept, facts with their source."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from kansou.catalog.formats import detect_format
from kansou.catalog.merge import import_catalog
from kansou.store import Store
from kansou.store.catalog_schema import CatalogFactRow
from kansou.store.schema import TitleAliasRow, TitleRow, TitleSourceIdRow


def _import(store: Store, path: Path, fmt: str | None = None):
    with store.session() as s:
        return import_catalog(s, path, fmt)


def _title_by_mal(store: Store, mal_id: str) -> TitleRow:
    with store.session() as s:
        tid = s.scalar(
            select(TitleSourceIdRow.title_id).where(
                TitleSourceIdRow.site == "myanimelist", TitleSourceIdRow.external_id == mal_id
            )
        )
        row = s.get(TitleRow, tid)
        assert row is not None
        return row


def _ids(store: Store, title_id: int) -> dict[str, str]:
    with store.session() as s:
        rows = s.execute(
            select(TitleSourceIdRow.site, TitleSourceIdRow.external_id).where(
                TitleSourceIdRow.title_id == title_id
            )
        )
        return dict(rows.all())


def _count(store: Store, table) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_formats_are_detected_from_content(catalog_dir: Path) -> None:
    names = {p.name: detect_format(p).name for p in sorted(catalog_dir.iterdir())}
    assert names == {
        "anidb.xml": "anidb-titles",
        "anime.csv": "cooperunion-csv",
        "mal.csv.gz": "mal-csv",
        "manami.json": "manami-json",
        "manami.jsonl": "manami-jsonl",
        "mappings.json": "anime-lists",
    }


def test_mal_mappings_and_anidb_merge_into_one_entity(store: Store, catalog_dir: Path) -> None:
    _import(store, catalog_dir / "mal.csv.gz")
    _import(store, catalog_dir / "mappings.json")
    report = _import(store, catalog_dir / "anidb.xml")
    assert report.titles_joined == 3 and report.titles_created == 1  # "Only On AniDB"
    bebop = _title_by_mal(store, "1")
    assert (bebop.name, bebop.media_type, bebop.episodes, bebop.year) == (
        "Cowboy Bebop",
        "TV",
        26,
        1998,
    )
    assert _ids(store, bebop.id) == {
        "myanimelist": "1",
        "anilist": "1",
        "anidb": "23",
        "kitsu": "1",
    }
    with store.session() as s:
        aliases = set(
            s.scalars(select(TitleAliasRow.name).where(TitleAliasRow.title_id == bebop.id))
        )
        tvdb = s.scalar(
            select(CatalogFactRow.value).where(
                CatalogFactRow.title_id == bebop.id, CatalogFactRow.field == "thetvdb_id"
            )
        )
    assert {"Cowboy Bebop", "カウボーイビバップ", "Bebop"} <= aliases
    assert tvdb == '"76885"'
    assert _count(store, TitleRow) == 6


def test_order_of_files_does_not_matter(store: Store, catalog_dir: Path) -> None:
    """AniDB before the mapping that joins it to MAL: the two titles merge, recorded."""
    _import(store, catalog_dir / "anidb.xml")
    _import(store, catalog_dir / "mal.csv.gz")
    assert _count(store, TitleRow) == 4 + 5
    report = _import(store, catalog_dir / "mappings.json")
    assert report.titles_merged == 3
    assert _count(store, TitleRow) == 6
    bebop = _title_by_mal(store, "1")
    assert bebop.name == "Cowboy Bebop" and _ids(store, bebop.id)["anidb"] == "23"
    with store.session() as s:
        merged = s.scalars(
            select(CatalogFactRow.value).where(
                CatalogFactRow.title_id == bebop.id, CatalogFactRow.source == "kansou"
            )
        ).all()
    assert len(merged) == 1 and "joined by anime-lists ids" in json.loads(merged[0])["reason"]


def test_reimport_is_idempotent_and_a_changed_file_updates_its_facts(
    store: Store, catalog_dir: Path
) -> None:
    from tests.catalog.conftest import MAL_HEADER, MAL_ROWS, write_csv

    path = catalog_dir / "mal.csv.gz"
    _import(store, path)
    counts = [_count(store, t) for t in (TitleRow, TitleAliasRow, CatalogFactRow)]
    again = _import(store, path)
    assert again.unchanged
    assert [_count(store, t) for t in (TitleRow, TitleAliasRow, CatalogFactRow)] == counts
    rows = [list(r) for r in MAL_ROWS]
    rows[2][8] = "12"  # Metallic Rouge now says 12 episodes
    rows.append(["60000", "New Show", "", "", "", "", "", "", "", "2025", "", "", ""])
    write_csv(path, MAL_HEADER, rows, gz=True)
    report = _import(store, path)
    assert (report.titles_created, report.titles_joined) == (1, 5)
    assert _title_by_mal(store, "54794").episodes == 12
    assert _count(store, CatalogFactRow) == counts[2] + 3  # the new show's name, year, aired


def test_conflicting_facts_keep_both_sources(store: Store, catalog_dir: Path) -> None:
    _import(store, catalog_dir / "mal.csv.gz")
    _import(store, catalog_dir / "mappings.json")
    report = _import(store, catalog_dir / "anime.csv")
    assert report.titles_created == 2  # Evangelion and Kuroko are not in the MAL slice
    bebop = _title_by_mal(store, "1")
    with store.session() as s:
        scores = dict(
            s.execute(
                select(CatalogFactRow.source, CatalogFactRow.value).where(
                    CatalogFactRow.title_id == bebop.id, CatalogFactRow.field == "score"
                )
            ).all()
        )
    assert scores == {"myanimelist": "8.75", "cooperunion": "8.82"}
    kuroko = _title_by_mal(store, "11771")
    assert kuroko.name == "Kuroko's Basketball"  # the HTML entity undone


def test_conflicts_are_reported(store: Store, catalog_dir: Path) -> None:
    from tests.catalog.conftest import write_csv

    _import(store, catalog_dir / "mal.csv.gz")
    path = write_csv(
        catalog_dir / "other.csv",
        ["anime_id", "name", "type", "episodes"],
        [["54794", "Metallic Rouge", "TV", "26"]],
    )
    report = _import(store, path)
    title = _title_by_mal(store, "54794")
    assert report.conflicts == (
        f"title {title.id} episodes: myanimelist says 13, cooperunion says 26",
    )
    assert title.episodes == 13  # MyAnimeList is trusted first


def test_manami_json_and_jsonl_carry_ids_facts_and_synonyms(
    store: Store, catalog_dir: Path
) -> None:
    _import(store, catalog_dir / "manami.json")
    rouge = _title_by_mal(store, "54794")
    assert (rouge.name, rouge.media_type, rouge.episodes, rouge.year) == (
        "Metallic Rouge",
        "TV",
        13,
        2024,
    )
    assert _ids(store, rouge.id) == {"myanimelist": "54794", "anilist": "155783"}
    with store.session() as s:
        facts = dict(
            s.execute(
                select(CatalogFactRow.field, CatalogFactRow.value).where(
                    CatalogFactRow.title_id == rouge.id
                )
            ).all()
        )
    assert json.loads(facts["studios"]) == ["bones"]
    assert json.loads(facts["episode_minutes"]) == 23
    assert json.loads(facts["status"]) == "finished"
    report = _import(store, catalog_dir / "manami.jsonl")
    assert (report.records, report.titles_created, report.titles_joined) == (2, 0, 2)
