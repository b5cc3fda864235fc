"""Signals for the recommender harvested from the store: "similar" links and catalog titles.

A "similar" claim says the page's title is like another one. It becomes a
``SimilarLink`` between two MyAnimeList ids when both ends are known: the
claim's own title by its stored source id, the similar one by the id the page
linked to (``mal_id``) or, failing that, by a title of the same name that
has a MyAnimeList id. Links whose ends cannot be identified are left out.
"""

from __future__ import annotations

from kansou.aggregate.reception import source_label
from kansou.recommend.blend import SimilarLink
from kansou.resolve.names import title_key
from kansou.store import Store


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
    documents = {d.id: d for d in store.documents()}
    links = []
    for claim in store.claims(kinds=["similar"]):
        anchor = mal_of.get(claim.title_id) if claim.title_id is not None else None
        target = str(claim.data.get("mal_id") or "")
        name = title_key(str(claim.data.get("name", "")))
        other = int(target) if target.isdigit() else by_key.get(name)
        if anchor is None or other is None or anchor == other:
            continue
        doc = documents.get(claim.document_id)
        site = source_label(doc) if doc else "unknown"
        links.append(SimilarLink(anchor, other, site, int(claim.data.get("votes") or 1)))
    return links
