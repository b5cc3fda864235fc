"""Pages ingested before the catalog end up on the catalog's title, beside its facts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy import select

from kansou.catalog.link import match_title, relink_with_catalog
from kansou.catalog.merge import import_catalog
from kansou.pipeline import ingest
from kansou.resolve.people import same_person
from kansou.store import Store
from kansou.store.catalog_schema import CatalogFactRow
from kansou.store.schema import CharacterRow, ClaimRow

DEMO = Path(str(resources.files("kansou") / "demo_data"))


def _import_slice(store: Store) -> None:
    for name in ("catalog-slice.csv", "catalog-slice-ids.json"):
        with store.session() as s:
            import_catalog(s, DEMO / name)


def test_seeds_ingested_first_attach_to_mal_54794(store: Store) -> None:
    ingest([str(DEMO / "seeds")], store)
    _import_slice(store)
    report = relink_with_catalog(store)
    assert [(r.name, r.catalog_name, r.strength) for r in report.linked] == [
        ("Metallic Rouge", "Metallic Rouge", "strong")
    ]
    (rouge,) = store.titles_with_claims()
    assert rouge.source_ids["myanimelist"] == "54794"
    with store.session() as s:
        unlinked = s.scalars(select(ClaimRow.id).where(ClaimRow.title_id.is_(None))).all()
        mal_facts = dict(
            s.execute(
                select(CatalogFactRow.field, CatalogFactRow.value).where(
                    CatalogFactRow.title_id == rouge.id, CatalogFactRow.source == "myanimelist"
                )
            ).all()
        )
        characters = set(
            s.scalars(select(CharacterRow.name).where(CharacterRow.title_id == rouge.id))
        )
    assert unlinked == []
    assert mal_facts["episodes"] == "13" and mal_facts["year"] == "2024"
    assert "Naomi Orthmann" in characters
    assert not [(a, b) for a in characters for b in characters if a < b and same_person(a, b)]


def test_relink_twice_changes_nothing(store: Store) -> None:
    ingest([str(DEMO / "seeds")], store)
    _import_slice(store)
    relink_with_catalog(store)
    again = relink_with_catalog(store)
    assert (again.linked, again.queued, again.people_merged) == ((), 0, 0)


def test_match_title_links_strong_matches_and_queues_weak_ones(store: Store) -> None:
    _import_slice(store)
    with store.session() as s:
        bebop = match_title(s, "COWBOY BEBOP")
        assert bebop is not None
        assert (
            s.scalar(
                select(CatalogFactRow.value).where(
                    CatalogFactRow.title_id == bebop,
                    CatalogFactRow.field == "name",
                    CatalogFactRow.source == "myanimelist",
                )
            )
            == '"Cowboy Bebop"'
        )
        assert match_title(s, "Cowboy Bebop: Tengoku no Tobira") != bebop
        assert match_title(s, "Completely Unknown Show") is None
