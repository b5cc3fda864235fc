"""The reception of a title, assembled from stored claims: the library call behind
``kansou show``, ``kansou export json`` and the API.

Everything here is recomputed from claims on each call; nothing is stored.
Individual reviews, site aggregates (a site's own user score) and episode
scores are kept apart: only individual reviews feed the consensus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from kansou.aggregate.bands import with_verdict
from kansou.aggregate.calibration import LeniencyModel
from kansou.aggregate.catalog import (
    catalog_fields,
    catalog_name,
    catalog_rows,
    catalog_synopsis,
    entry_links,
    season_of,
    statement,
)
from kansou.aggregate.consensus import consensus
from kansou.aggregate.facts import Choice, choose, date_choices, provenance, studios
from kansou.aggregate.mentions import find_mentions
from kansou.aggregate.services import service_scores
from kansou.aggregate.sources import source_label, source_names
from kansou.aggregate.verdict import consensus_score, leniency_model, verdict
from kansou.resolve.names import title_key
from kansou.store import Store, StoredClaim, StoredDocument, StoredTitle

STATS = ("favorites", "trending_level", "members", "rank", "popularity")


def title_reception(
    store: Store,
    title: StoredTitle,
    documents: dict[int, StoredDocument],
    leniency: LeniencyModel | None = None,
) -> dict[str, Any]:
    claims = store.claims(title_id=title.id)
    catalog = store.catalog_facts(title.id)
    by_kind: dict[str, list[StoredClaim]] = defaultdict(list)
    for c in claims:
        by_kind[c.kind].append(c)
    facts = _facts(by_kind)
    cited = {c.document_id for c in claims}
    from_catalog = catalog_fields(catalog)
    reviews = [review_json(c) for c in by_kind["review"]]
    scored = [s for r in reviews if (s := consensus_score(r)) is not None]
    page_studios = studios(claims)
    out: dict[str, Any] = {
        "id": title.id,
        "name": title.name,
        "aliases": _spellings(title, by_kind["title"] + by_kind["alias"]),
        "source_ids": dict(title.source_ids),
        **_field_values(facts, from_catalog),
        "studios": [s["name"] for s in page_studios] or _catalog_list(from_catalog, "studios"),
        "studios_detail": page_studios,
        "dates": [_date_json(c) for c in by_kind["date"]],
        "genres": sorted(
            {str(c.data["name"]) for c in by_kind["genre"]}
            | set(_catalog_list(from_catalog, "genres"))
        ),
        "synopsis": _synopsis(by_kind["synopsis"]) or catalog_synopsis(catalog),
        "site_scores": _site_scores(by_kind["site_score"], documents) + _catalog_scores(catalog),
        "catalog": catalog_rows(catalog),
        "catalog_facts": from_catalog,
        "catalog_links": entry_links(catalog),
        "consensus": with_verdict(consensus(scored).to_dict()),
        "relations": _relations(by_kind["relation"]),
        "cast": _with_mentions(store, _cast(by_kind["cast"]), by_kind["review"]),
        "similar": [s["name"] for s in _similar(by_kind["similar"])],
        "similar_detail": _similar(by_kind["similar"]),
        "episodes_list": _episodes(by_kind["episode"]),
        "score_distribution": _distribution(by_kind["score_distribution"]),
        "facts": {f: c.stated for f, c in facts.items() if c is not None},
        "conflicts": _conflicts(facts, from_catalog),
        "n_documents": len({c.document_id for c in claims}),
        "reviews": reviews,
    }
    out["season"] = season_of(out["start_date"]) or next(
        (st["value"] for st in from_catalog.get("season", [])), None
    )
    names = source_names(store, {i: documents[i] for i in cited if i in documents})
    out["sources"] = {str(i): {"id": i, **name} for i, name in sorted(names.items())}
    out["service_scores"] = service_scores(
        by_kind["site_score"], documents, out["consensus"],
        lambda d: names[d.id]["site"] or names[d.id]["label"],
    )  # fmt: skip
    news = sorted(
        {c.document_id for c in claims if (d := documents.get(c.document_id)) and d.kind == "news"}
    )
    out.update(
        verdict(
            reviews,
            out["episodes_list"],
            news,
            {i: source_label(d) for i, d in documents.items()},
            _texts(store),
            leniency or store_leniency(store, documents),
        )
    )
    return out


def _texts(store: Store) -> Callable[[int], str]:
    cache: dict[int, str] = {}

    def text_of(document_id: int) -> str:
        if document_id not in cache:
            cache[document_id] = store.document_text(document_id) or ""
        return cache[document_id]

    return text_of


def store_leniency(store: Store, documents: dict[int, StoredDocument]) -> LeniencyModel:
    """Every source's leniency, learned from every scored review in the store."""
    history = []
    for c in store.claims(kinds=["review"]):
        score = consensus_score(c.data)
        if score is not None and c.title_id is not None:
            doc = documents.get(c.document_id)
            site = source_label(doc) if doc else ""
            history.append((str(c.data.get("author") or site), c.title_id, score))
    return leniency_model(history)


