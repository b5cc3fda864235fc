"""Kitsu source adapter: JSON:API answers whose ``data`` are ``anime`` resources.

Each anime resource states its names (``canonicalTitle``, ``titles`` per
locale, ``abbreviatedTitles``), facts, Kitsu's own aggregate
(``averageRating``, a percentage as written, e.g. "82.23"; votes are the sum
of ``ratingFrequencies``; ``ratingRank``, ``popularityRank``, ``userCount``,
``favoritesCount``), the rating distribution (Kitsu rates in twentieths,
keys "2" to "20") and, through ``included`` resources, genres, categories,
productions (studio, producer, licensor) and media relationships.
"""

from __future__ import annotations

from typing import Any

from kansou.extract.adapters.responses import JsonAnswer, parsed_json, pointer
from kansou.extract.adapters.service_claims import (
    ClaimSink,
    Figure,
    as_int,
    media_type,
    score_of,
    site_score,
    status,
    title_claim,
)
from kansou.extract.base import Extractor, register
from kansou.model import ClaimKind, Cleaned, Document, DocumentKind, Extraction

SITE = "Kitsu"
EXTRACTOR = "adapter:kitsu"
SCALE = 100.0
DISTRIBUTION_SCALE = 20.0
#: Kitsu's title locales -> language of the alias (en_jp is the romaji, no language).
LOCALES = {"en": "en", "en_us": "en", "en_jp": None, "ja_jp": "ja"}
PRODUCTION_ROLES = {
    "studio": (ClaimKind.STUDIO, None),
    "producer": (ClaimKind.PRODUCER, "producer"),
    "licensor": (ClaimKind.PRODUCER, "licensor"),
}
#: Aggregate figure -> Kitsu attribute that states it.
FIGURES = {"rank": "ratingRank", "popularity": "popularityRank", "members": "userCount",
           "favorites": "favoritesCount"}  # fmt: skip


def _anime_paths(value: Any) -> list[str]:
    data = value.get("data") if isinstance(value, dict) else None
    items = data if isinstance(data, list) else [data]
    return [pointer("data", i) if isinstance(data, list) else pointer("data")
            for i, item in enumerate(items)
            if isinstance(item, dict) and item.get("type") == "anime"
            and isinstance(item.get("attributes"), dict)]  # fmt: skip


@register
class KitsuAdapter(Extractor):
    """Kitsu JSON:API anime answers: averageRating, rating frequencies, ranks, facts,
    genres, categories, productions and relationships."""

    name = "kitsu"
    route = "adapter"
    site = SITE

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        return bool(_anime_paths(parsed_json(cleaned.text)))

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        answer = JsonAnswer(cleaned.text)
        paths = _anime_paths(answer.value)
        included = _included(answer)
        subject = None
        claims = []
        for path in paths:
            sink = ClaimSink(EXTRACTOR, SITE, self.name)
            name = _anime(answer, path, sink, included, subject=len(paths) > 1)
            subject = subject or (name if len(paths) == 1 else None)
            claims.extend(sink.claims)
        kind = DocumentKind.TITLE_PAGE if len(paths) == 1 else DocumentKind.LISTING
        return Extraction(kind, subject, tuple(claims), (self.name,))


Included = dict[tuple[str, str], tuple[str, dict[str, Any]]]


def _included(answer: JsonAnswer) -> Included:
    """Included resources by (type, id), each with its pointer."""
    out: Included = {}
    for i, item in enumerate(answer.get("/included") or []):
        if isinstance(item, dict) and item.get("type") and item.get("id") is not None:
            out[(str(item["type"]), str(item["id"]))] = (pointer("included", i), item)
    return out


def _anime(
    answer: JsonAnswer, path: str, sink: ClaimSink, included: Included, *, subject: bool
) -> str | None:
    """Every claim of one anime resource; in a list of several, each names its anime."""
    attrs = answer.get(path + "/attributes") or {}
    name = attrs.get("canonicalTitle")
    if not isinstance(name, str) or not name:
        return None
    own = name if subject else None
    at = path + "/attributes"
    sink.fallback = answer.field(at + "/canonicalTitle") or sink.fallback
    if not subject:
        title_claim(sink, name, {"kitsu": answer.get(path + "/id")}, sink.fallback)
    _names(answer, at, sink, name, own)
    _facts(answer, at, sink, own)
    _score(answer, path, sink, own)
    if not subject:
        _related(answer, path, sink, included)
    return name


def _names(answer: JsonAnswer, at: str, sink: ClaimSink, name: str, own: str | None) -> None:
    for locale, title in (answer.get(at + "/titles") or {}).items():
        if isinstance(title, str) and title and title != name:
            data = {"name": title, "language": LOCALES.get(locale), "synonym": False}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"{at}/titles/{locale}"), own)
    for i, title in enumerate(answer.get(at + "/abbreviatedTitles") or []):
        if isinstance(title, str) and title and title != name:
            data = {"name": title, "language": None, "synonym": True}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"{at}/abbreviatedTitles/{i}"), own)


