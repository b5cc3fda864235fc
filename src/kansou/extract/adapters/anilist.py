"""AniList source adapter: GraphQL answers ``{"data": {"Media": ...}}`` read field by field.

A ``Media`` answer states the anime (romaji title, English and native names,
synonyms; its AniList and MyAnimeList ids), its facts, AniList's own scores
(``averageScore``, the weighted score AniList shows, as the headline; the
plain ``meanScore`` beside it; rankings, popularity, favourites), the score
and status distributions, reviews with their 0-100 scores, recommendations
with their ratings, characters with voice actors, staff, studios and
relations. Connections are read under AniList's field names and the aliases
its own web client uses (``characterPreview``, ``staffPreview``,
``reviewPreview``). A review preview without a score or body (a link to a
review, not the review) is not a review. ``Page`` answers list media: each is
a listing entry. Every claim's span is the field it was read from.
"""

from __future__ import annotations

from typing import Any

from kansou.extract.adapters.responses import JsonAnswer, parsed_json, pointer
from kansou.extract.adapters.service_claims import (
    ClaimSink,
    Figure,
    as_int,
    media_type,
    request_of,
    score_of,
    site_score,
    status,
    title_claim,
)
from kansou.extract.base import Extractor, register
from kansou.model import ClaimKind, Cleaned, Document, DocumentKind, Extraction

SITE = "AniList"
EXTRACTOR = "adapter:anilist"
SCALE = 100.0
STAFF_LANGUAGE = {"JAPANESE": "Japanese", "ENGLISH": "English"}


def _media_path(value: Any) -> str | None:
    data = value.get("data") if isinstance(value, dict) else None
    if isinstance(data, dict) and isinstance(data.get("Media"), dict):
        return pointer("data", "Media")
    return None


def _is_review(value: Any) -> bool:
    url = value.get("siteUrl") if isinstance(value, dict) else None
    return isinstance(url, str) and "anilist.co/review/" in url and "summary" in value


def _pages(value: Any) -> list[str]:
    data = value.get("data") if isinstance(value, dict) else None
    if not isinstance(data, dict):
        return []
    return [pointer("data", k) for k, v in data.items()
            if isinstance(v, dict) and isinstance(v.get("media"), list)]  # fmt: skip


@register
class AniListAdapter(Extractor):
    """AniList GraphQL answers: a Media (scores, distributions, rankings, reviews,
    recommendations, characters, staff, studios, relations) or a Page of media."""

    name = "anilist"
    route = "adapter"
    site = SITE

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        value = parsed_json(cleaned.text)
        return _media_path(value) is not None or bool(_pages(value)) or _is_review(value)

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        answer = JsonAnswer(cleaned.text)
        sink = ClaimSink(EXTRACTOR, SITE, self.name)
        path = _media_path(answer.value)
        if path is None and _is_review(answer.value):
            _review_object(answer, sink)
            return Extraction(DocumentKind.REVIEW, None, tuple(sink.claims), (self.name,))
        if path is None:
            for page in _pages(answer.value):
                _listing(answer, page, sink)
            return Extraction(DocumentKind.LISTING, None, tuple(sink.claims), (self.name,))
        subject = _subject(answer, path)
        requested = request_of(document, self.name)
        _media(answer, path, sink, subject, requested[0].anime_id if requested else None)
        kind = DocumentKind.TITLE_PAGE if subject else _kind_of_part(sink)
        return Extraction(kind, subject, tuple(sink.claims), (self.name,))


def _subject(answer: JsonAnswer, path: str) -> str | None:
    title = answer.get(path + "/title") or {}
    name = title.get("romaji") or title.get("userPreferred") or title.get("english")
    return str(name) if name else None


def _media(
    answer: JsonAnswer, path: str, sink: ClaimSink, subject: str | None, requested: str | None
) -> None:
    """Every claim of a Media object; ``requested`` is the id the request asked for, which
    names the anime when the answer holds only a connection (characters, staff)."""
    media = answer.get(path) or {}
    anime_id = media.get("id") or requested
    sink.fallback = (
        answer.field(path + "/title") or answer.field(path + "/id") or answer.key_span(path)
        or sink.fallback
    )  # fmt: skip
    title_claim(sink, subject, {"anilist": anime_id, "myanimelist": media.get("idMal")},
                answer.field(path + "/title"))  # fmt: skip
    _names(answer, path, sink, subject)
    _facts(answer, path, sink)
    _scores(answer, path, sink, anime_id)
    _distributions(answer, path, sink)
    _reviews(answer, path, sink)
    _recommendations(answer, path, sink)
    _cast(answer, path, sink)
    _staff(answer, path, sink)
    _studios(answer, path, sink)
    _relations(answer, path, sink)
    _airing(answer, path, sink)


