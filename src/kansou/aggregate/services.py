"""Every site's own score for a title, side by side, and how they differ from the reviews.

The question users ask most is "what do AniList, MyAnimeList, Kitsu and AniDB
say?". Each site's own aggregate (a ``site_score`` claim, from a service API
or from a site's page) is one row here:

- one row per site, from the site's headline measure (AniList's
  ``averageScore``, AniDB's ``permanent`` rating; a secondary measure such as
  ``meanScore`` stays in the row's ``measures``);
- the newest answer is the row's value; earlier answers that said something
  else are its ``history`` (each changed answer is its own document, so a
  title's score over time is kept);
- every number keeps its document and span, so the page links to the field;
- ``comparison`` words the gap: the sites' spread, and where the consensus of
  individual reviews sits against the sites' mean ("AniList users 86,
  MyAnimeList users 88, reviews 79"). Site aggregates never enter the
  consensus: they are compared with it, not blended into it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from kansou.store import StoredClaim, StoredDocument

#: Gap (0-100 points) under which sites, or reviews and sites, are said to agree: half a
#: point on the 10-point scales MyAnimeList and AniDB use. A wording threshold, not fitted.
AGREE_WITHIN = 5.0
#: Site names as pages' adapters name them -> the name people know.
HISTORY_FIELDS = ("as_written", "shown", "normalized", "votes", "fetched_at", "document", "span")
SITE_NAMES = {"myanimelist": "MyAnimeList", "anilist": "AniList", "kitsu": "Kitsu",
              "anidb": "AniDB"}  # fmt: skip


def service_scores(
    claims: list[StoredClaim],
    documents: Mapping[int, StoredDocument],
    consensus: Mapping[str, Any],
    label_of: Any = None,
) -> dict[str, Any]:
    """The rows (one per site) and their comparison with the reviews' ``consensus``.

    ``label_of(document)`` names the site of a page's score when the claim
    does not (``aggregate.reception.source_label``).
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        entry = _entry(claim, documents.get(claim.document_id), label_of)
        if entry is not None:
            groups[entry["site"]].append(entry)
    rows = [_row(site, entries) for site, entries in sorted(groups.items())]
    return {"sites": rows, "comparison": compare(rows, consensus)}


def _entry(claim: StoredClaim, doc: StoredDocument | None, label_of: Any) -> dict[str, Any] | None:
    score = claim.data.get("score")
    if not isinstance(score, dict) or score.get("normalized") is None:
        return None
    site = claim.data.get("site")
    if not site:
        raw = label_of(doc) if (label_of is not None and doc is not None) else "unknown site"
        site = SITE_NAMES.get(str(raw).lower(), str(raw))
    spans = {
        "score": score.get("span") or list(claim.span),
        **(claim.data.get("field_spans") or {}),
    }
    written = score.get("as_written") or f"{score['value']:g}"
    return {
        "site": str(site),
        "service": claim.data.get("service"),
        "measure": claim.data.get("measure") or "score",
        "primary": claim.data.get("primary", True),
        "as_written": written,
        "shown": written if "/" in written else f"{written}/{score['scale_max']:g}",
        "value": score["value"],
        "scale_max": score["scale_max"],
        "normalized": score["normalized"],
        **{k: claim.data.get(k) for k in ("votes", "rank", "popularity", "members", "favorites")},
        "fetched_at": doc.fetched_at if doc is not None else None,
        "link": claim.data.get("link") or (doc.url if doc is not None else None),
        "document": claim.document_id,
        "span": list(claim.span),
        "spans": spans,
    }


def _row(site: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A site's newest headline score, its other measures, and what it said before."""
    headline = [e for e in entries if e["primary"]] or entries
    newest_first = sorted(headline, key=lambda e: (e["fetched_at"] or "", e["document"]),
                          reverse=True)  # fmt: skip
    latest = newest_first[0]
    history, seen = [], {(latest["value"], latest["votes"])}
    for e in newest_first[1:]:
        if (e["value"], e["votes"]) not in seen:
            seen.add((e["value"], e["votes"]))
            history.append({k: e[k] for k in HISTORY_FIELDS})
    measures = {
        e["measure"]: {k: e[k] for k in ("as_written", "normalized", "document", "span")}
        for e in entries
        if e["document"] == latest["document"] and not e["primary"]
    }
    return {**latest, "measures": measures, "history": history}


def compare(rows: list[dict[str, Any]], consensus: Mapping[str, Any]) -> dict[str, Any]:
    """How the sites differ from each other and from the reviews' consensus, in words."""
    parts = [f"{r['site']} users {r['normalized']:.0f}" for r in rows]
    reviews = consensus.get("score") if consensus.get("n") else None
    if reviews is not None:
        parts.append(f"reviews {reviews:.0f} (consensus of {consensus['n']})")
    out: dict[str, Any] = {"summary": ", ".join(parts), "spread": None, "reviews_minus_sites": None}
    notes = []
    if len(rows) >= 2:
        low = min(rows, key=lambda r: r["normalized"])
        high = max(rows, key=lambda r: r["normalized"])
        out["spread"] = round(high["normalized"] - low["normalized"], 2)
        notes.append(
            f"the sites agree within {AGREE_WITHIN:g} points" if out["spread"] <= AGREE_WITHIN
            else f"the sites differ by {out['spread']:.0f} points ({low['site']} "
            f"{low['normalized']:.0f} to {high['site']} {high['normalized']:.0f})"
        )  # fmt: skip
    if rows and reviews is not None:
        mean = sum(r["normalized"] for r in rows) / len(rows)
        gap = round(reviews - mean, 2)
        out["reviews_minus_sites"] = gap
        notes.append(
            "the reviews agree with the sites' users" if abs(gap) <= AGREE_WITHIN
            else f"the reviews score it {abs(gap):.0f} points {'below' if gap < 0 else 'above'}"
            " the sites' users"
        )  # fmt: skip
    out["differences"] = "; ".join(notes)
    return out
