"""The library calls behind each page: one function per page, returning plain JSON-able data.

The HTML page and its ``/api/v1/`` twin render the same dict. Everything is
recomputed from stored claims (``aggregate.reception``) and cached by the
web layer per store generation.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kansou.aggregate.catalog import catalog_name, catalog_rows, entry_links
from kansou.aggregate.reception import title_reception
from kansou.aggregate.sources import source_names
from kansou.errors import NotFound
from kansou.serve import extras
from kansou.serve.limits import storable_id
from kansou.store import Store, StoredTitle
from kansou.store.queries import (
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    BrowseRow,
    browse,
    browse_rows,
    catalog_files,
    document_headers,
    latest_reviews,
    person_roles,
    search,
    season_order,
    title_by_id,
    title_document_ids,
    title_ids_by_name,
)

#: Width of a bin of the review score histogram (0-100 scale).
HISTOGRAM_BIN = 10
#: The title page's facts table, in this order; a field no source states is left out.
FACT_FIELDS = (
    "type", "episodes", "episode_minutes", "status", "start_date", "end_date", "season",
    "studios", "genres", "members", "rank", "popularity", "favorites", "trending_level",
)  # fmt: skip


def find_title(store: Store, title_id: int) -> StoredTitle:
    title = title_by_id(store, title_id) if storable_id(store, title_id) else None
    if title is not None:
        return title
    raise NotFound(f"no title with id {title_id}: see /api/v1/titles for the ids that exist")


def title_page(store: Store, title_id: int) -> dict[str, Any]:
    """The whole reception of a title plus what the page links to (similar, extras)."""
    title = find_title(store, title_id)
    documents = document_headers(store, title_document_ids(store, title_id))
    out = title_reception(store, title, documents)
    out["fact_rows"] = [f for f in FACT_FIELDS if out.get(f) not in (None, "", [])]
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
    """Every title a page or a catalog describes, with its consensus (``/api/v1/titles``)."""
    return [_title_row(r) for r in sorted(browse_rows(store), key=lambda r: r.name.casefold())]


def _title_row(r: BrowseRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "season": r.season,
        "studios": list(r.studios),
        "genres": list(r.genres),
        "n_reviews": r.n_reviews,
        "consensus": r.consensus,
        "verdict": r.verdict,
        "low": r.low,
        "high": r.high,
        "spread": r.spread,
        "divisive": r.divisive,
    }


#: Titles listed in each of the home page's lists, and reviews in "latest read".
HOME_LIST = 10


def home_page(store: Store, rows: list[BrowseRow]) -> dict[str, Any]:
    """What a fan opens kansou for: the latest season's titles by consensus, the most
    divisive titles, and the latest reviews read, each linking into its page.

    The latest season is the newest one in which some title has a consensus (a
    season of catalog entries nobody has reviewed yet says nothing about reception).
    """
    reviewed = [r for r in rows if r.consensus is not None]
    seasons = sorted({r.season for r in reviewed if r.season}, key=season_order, reverse=True)
    latest = seasons[0] if seasons else None
    in_season = browse(rows, season=latest, sort="consensus") if latest else []
    divisive = sorted(
        (r for r in reviewed if r.spread is not None), key=lambda r: (-r.divisive, -(r.spread or 0))
    )
    reviews = latest_reviews(store, HOME_LIST)
    names = source_names(store, document_headers(store, {r.document_id for r in reviews}))
    return {
        "season": latest,
        "season_titles": [_title_row(r) for r in in_season if r.consensus is not None][:HOME_LIST],
        "season_unreviewed": sum(1 for r in in_season if r.consensus is None),
        "divisive": [_title_row(r) for r in divisive[:HOME_LIST]],
        "latest_reviews": [
            {**asdict(r), "source": names.get(r.document_id, {}).get("label")} for r in reviews
        ],
        "n_titles": len(rows),
        "n_reviewed": len(reviewed),
    }


def catalog_page(store: Store, title_id: int) -> dict[str, Any]:
    """What every imported catalog says about a title: each fact with its file and line,
    the catalog's own page for the entry, and the imported files themselves."""
    title = find_title(store, title_id)
    facts = store.catalog_facts(title_id)
    rows = catalog_rows(facts)
    files = catalog_files(store)
    used = {r["file"] for r in rows}
    return {
        "id": title.id,
        "name": title.name,
        "facts": rows,
        "links": [
            {"catalog": c, "catalog_name": catalog_name(c), "url": u}
            for c, u in entry_links(facts).items()
        ],
        "files": [f for name, f in files.items() if name in used],
    }


def marked_snippet(snippet: str | None) -> dict[str, Any]:
    """A search snippet as plain text plus the ``[start, end)`` of each matched word
    (the index marks them with private-use characters; no reader should see those)."""
    if not snippet:
        return {"snippet": None, "highlights": []}
    text, highlights, start = [], [], None
    length = 0
    for ch in snippet:
        if ch == HIGHLIGHT_OPEN:
            start = length
        elif ch == HIGHLIGHT_CLOSE and start is not None:
            highlights.append([start, length])
            start = None
        else:
            text.append(ch)
            length += 1
    return {"snippet": "".join(text), "highlights": highlights}


def search_page(store: Store, query: str) -> dict[str, Any]:
    results = search(store, query)

    def hits(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "kind": h.kind,
                "id": h.id,
                "name": h.name,
                "title_id": h.title_id,
                **marked_snippet(h.snippet),
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
    names = source_names(store, document_headers(store, {r.document_id for r in roles}))
    return {
        "id": person_id,
        "name": people[0].name,
        "sources": {str(i): {"id": i, **n} for i, n in names.items()},
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