def _spellings(title: StoredTitle, claims: list[StoredClaim]) -> list[str]:
    """Every way the title is written: catalog aliases and each spelling a page used (the
    page and the card show a hashtag among them as a hashtag, not as a name)."""
    names = dict.fromkeys([*title.aliases, *(str(n) for c in claims if (n := c.data.get("name")))])
    return [n for n in names if n and n != title.name]


def _facts(by_kind: dict[str, list[StoredClaim]]) -> dict[str, Choice | None]:
    dates = date_choices(by_kind["date"])
    facts: dict[str, Choice | None] = {
        "type": choose(by_kind["media_type"], lambda c: c.data.get("value")),
        "episodes": choose(by_kind["episode_count"], lambda c: c.data.get("value")),
        "episode_minutes": choose(by_kind["episode_minutes"], lambda c: c.data.get("value")),
        "status": choose(by_kind["status"], lambda c: c.data.get("value")),
        "start_date": dates["start"],
        "end_date": dates["end"],
    }
    for stat in STATS:
        facts[stat] = choose(
            [c for c in by_kind["stat"] if c.data.get("name") == stat],
            lambda c: c.data.get("value"),
        )
    return facts


def _field_values(
    facts: dict[str, Choice | None], from_catalog: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Each field's value: the pages' choice, else the first catalog that states it."""
    out = {}
    for field, choice in facts.items():
        stated = from_catalog.get(field) or [{"value": None}]
        out[field] = choice.value if choice is not None else stated[0]["value"]
    return out


def _catalog_list(from_catalog: dict[str, list[dict[str, Any]]], field: str) -> list[str]:
    return list(dict.fromkeys(v for st in from_catalog.get(field, []) for v in st["value"]))


def _conflicts(
    facts: dict[str, Choice | None], from_catalog: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Fields whose sources disagree: pages among themselves, or a catalog with the pages."""
    out = []
    for field, choice in facts.items():
        if choice is None:
            continue
        differing = [st for st in from_catalog.get(field, []) if st["value"] != choice.value]
        if choice.conflicting or differing:
            out.append({"field": field, "stated": choice.stated, "catalog": differing})
    return out


def _date_json(c: StoredClaim) -> dict[str, Any]:
    role = c.data.get("role")
    return {
        "date": c.data.get("date"),
        "role": c.data.get("reconciled_role") or role,
        "role_as_written": role,
        "as_written": c.data.get("as_written"),
        "document": c.document_id,
        "span": list(c.span),
    }


def score_json(score: dict[str, Any] | None) -> dict[str, Any] | None:
    if not score:
        return None
    out: dict[str, Any] = {k: score[k] for k in ("value", "scale_max", "normalized") if k in score}
    out["as_written"] = score.get("as_written")
    if score.get("span"):
        out["span"] = score["span"]
    return out


def review_json(c: StoredClaim) -> dict[str, Any]:
    d = c.data
    aspects = {
        name: {**(score_json(s) or {}), "origin": s.get("origin", "stated")}
        for name, s in (d.get("aspects") or {}).items()
    }
    return {
        "id": c.id,
        "title_id": c.title_id,
        "document": c.document_id,
        "author": d.get("author"),
        "headline": d.get("headline"),
        "score": score_json(d.get("score")),
        "status": d.get("status"),
        "span": list(c.span),
        "text": d.get("text"),
        "text_span": d.get("text_span"),
        "date": d.get("date"),
        "updated": d.get("updated"),
        "episodes_seen": d.get("episodes_seen"),
        "helpful": d.get("helpful"),
        "aspects": aspects,
        "aspects_rated": d.get("aspects_rated"),
        "syndicated_from": d.get("syndicated_from"),
        "episode": d.get("episode"),
    }


def _site_scores(
    claims: list[StoredClaim], documents: dict[int, StoredDocument]
) -> list[dict[str, Any]]:
    """One entry per site and value: a site shows its score on every page (sidebars),
    which is one statement seen many times, not many aggregates."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in claims:
        entry = _site_score(c, documents)
        key = (entry["source"], entry["value"], entry["scale_max"], entry["votes"])
        if key in out:
            out[key]["documents"].append(c.document_id)
        else:
            out[key] = {**entry, "documents": [c.document_id]}
    return list(out.values())


def _site_score(c: StoredClaim, documents: dict[int, StoredDocument]) -> dict[str, Any]:
    score = c.data["score"]
    doc = documents.get(c.document_id)
    site = c.data.get("site")
    return {
        "source": site or (source_label(doc) if doc else str(c.document_id)),
        "value": score["value"],
        "scale_max": score["scale_max"],
        "normalized": score["normalized"],
        "votes": c.data.get("votes"),
        "document": c.document_id,
        "span": list(c.span),
    }


def _catalog_scores(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A catalog's own user score for the title (MyAnimeList's x/10), as a site aggregate."""
    out: list[dict[str, Any]] = []
    members = {f["source"]: f["value"] for f in facts if f["field"] == "members"}
    for f in facts:
        if f["field"] != "score" or not isinstance(f["value"], int | float):
            continue
        votes = members.get(f["source"])
        out.append(
            {
                "source": f"{catalog_name(f['source'])} (catalog)",
                "value": f["value"],
                "scale_max": 10.0,
                "normalized": round(10.0 * float(f["value"]), 2),
                "votes": None,
                "members": votes if isinstance(votes, int) else None,
                "document": None,
                "span": None,
                "catalog": statement(f, f["value"]),
                "documents": [],
            }
        )
    return out


def _relations(claims: list[StoredClaim]) -> list[dict[str, Any]]:
    """Related works (sequels, side stories, adaptations) once per name and relation."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for c in claims:
        key = (title_key(str(c.data.get("name"))), str(c.data.get("relation") or ""))
        entry = out.setdefault(key, {"name": c.data.get("name"), "relation": key[1],
                                     "media": c.data.get("media"), "sites": [],
                                     "document": c.document_id, "span": list(c.span)})  # fmt: skip
        if c.data.get("site") and c.data["site"] not in entry["sites"]:
            entry["sites"].append(c.data["site"])
    return list(out.values())


def _synopsis(claims: list[StoredClaim]) -> dict[str, Any] | None:
    if not claims:
        return None
    best = max(claims, key=lambda c: (c.confidence, len(c.data.get("text") or "")))
    return {
        "text": best.data.get("text"),
        "source": best.data.get("source"),
        "document": best.document_id,
        "span": list(best.span),
    }


def _cast(claims: list[StoredClaim]) -> list[dict[str, Any]]:
    seen: dict[tuple[Any, Any], dict[str, Any]] = {}
    for c in claims:
        key = (c.character_id or c.data.get("character"), c.person_id or c.data.get("actor"))
        if key in seen:
            seen[key]["documents"].append(c.document_id)
            continue
        seen[key] = {
            "character": c.data.get("character"),
            "actor": c.data.get("actor"),
            "character_id": c.character_id,
            "person_id": c.person_id,
            "role": c.data.get("role"),
            "language": c.data.get("language"),
            "documents": [c.document_id],
            "span": list(c.span),
        }
    return list(seen.values())


def _with_mentions(
    store: Store, cast: list[dict[str, Any]], reviews: list[StoredClaim]
) -> list[dict[str, Any]]:
    """Each cast entry gains where reviews name the character, as they spelled it."""
    names = [str(c["character"]) for c in cast if c.get("character")]
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    texts: dict[int, str] = {}
    for review in reviews:
        if review.document_id not in texts:
            texts[review.document_id] = store.document_text(review.document_id) or ""
        start, end = review.span
        for name, hits in find_mentions(texts[review.document_id][start:end], names).items():
            for hit in hits:
                span = [hit["span"][0] + start, hit["span"][1] + start]
                found[name].append(
                    {"as_written": hit["as_written"], "span": span, "document": review.document_id}
                )
    return [{**c, "mentions": found.get(str(c.get("character")), [])} for c in cast]


#: Reasons kept per similar title in the reception (every reason stays in the claims).
SIMILAR_REASONS = 3


def _similar(claims: list[StoredClaim]) -> list[dict[str, Any]]:
    """Similar titles once each (by name key), with votes, reasons and who said so."""
    out: dict[str, dict[str, Any]] = {}
    for c in claims:
        name = str(c.data["name"])
        entry = out.setdefault(
            title_key(name),
            {
                "name": name,
                "mal_id": c.data.get("mal_id"),
                "votes": 0,
                "reasons": [],
                "documents": [],
            },
        )
        entry["votes"] += int(c.data.get("votes") or 1)
        reasons = c.data.get("reasons") or ([c.data["reason"]] if c.data.get("reason") else [])
        entry["reasons"] = (entry["reasons"] + list(reasons))[:SIMILAR_REASONS]
        entry["documents"].append(c.document_id)
    return list(out.values())


def _episodes(claims: list[StoredClaim]) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for c in sorted(claims, key=lambda c: int(c.data["number"])):
        number = int(c.data["number"])
        row = rows.setdefault(
            number, {"number": number, "title": None, "aired": None, "scores": []}
        )
        row["title"] = row["title"] or c.data.get("title")
        row["aired"] = row["aired"] or c.data.get("aired")
        if c.data.get("score"):
            row["scores"].append({**(score_json(c.data["score"]) or {}), "document": c.document_id})
    return list(rows.values())


def _distribution(claims: list[StoredClaim]) -> dict[str, int] | None:
    if not claims:
        return None
    return dict(max(claims, key=lambda c: sum(c.data.get("votes", {}).values())).data["votes"])


def news_json(store: Store, document: StoredDocument) -> dict[str, Any] | None:
    claims = store.claims(document_id=document.id)
    headline = next((c for c in claims if c.kind == "headline"), None)
    if headline is None:
        return None
    return {
        "document": document.id,
        "title_ids": sorted({c.title_id for c in claims if c.title_id is not None}),
        "headline": headline.data["text"],
        "headline_span": list(headline.span),
        "key_points": [c.data["text"] for c in claims if c.kind == "key_point"],
        "key_point_spans": [list(c.span) for c in claims if c.kind == "key_point"],
    }


__all__ = ["news_json", "provenance", "review_json", "source_label", "title_reception"]
