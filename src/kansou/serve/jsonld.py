"""schema.org JSON-LD for a title page: a ``TVSeries`` with its ``AggregateRating`` and ``Review``s.

The aggregate rating is kansou's consensus on 0-100 (``bestRating`` 100) over
individual reviews only; site aggregates are not reviews and are left out.
The result is written into the page with ``security.script_json``.
"""

from __future__ import annotations

from typing import Any

#: Reviews listed in the JSON-LD (the page lists them all; crawlers need a few).
MAX_JSONLD_REVIEWS = 20


def title_jsonld(title: dict[str, Any], page_url: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Movie" if title.get("type") == "Movie" else "TVSeries",
        "name": title["name"],
        "url": page_url,
    }
    optional = {
        "alternateName": title.get("aliases") or None,
        "numberOfEpisodes": title.get("episodes"),
        "startDate": title.get("start_date"),
        "endDate": title.get("end_date"),
        "genre": title.get("genres") or None,
        "description": (title.get("synopsis") or {}).get("text"),
        "productionCompany": [{"@type": "Organization", "name": s} for s in title["studios"]]
        or None,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    c = title.get("consensus") or {}
    if c.get("n"):
        out["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": c["score"],
            "bestRating": 100,
            "worstRating": 0,
            "ratingCount": c["n"],
        }
    reviews = [_review(r) for r in title.get("reviews", [])[:MAX_JSONLD_REVIEWS]]
    if reviews:
        out["review"] = reviews
    return out


def _review(r: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Review"}
    if r.get("author"):
        out["author"] = {"@type": "Person", "name": r["author"]}
    if r.get("headline"):
        out["name"] = r["headline"]
    if r.get("date"):
        out["datePublished"] = r["date"]
    score = r.get("score")
    if score and score.get("normalized") is not None:
        out["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": score["normalized"],
            "bestRating": 100,
            "worstRating": 0,
        }
    return out