def _names(answer: JsonAnswer, path: str, sink: ClaimSink, subject: str | None) -> None:
    for key, language in (("english", "en"), ("native", "ja"), ("romaji", None)):
        name = answer.get(f"{path}/title/{key}")
        if name and name != subject:
            data = {"name": name, "language": language, "synonym": False}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"{path}/title/{key}"))
    for i, name in enumerate(answer.get(path + "/synonyms") or []):
        if isinstance(name, str) and name.strip():
            data = {"name": name, "language": None, "synonym": True}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"{path}/synonyms/{i}"))


def _facts(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    media = answer.get(path) or {}
    if (kind := media_type(media.get("format"))) is not None:
        sink.add(ClaimKind.MEDIA_TYPE, {"value": kind, "as_written": media["format"]},
                 answer.field(path + "/format"))  # fmt: skip
    if (episodes := as_int(media.get("episodes"))) is not None:
        sink.add(ClaimKind.EPISODE_COUNT, {"value": episodes}, answer.field(path + "/episodes"))
    if (minutes := as_int(media.get("duration"))) is not None:
        sink.add(ClaimKind.EPISODE_MINUTES, {"value": minutes, "as_written": str(minutes)},
                 answer.field(path + "/duration"))  # fmt: skip
    if (said := status(media.get("status"))) is not None:
        sink.add(ClaimKind.STATUS, said, answer.field(path + "/status"))
    for key, role in (("startDate", "start"), ("endDate", "end")):
        if (iso := _date(media.get(key))) is not None:
            data = {"role": role, "date": iso, "as_written": iso}
            sink.add(ClaimKind.DATE, data, answer.field(f"{path}/{key}"))
    if isinstance(media.get("source"), str):
        name = media["source"].replace("_", " ").lower()
        sink.add(ClaimKind.SOURCE_MATERIAL, {"name": name, "as_written": media["source"]},
                 answer.field(path + "/source"))  # fmt: skip
    for i, genre in enumerate(media.get("genres") or []):
        sink.add(ClaimKind.GENRE, {"name": genre}, answer.field(f"{path}/genres/{i}"))
    description = media.get("description")
    if isinstance(description, str) and description.strip():
        sink.add(ClaimKind.SYNOPSIS, {"text": description, "source": SITE},
                 answer.field(path + "/description"))  # fmt: skip


def _date(value: Any) -> str | None:
    if not isinstance(value, dict) or not isinstance(value.get("year"), int):
        return None
    parts = [f"{value['year']:04d}"]
    for key in ("month", "day"):
        if not isinstance(value.get(key), int):
            break
        parts.append(f"{value[key]:02d}")
    return "-".join(parts)


def _scores(answer: JsonAnswer, path: str, sink: ClaimSink, anime_id: Any) -> None:
    """averageScore (AniList's headline, weighted) and meanScore, each a site aggregate."""
    link = f"https://anilist.co/anime/{anime_id}" if anime_id is not None else None
    votes = _distribution_votes(answer.get(path + "/stats/scoreDistribution"))
    ranked = _all_time_rank(answer, path)
    figures = {
        "votes": Figure(votes, answer.field(path + "/stats/scoreDistribution")),
        "rank": ranked,
        "popularity": Figure(answer.get(path + "/popularity"), answer.field(path + "/popularity")),
        "favorites": Figure(answer.get(path + "/favourites"), answer.field(path + "/favourites")),
    }
    average = answer.get(path + "/averageScore")
    for key in ("averageScore", "meanScore"):
        span = answer.value_span(f"{path}/{key}")
        score = score_of(answer.get(f"{path}/{key}"), SCALE, span)
        primary = key == "averageScore" or average is None
        site_score(sink, score, measure=key, primary=primary, link=link,
                   span=answer.field(f"{path}/{key}"), figures=figures)  # fmt: skip


def _distribution_votes(buckets: Any) -> int | None:
    """Users who scored the anime: the sum of the score distribution, when AniList gives it."""
    if not isinstance(buckets, list) or not buckets:
        return None
    return sum(as_int(b.get("amount")) or 0 for b in buckets if isinstance(b, dict))


def _all_time_rank(answer: JsonAnswer, path: str) -> Figure:
    for i, r in enumerate(answer.get(path + "/rankings") or []):
        if isinstance(r, dict) and r.get("type") == "RATED" and r.get("allTime"):
            return Figure(r.get("rank"), answer.field(f"{path}/rankings/{i}"))
    return Figure(None, None)


def _distributions(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    scores = answer.get(path + "/stats/scoreDistribution")
    if isinstance(scores, list) and scores:
        votes = {str(b["score"]): as_int(b.get("amount")) or 0
                 for b in scores if isinstance(b, dict) and "score" in b}  # fmt: skip
        data = sink.stamped({"votes": votes, "scale_max": SCALE})
        sink.add(
            ClaimKind.SCORE_DISTRIBUTION, data, answer.field(path + "/stats/scoreDistribution")
        )
    for i, bucket in enumerate(answer.get(path + "/stats/statusDistribution") or []):
        if isinstance(bucket, dict) and isinstance(bucket.get("status"), str):
            data = sink.stamped({"name": bucket["status"].lower(), "value": bucket.get("amount"),
                                 "as_written": bucket["status"]})  # fmt: skip
            sink.add(ClaimKind.STAT, data, answer.field(f"{path}/stats/statusDistribution/{i}"))


def _connection(answer: JsonAnswer, path: str, *names: str) -> tuple[str, list[Any]]:
    """The first connection present among ``names`` (``characters`` or ``characterPreview``),
    as (pointer to its list, items); edges and nodes alike."""
    for name in names:
        for part in ("edges", "nodes"):
            items = answer.get(f"{path}/{name}/{part}")
            if isinstance(items, list):
                return f"{path}/{name}/{part}", items
    return "", []


def _reviews(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    where, nodes = _connection(answer, path, "reviews", "reviewPreview")
    _reviews_at(answer, where, nodes, sink)


def _reviews_at(answer: JsonAnswer, where: str, nodes: list[Any], sink: ClaimSink) -> None:
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or ("score" not in node and "body" not in node):
            continue
        at = f"{where}/{i}" if where else ""
        score = score_of(node.get("score"), SCALE, answer.value_span(at + "/score"))
        body = node.get("body") if isinstance(node.get("body"), str) else None
        text_span = answer.value_span(at + "/body")
        data = {
            "author": (node.get("user") or {}).get("name"), "headline": node.get("summary"),
            "score": score, "status": "scored" if score else "unscored", "text": body,
            "text_span": text_span.as_list() if text_span else None,
            "date": _epoch_date(node.get("createdAt")), "updated": None,
            "helpful": as_int(node.get("rating")), "aspects": {}, "aspects_rated": [],
            "review_id": str(node["id"]) if node.get("id") is not None else None,
            "episodes_seen": None, "episodes_total": None, "syndicated_from": None,
            "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.REVIEW, data, answer.field(at) if at else answer.value_span(""))


def _epoch_date(value: Any) -> str | None:
    from datetime import UTC, datetime

    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        return None
    return datetime.fromtimestamp(value, UTC).date().isoformat()


def _recommendations(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    where, nodes = _connection(answer, path, "recommendations")
    for i, node in enumerate(nodes):
        other = node.get("mediaRecommendation") if isinstance(node, dict) else None
        name = _media_name(other)
        if not isinstance(other, dict) or not name:
            continue
        votes = as_int(node.get("rating")) or 0
        data = {
            "name": name, "votes": votes, "mal_id": _str(other.get("idMal")),
            "reasons": [f"recommended by {votes} AniList users"],
            "source_ids": {"anilist": _str(other.get("id"))}, "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.SIMILAR, data, answer.field(f"{where}/{i}"))


def _media_name(media: Any) -> str | None:
    """A media's name as AniList shows it (the user's preferred title, else romaji)."""
    title = media.get("title") if isinstance(media, dict) else None
    if not isinstance(title, dict):
        return None
    name = title.get("userPreferred") or title.get("romaji") or title.get("english")
    return str(name) if name else None


def _str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _name(person: Any) -> str | None:
    name = (person or {}).get("name") if isinstance(person, dict) else None
    full = name.get("full") if isinstance(name, dict) else name
    return str(full) if full else None


def _cast(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    where, edges = _connection(answer, path, "characters", "characterPreview")
    for i, edge in enumerate(edges):
        character = _name((edge or {}).get("node"))
        if not character:
            continue
        role = str(edge.get("role") or "").capitalize() or None
        actors = [a for a in edge.get("voiceActors") or [] if _name(a)]
        if not actors:
            data = {"character": character, "actor": None, "role": role, "language": None}
            sink.add(ClaimKind.CAST, data, answer.field(f"{where}/{i}/node"))
        node_at = f"{where}/{i}/node"
        for j, actor in enumerate(edge.get("voiceActors") or []):
            if not _name(actor):
                continue
            language = actor.get("languageV2") or actor.get("language")
            language = STAFF_LANGUAGE.get(str(language), language)
            data = {"character": character, "actor": _name(actor), "role": role,
                    "language": language}  # fmt: skip
            sink.add(ClaimKind.CAST, data, answer.cover(node_at, f"{where}/{i}/voiceActors/{j}"))


def _staff(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    where, edges = _connection(answer, path, "staff", "staffPreview")
    for i, edge in enumerate(edges):
        person = _name((edge or {}).get("node"))
        if person and edge.get("role"):
            sink.add(ClaimKind.STAFF, {"person": person, "role": str(edge["role"])},
                     answer.field(f"{where}/{i}"))  # fmt: skip


def _studios(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    where, edges = _connection(answer, path, "studios")
    for i, edge in enumerate(edges):
        name = ((edge or {}).get("node") or {}).get("name")
        if not name:
            continue
        if edge.get("isMain"):
            sink.add(ClaimKind.STUDIO, {"name": name}, answer.field(f"{where}/{i}"))
        else:
            sink.add(ClaimKind.PRODUCER, {"name": name, "role": "producer"},
                     answer.field(f"{where}/{i}"))  # fmt: skip


def _relations(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    where, edges = _connection(answer, path, "relations")
    for i, edge in enumerate(edges):
        node = (edge or {}).get("node") or {}
        name = _media_name(node)
        if not name:
            continue
        data = {
            "name": name, "relation": str(edge.get("relationType") or "").replace("_", " ").lower(),
            "media": str(node.get("type") or "").lower() or None, "format": node.get("format"),
            "source_ids": {k: v for k, v in (("anilist", _str(node.get("id"))),
                           ("myanimelist", _str(node.get("idMal")))) if v},
            "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.RELATION, data, answer.field(f"{where}/{i}"))


def _airing(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    """``airingSchedule``: when each episode aired (or will air), for the episode timeline."""
    where, nodes = _connection(answer, path, "airingSchedule")
    for i, node in enumerate(nodes):
        number = as_int((node or {}).get("episode"))
        if number is not None:
            data = {"number": number, "title": None, "aired": _epoch_date(node.get("airingAt")),
                    "score": None, "filler": False, "recap": False, "site": SITE}  # fmt: skip
            sink.add(ClaimKind.EPISODE, data, answer.field(f"{where}/{i}"))


def _review_object(answer: JsonAnswer, sink: ClaimSink) -> None:
    """A Review object on its own (``{"id", "summary", "body", "score", "user"}``)."""
    _reviews_at(answer, "", [answer.value], sink)


def _listing(answer: JsonAnswer, page: str, sink: ClaimSink) -> None:
    for i, media in enumerate(answer.get(page + "/media") or []):
        title = (media or {}).get("title") or {}
        name = title.get("romaji") or title.get("userPreferred") or title.get("english")
        if not name:
            continue
        at = f"{page}/media/{i}"
        data = {
            "name": name, "score": score_of(media.get("averageScore"), SCALE,
                                            answer.value_span(at + "/averageScore")),
            "members": as_int(media.get("popularity")), "rank": None,
            "mal_id": _str(media.get("idMal")), "source_ids": {"anilist": _str(media.get("id"))},
            "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.LISTING_ENTRY, data, answer.field(at), subject=name)


def _kind_of_part(sink: ClaimSink) -> DocumentKind:
    kinds = {c.kind for c in sink.claims}
    if ClaimKind.CAST in kinds:
        return DocumentKind.CAST_PAGE
    if ClaimKind.SIMILAR in kinds:
        return DocumentKind.RECOMMENDATIONS
    return DocumentKind.TITLE_PAGE