def _facts(answer: JsonAnswer, at: str, sink: ClaimSink, own: str | None) -> None:
    attrs = answer.get(at) or {}
    written = attrs.get("subtype") or attrs.get("showType")
    if (kind := media_type(written)) is not None:
        sink.add(ClaimKind.MEDIA_TYPE, {"value": kind, "as_written": written},
                 answer.field(at + "/subtype"), own)  # fmt: skip
    if (episodes := as_int(attrs.get("episodeCount"))) is not None:
        sink.add(ClaimKind.EPISODE_COUNT, {"value": episodes},
                 answer.field(at + "/episodeCount"), own)  # fmt: skip
    if (minutes := as_int(attrs.get("episodeLength"))) is not None:
        sink.add(ClaimKind.EPISODE_MINUTES, {"value": minutes, "as_written": str(minutes)},
                 answer.field(at + "/episodeLength"), own)  # fmt: skip
    if (said := status(attrs.get("status"))) is not None:
        sink.add(ClaimKind.STATUS, said, answer.field(at + "/status"), own)
    for key, role in (("startDate", "start"), ("endDate", "end")):
        if isinstance(attrs.get(key), str) and attrs[key]:
            data = {"role": role, "date": attrs[key][:10], "as_written": attrs[key]}
            sink.add(ClaimKind.DATE, data, answer.field(f"{at}/{key}"), own)
    if isinstance(attrs.get("ageRating"), str) and attrs["ageRating"]:
        data = {"name": "age_rating", "value": attrs["ageRating"],
                "as_written": attrs.get("ageRatingGuide") or attrs["ageRating"]}  # fmt: skip
        sink.add(ClaimKind.STAT, data, answer.cover(at + "/ageRating", at + "/ageRatingGuide"), own)
    if isinstance(attrs.get("synopsis"), str) and attrs["synopsis"]:
        sink.add(ClaimKind.SYNOPSIS, {"text": attrs["synopsis"], "source": SITE},
                 answer.field(at + "/synopsis"), own)  # fmt: skip


def _score(answer: JsonAnswer, path: str, sink: ClaimSink, own: str | None) -> None:
    at = path + "/attributes"
    attrs = answer.get(at) or {}
    frequencies = attrs.get("ratingFrequencies")
    frequencies = frequencies if isinstance(frequencies, dict) else {}
    votes = {k: n for k, v in frequencies.items() if (n := as_int(v)) is not None}
    figures = {
        name: Figure(as_int(attrs.get(key)), answer.field(f"{at}/{key}"))
        for name, key in FIGURES.items()
    }
    total = sum(votes.values()) if votes else None
    figures["votes"] = Figure(total, answer.field(at + "/ratingFrequencies"))
    slug = attrs.get("slug") or answer.get(path + "/id")
    link = f"https://kitsu.app/anime/{slug}" if slug else None
    score = score_of(attrs.get("averageRating"), SCALE, answer.value_span(at + "/averageRating"))
    site_score(sink, score, measure="averageRating", primary=True, link=link,
               span=answer.field(at + "/averageRating"), figures=figures, subject=own)  # fmt: skip
    if any(votes.values()) and own is None:
        data = sink.stamped({"votes": votes, "scale_max": DISTRIBUTION_SCALE})
        sink.add(ClaimKind.SCORE_DISTRIBUTION, data, answer.field(at + "/ratingFrequencies"))


def _linked(answer: JsonAnswer, path: str, name: str) -> list[tuple[str, str]]:
    data = answer.get(f"{path}/relationships/{name}/data")
    return [(str(d["type"]), str(d["id"])) for d in data or [] if isinstance(d, dict)]


def _related(answer: JsonAnswer, path: str, sink: ClaimSink, included: Included) -> None:
    """Genres, categories, productions and relationships through ``included``."""
    for key, (kind, role, field) in {
        "genres": (ClaimKind.GENRE, None, "name"),
        "categories": (ClaimKind.GENRE, "theme", "title"),
    }.items():
        for ref in _linked(answer, path, key):
            where, item = included.get(ref, ("", {}))
            value = (item.get("attributes") or {}).get(field)
            if value:
                sink.add(kind, {"name": value, **({"role": role} if role else {})},
                         answer.field(where))  # fmt: skip
    for ref in _linked(answer, path, "animeProductions"):
        _, item = included.get(ref, ("", {}))
        role = (item.get("attributes") or {}).get("role")
        producer = ((item.get("relationships") or {}).get("producer") or {}).get("data") or {}
        at, company = included.get((str(producer.get("type")), str(producer.get("id"))), ("", {}))
        name = (company.get("attributes") or {}).get("name")
        if name and role in PRODUCTION_ROLES:
            kind, as_role = PRODUCTION_ROLES[role]
            sink.add(kind, {"name": name, **({"role": as_role} if as_role else {})},
                     answer.field(at + "/attributes/name"))  # fmt: skip
    for ref in _linked(answer, path, "mediaRelationships"):
        _, item = included.get(ref, ("", {}))
        target = ((item.get("relationships") or {}).get("destination") or {}).get("data") or {}
        found = (str(target.get("type")), str(target.get("id")))
        at, work = included.get(found, ("", {}))
        name = (work.get("attributes") or {}).get("canonicalTitle")
        if name:
            data = {"name": name, "relation": str((item.get("attributes") or {}).get("role")
                    or "").replace("_", " "), "media": found[0], "site": SITE,
                    "source_ids": {"kitsu": found[1]} if found[0] == "anime" else {}}  # fmt: skip
            sink.add(ClaimKind.RELATION, data, answer.field(at + "/attributes/canonicalTitle"))
