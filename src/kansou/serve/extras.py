"""Parts of the title page that come from other stages: aspects, praise and criticism,
recommendations.

Each answers ``{"available": bool, "reason": str | None, "items": [...]}``.
When the capability is missing from this build, or cannot answer for this
title, ``available`` is false and ``reason`` says why, and the page shows
that plainly. Nothing is made up in its place.

- **Aspects**: the title's aspect bars are the mean, on 0-100, of the aspect
  scores stored on its reviews (stated sub-scores, or read from the text by
  ``kansou.aggregate.aspects``), with how many reviews each rests on and the
  sentences they came from.
- **Praise and criticism**: ``kansou.aggregate.points.title_points`` when
  the build has it.
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
from kansou.store.queries import title_ids_by_source

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
    """Mean aspect score per aspect over the title's reviews, with counts and source sentences."""
    if _module("kansou.aggregate.aspects") is None:
        return unavailable("aspect scores are not computed by this build of kansou")
    scores: dict[str, list[float]] = defaultdict(list)
    quotes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    origins: dict[str, set[str]] = defaultdict(set)
    for review in reception.get("reviews", []):
        for name, a in (review.get("aspects") or {}).items():
            if a.get("normalized") is None:
                continue
            scores[name].append(float(a["normalized"]))
            origins[name].add(str(a.get("origin") or "stated"))
            for span in (a.get("spans") or [])[:1]:
                quotes[name].append({"document": review["document"], "span": list(span)})
    items = [
        {
            "name": name,
            "score": round(sum(values) / len(values), 1),
            "n": len(values),
            "origins": sorted(origins[name]),
            "quotes": quotes[name][:ASPECT_QUOTES],
        }
        for name, values in sorted(scores.items())
    ]
    return {"available": True, "reason": None, "items": items}


def points(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Recurring praise and criticism with quotes, from ``kansou.aggregate.points``."""
    module = _module("kansou.aggregate.points")
    if module is None:
        out = unavailable("recurring praise and criticism are not computed by this build of kansou")
        return {**out, "praise": [], "criticism": []}
    found = module.recurring_points(review_texts(store, reception.get("reviews", [])))
    return {
        "available": True,
        "reason": None,
        "items": [],
        "praise": found.get("praise", []),
        "criticism": found.get("criticism", []),
    }


def review_texts(store: Store, reviews: list[dict[str, Any]]) -> list[Any]:
    """Each review's text where it stands in its document, so quotes get true spans.

    A review whose text cannot be found in its document is left out rather
    than quoted with a span that would point elsewhere.
    """
    from kansou.aggregate.points import ReviewText

    texts: dict[int, str] = {}
    out = []
    for r in reviews:
        body = r.get("text")
        if not body:
            continue
        doc = int(r["document"])
        if doc not in texts:
            texts[doc] = store.document_text(doc) or ""
        where = r.get("text_span") or r.get("span") or [0, 0]
        if texts[doc][where[0] : where[0] + len(body)] == body:
            out.append(ReviewText(doc, body, where[0]))
        elif (found := texts[doc].find(body, where[0])) >= 0:
            out.append(ReviewText(doc, body, found))
    return out


@lru_cache(maxsize=4)
def _recommender(db_url: str) -> Any:
    from kansou.recommend import open_recommender

    return open_recommender(db_url)


def recommendations(store: Store, title: StoredTitle, reception: dict[str, Any]) -> dict[str, Any]:
    """Titles like this one from ``kansou.recommend``, each with its reasons."""
    if _module("kansou.recommend.personal") is None:
        return unavailable("recommendations are not computed by this build of kansou")
    mal_id = title.source_ids.get(MAL_SITE)
    if not mal_id or not str(mal_id).isdigit():
        return unavailable("no MyAnimeList id is known for this title, so kansou cannot recommend")
    try:
        recommender = _recommender(store.engine.url.render_as_string(hide_password=False))
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
