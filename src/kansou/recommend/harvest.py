"""Signals for the recommender harvested from the store: "similar" links and catalog titles.

A "similar" claim says the page's title is like another one. It becomes a
``SimilarLink`` between two MyAnimeList ids when both ends are known: the
claim's own title by its stored source id, the similar one by the id the page
linked to (``mal_id``) or, failing that, by a title of the same name that
has a MyAnimeList id. Links whose ends cannot be identified are left out.
"""

from __future__ import annotations

import json
from typing import Any

from kansou.aggregate.sources import source_names
from kansou.recommend.blend import SimilarLink
from kansou.recommend.catalog import MAL_THEME_TAGS
from kansou.recommend.content import TitleRecord
from kansou.resolve.names import title_key
from kansou.store import Store, StoredTitle
from kansou.store.queries import document_headers


def links_from_store(store: Store) -> list[SimilarLink]:
    titles = store.titles()
    mal_of = {
        t.id: int(t.source_ids["myanimelist"])
        for t in titles
        if str(t.source_ids.get("myanimelist", "")).isdigit()
    }
    by_key: dict[str, int] = {}
    for t in titles:
        if t.id in mal_of:
            for name in (t.name, *t.aliases):
                by_key.setdefault(title_key(name), mal_of[t.id])
    claims = store.claims(kinds=["similar"])
    documents = document_headers(store, {c.document_id for c in claims})
    names = source_names(store, documents)
    links = []
    for claim in claims:
        anchor = mal_of.get(claim.title_id) if claim.title_id is not None else None
        target = str(claim.data.get("mal_id") or "")
        name = title_key(str(claim.data.get("name", "")))
        other = int(target) if target.isdigit() else by_key.get(name)
        if anchor is None or other is None or anchor == other:
            continue
        name_of = names.get(claim.document_id) or {}
        site = str(name_of.get("site") or name_of.get("label") or "a stored page")
        links.append(SimilarLink(anchor, other, site, int(claim.data.get("votes") or 1)))
    return links


def records_from_store(store: Store) -> list[TitleRecord]:
    """Every title with a MyAnimeList id, named and described as the imported catalogs
    and the stored pages describe it: its name and aliases, genres and themes (MAL's
    tags split as ``catalog.MAL_THEME_TAGS`` splits them), studios and synopsis."""
    from sqlalchemy import select

    from kansou.store.catalog_schema import CatalogFactRow

    titles = [t for t in store.titles() if str(t.source_ids.get("myanimelist", "")).isdigit()]
    wanted = {"genres", "studios", "synopsis", "tags"}
    facts: dict[int, dict[str, Any]] = {}
    with store.session() as s:
        rows = s.execute(
            select(CatalogFactRow.title_id, CatalogFactRow.field, CatalogFactRow.value).where(
                CatalogFactRow.field.in_(sorted(wanted))
            )
        )
        for title_id, field, value in rows:
            facts.setdefault(int(title_id), {}).setdefault(field, json.loads(value))
    return [_record(t.source_ids["myanimelist"], t, facts.get(t.id, {})) for t in titles]


def _record(mal_id: str, title: StoredTitle, facts: dict[str, Any]) -> TitleRecord:
    tags = [str(g) for g in facts.get("genres") or [] if g]
    synopsis = facts.get("synopsis")
    return TitleRecord(
        mal_id=int(mal_id),
        name=title.name,
        genres=tuple(t for t in tags if t.lower() not in MAL_THEME_TAGS),
        themes=tuple(t for t in tags if t.lower() in MAL_THEME_TAGS),
        studios=tuple(str(s) for s in facts.get("studios") or []),
        synopsis=synopsis if isinstance(synopsis, str) else "",
        aliases=tuple(title.aliases),
    )
