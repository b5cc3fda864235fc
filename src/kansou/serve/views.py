"""The library calls behind each page: one function per page, returning plain JSON-able data.

The HTML page and its ``/api/v1/`` twin render the same dict. Everything is
recomputed from stored claims (``aggregate.reception``) and cached by the
web layer per store generation.
"""

from __future__ import annotations

from typing import Any

from kansou.aggregate.reception import source_label, title_reception
from kansou.errors import NotFound
from kansou.serve import extras
from kansou.serve.limits import storable_id
from kansou.serve.security import safe_url
from kansou.store import Store, StoredDocument, StoredTitle
from kansou.store.queries import (
    browse_rows,
    document_headers,
    person_roles,
    search,
    title_by_id,
    title_document_ids,
    title_ids_by_name,
)

#: Width of a bin of the review score histogram (0-100 scale).
HISTOGRAM_BIN = 10


def find_title(store: Store, title_id: int) -> StoredTitle:
    title = title_by_id(store, title_id) if storable_id(store, title_id) else None
    if title is not None:
        return title
    raise NotFound(f"no title with id {title_id}: see /api/v1/titles for the ids that exist")


def source_json(document: StoredDocument) -> dict[str, Any]:
    return {
        "id": document.id,
        "label": source_label(document),
        "url": safe_url(document.url),
        "kind": document.kind,
    }


def title_page(store: Store, title_id: int) -> dict[str, Any]:
    """The whole reception of a title plus what the page links to (sources, similar, extras)."""
    title = find_title(store, title_id)
    documents = document_headers(store, title_document_ids(store, title_id))
    out = title_reception(store, title, documents)
    cited = {r["document"] for r in out["reviews"]} | {
        s["document"] for stated in out["facts"].values() for s in stated
    }
    cited |= {s["document"] for s in out["site_scores"]} | {d["document"] for d in out["dates"]}
    cited |= {s["document"] for s in out["service_scores"]["sites"]}
    out["sources"] = {str(i): source_json(documents[i]) for i in sorted(cited) if i in documents}
    out["similar_titles"] = similar_titles(store, title_id)
    out["score_histogram"] = score_histogram(out["reviews"])
    out["aspect_bars"] = extras.aspects(store, title, out)
    out["points"] = extras.points(store, title, out)
    out["recommendations"] = extras.recommendations(store, title, out)
    return out


def similar_titles(store: Store, title_id: int) -> list[dict[str, Any]]:
    """Titles the sources call similar, once each, with votes and reasons, linked when known."""
    claims = store.claims(title_id=title_id, kinds=["similar"])
    known = title_ids_by_name(store, [str(c.data.get("name") or "") for c in claims])
    out: dict[str, dict[str, Any]] = {}
    for c in claims:
        name = str(c.data.get("name") or "")
        if not name:
            continue
        entry = out.setdefault(
            name.casefold(),
            {"name": name, "title_id": known.get(name), "votes": 0, "reasons": [],
             "document": c.document_id, "span": list(c.span)},
        )  # fmt: skip
        entry["votes"] += int(c.data.get("votes") or 1)
        for reason in c.data.get("reasons") or ([c.data["reason"]] if c.data.get("reason") else []):
            if reason not in entry["reasons"]:
                entry["reasons"].append(str(reason))
    for entry in out.values():
        entry["reason"] = "; ".join(entry["reasons"][:3]) or "listed as similar by the source"
    return sorted(out.values(), key=lambda e: -e["votes"])


def score_histogram(reviews: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts of individual review scores in ``HISTOGRAM_BIN``-wide bins (0-9 ... 90-100)."""
    bins = [0] * (100 // HISTOGRAM_BIN)
    for review in reviews:
        score = review.get("score")
        if score and score.get("normalized") is not None:
            bins[min(int(score["normalized"] // HISTOGRAM_BIN), len(bins) - 1)] += 1
    return [
        {"low": i * HISTOGRAM_BIN, "high": (i + 1) * HISTOGRAM_BIN, "count": n}
        for i, n in enumerate(bins)
    ]


def title_list(store: Store) -> list[dict[str, Any]]:
    """Every title with claims, with its consensus and review count (the home page)."""
    return [
        {
            "id": r.id,
            "name": r.name,
            "season": r.season,
            "studios": list(r.studios),
            "genres": list(r.genres),
            "n_reviews": r.n_reviews,
            "consensus": r.consensus,
            "low": r.low,
            "high": r.high,
            "spread": r.spread,
            "divisive": r.divisive,
        }
        for r in sorted(browse_rows(store), key=lambda r: r.name.casefold())
    ]


def search_page(store: Store, query: str) -> dict[str, Any]:
    results = search(store, query)

    def hits(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "kind": h.kind,
                "id": h.id,
                "name": h.name,
                "title_id": h.title_id,
                "snippet": h.snippet,
                "matched": h.matched,
                "title": h.title,
            }
            for h in items
        ]

    return {
        "query": query,
        "fuzzy": results.fuzzy,
        "titles": hits(results.titles),
        "people": hits(results.people),
        "reviews": hits(results.reviews),
    }


def person_page(store: Store, person_id: int) -> dict[str, Any]:
    people = store.people([person_id]) if storable_id(store, person_id) else []
    if not people:
        raise NotFound(f"no person with id {person_id}")
    roles = person_roles(store, person_id)
    return {
        "id": person_id,
        "name": people[0].name,
        "roles": [
            {
                "title_id": r.title_id,
                "title": r.title,
                "credit": r.credit,
                "role": r.role,
                "document": r.document_id,
                "span": list(r.span),
            }
            for r in roles
        ],
    }
