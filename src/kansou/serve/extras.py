"""Parts of the title page that come from other stages: aspects, praise and criticism,
recommendations.

Each answers ``{"available": bool, "reason": str | None, "items": [...]}``.
When the capability is missing from this build, or cannot answer for this
title, ``available`` is false and ``reason`` says why, and the page shows
that plainly. Nothing is made up in its place.

- **Aspects**: the reception's per-aspect consensus (stated sub-scores, or
  read from the text by ``kansou.aggregate.aspects``), with how many reviews
  each rests on and the sentences they came from.
- **Praise and criticism**: the reception's recurring points.
- **Recommendations**: ``kansou.recommend.open_recommender(...).similar_titles``
  for a title with a MyAnimeList id; the recommender is opened once per
  server (training it is not a per-request cost).
"""

from __future__ import annotations

import importlib
import logging
from collections import defaultdict
from functools import lru_cache
from types import ModuleType
from typing import Any

from kansou.errors import KansouError
from kansou.store import Store, StoredTitle
from kansou.store.queries import generation, title_ids_by_source
from kansou.wording import origin_words, words

log = logging.getLogger(__name__)
MAL_SITE = "myanimelist"
#: Recommendations shown on a title page.
RECOMMENDATIONS_SHOWN = 8
#: Sentences kept per aspect as quotes.
ASPECT_QUOTES = 3


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            return None
        raise


def unavailable(reason: str) -> dict[str, Any]:
    return {"available": False, "reason": reason, "items": []}


def aspects(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """The title's aspect bars: the reception's per-aspect consensus (``aggregate.aspects``),
    with the sentences of its reviews that each aspect was read from."""
    per_aspect = reception.get("aspects") or {}
    quotes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for review in reception.get("reviews", []):
        for name, a in (review.get("aspects") or {}).items():
            for span in (a.get("spans") or [])[:1]:
                quotes[name].append({"document": review["document"], "span": list(span)})
    items = [
        {
            "name": name,
            "label": words(name),
            "origin_words": origin_words(a.get("stated", 0), a.get("text", 0)),
            "score": a["score"],
            "low": a["low"],
            "high": a["high"],
            "n": a["n"],
            "stated": a.get("stated", 0),
            "text": a.get("text", 0),
            "disagreement": (a.get("disagreement") or {}).get("note"),
            "origins": [k for k in ("stated", "text") if a.get(k)],
            "quotes": quotes[name][:ASPECT_QUOTES],
        }
        for name, a in per_aspect.items()
        if a.get("score") is not None
    ]
    return {"available": True, "reason": None, "items": items}


def points(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Recurring praise and criticism with quotes, as the reception computed them."""
    return {
        "available": True,
        "reason": None,
        "items": [],
        "praise": reception.get("praise", []),
        "criticism": reception.get("criticism", []),
    }


@lru_cache(maxsize=4)
def _recommender(store: Store, db_url: str, generation: str) -> Any:
    """The recommender of one store as it stands (``generation``): the titles' names and
    content from its catalogs and pages, its harvested links, its ratings' model."""
    from kansou.recommend import open_recommender
    from kansou.recommend.harvest import links_from_store, records_from_store

    return open_recommender(db_url, records_from_store(store), links_from_store(store))


def recommendations(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Titles like this one from ``kansou.recommend``, each with its reasons."""
    if _module("kansou.recommend.personal") is None:
        return unavailable("recommendations are not computed by this build of kansou")
    mal_id = title.source_ids.get(MAL_SITE)
    if not mal_id or not str(mal_id).isdigit():
        return unavailable("no MyAnimeList id is known for this title, so kansou cannot recommend")
    try:
        url = store.engine.url.render_as_string(hide_password=False)
        recommender = _recommender(store, url, generation(store).tag)
        found = recommender.similar_titles(int(mal_id), RECOMMENDATIONS_SHOWN)
    except KansouError as exc:
        return unavailable(exc.message)
    known = title_ids_by_source(store, MAL_SITE, [str(r.mal_id) for r in found])
    items = [
        {
            "name": r.name,
            "mal_id": r.mal_id,
            "title_id": known.get(str(r.mal_id)),
            "reason": "; ".join(r.reasons) or "similar by kansou's blended score",
            "score": round(r.score, 4),
        }
        for r in found
    ]
    return {"available": True, "reason": None, "items": items}
