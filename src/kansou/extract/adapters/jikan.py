"""Jikan source adapter: MyAnimeList's data as Jikan serves it, v4 (``{"data": ...}``) and v3.

The answer's shape says which endpoint it is, never its file name:

- an anime (``mal_id`` and a myanimelist.net/anime/ ``url``): names, facts,
  MyAnimeList's score (x/10, ``scored_by`` votes, rank, popularity, members,
  favorites) as a site aggregate, studios, producers, genres, relations (v3);
- statistics (``watching``, ``completed`` ... and ``scores``): watching
  statuses and the 1-10 score distribution;
- reviews (``scores`` or ``score`` with ``review``): overall and aspect scores
  (story, animation, sound, character, enjoyment on 1-10), author, date,
  episodes watched, helpful votes, text;
- episodes (an ``/episode/`` url): number, title, air date, filler/recap and
  MyAnimeList's per-episode score on 1-5;
- characters (``character`` with ``voice_actors``): one cast claim per actor;
- recommendations (``entry`` with ``votes``): similar titles with their votes;
- listings (seasons, top, search, schedules): one entry per anime.

Answers about one anime that do not say which (statistics, reviews,
characters, recommendations) take it from their request (``jikan:ID ...``).
A Jikan answer kansou does not read (a character, a person, the season list)
states nothing, and is not handed to general extraction.
"""

from __future__ import annotations

import re
from typing import Any

from kansou.extract.adapters.myanimelist.reviews import ASPECTS
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

SITE = "MyAnimeList"
EXTRACTOR = "adapter:jikan"
SCALE = 10.0
EPISODE_SCALE = 5.0
STATUSES = ("watching", "completed", "on_hold", "dropped", "plan_to_watch", "total")
LISTS = {
    "studios": (ClaimKind.STUDIO, None),
    "producers": (ClaimKind.PRODUCER, "producer"),
    "licensors": (ClaimKind.PRODUCER, "licensor"),
    "genres": (ClaimKind.GENRE, None),
    "themes": (ClaimKind.GENRE, "theme"),
    "demographics": (ClaimKind.GENRE, "demographic"),
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
V3_LISTS = ("anime", "top", *WEEKDAYS)
_MINUTES = re.compile(r"(?:(\d+)\s*hr)?\D*(?:(\d+)\s*min)?", re.I)
KINDS = {
    "anime": DocumentKind.TITLE_PAGE, "statistics": DocumentKind.STATS_PAGE,
    "reviews": DocumentKind.MULTI_REVIEW, "episodes": DocumentKind.EPISODE_GUIDE,
    "episode": DocumentKind.EPISODE_GUIDE, "characters": DocumentKind.CAST_PAGE,
    "recommendations": DocumentKind.RECOMMENDATIONS, "pairs": DocumentKind.RECOMMENDATIONS,
    "listing": DocumentKind.LISTING,
}  # fmt: skip


def _is_mal(url: Any, part: str) -> bool:
    return isinstance(url, str) and "myanimelist.net" in url and part in url


def _item_shape(item: dict[str, Any]) -> str:
    if "review" in item and ("scores" in item or "score" in item):
        return "reviews"
    if "voice_actors" in item and "character" in item:
        return "characters"
    if isinstance(item.get("entry"), dict) and "votes" in item:
        return "recommendations"
    if isinstance(item.get("entry"), list):
        return "pairs"
    if _is_mal(item.get("url"), "/episode/"):
        return "episodes"
    if _is_mal(item.get("url"), "/anime/"):
        return "listing"
    return "other"


def shape(value: Any) -> tuple[str, list[str]] | None:
    """(endpoint, pointers to what it lists) of a Jikan answer; None when it is not one."""
    if not isinstance(value, dict):
        return None
    if "request_hash" in value:  # v3
        if _is_mal(value.get("url"), "/anime/"):
            return "anime", [""]
        if isinstance(value.get("episodes"), list):
            return "episodes", [pointer("episodes")]
        lists = [pointer(k) for k in V3_LISTS if isinstance(value.get(k), list)]
        return ("listing", lists) if lists else ("other", [])
    data = value.get("data")
    if isinstance(data, dict):
        if {"watching", "completed", "scores"} <= set(data):
            return "statistics", [pointer("data")]
        if _is_mal(data.get("url"), "/episode/"):
            return "episode", [pointer("data")]
        if _is_mal(data.get("url"), "/anime/"):
            return "anime", [pointer("data")]
        return ("other", []) if "mal_id" in data else None
    if isinstance(data, list) and data and all(isinstance(i, dict) for i in data):
        found = _item_shape(data[0])
        if found == "other":
            return ("other", []) if "mal_id" in data[0] else None
        return found, [pointer("data")]
    if isinstance(data, list) and isinstance(value.get("pagination"), dict):
        return "other", []
    return None


@register
class JikanAdapter(Extractor):
    """Jikan answers (v4 and v3): anime, statistics, reviews, episodes, characters,
    recommendations and listings, each value with the span of its JSON field."""

    name = "jikan"
    route = "adapter"
    site = SITE

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        return shape(parsed_json(cleaned.text)) is not None

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        found = shape(parsed_json(cleaned.text))
        endpoint, paths = found or ("other", [])
        if endpoint == "other":
            return Extraction(DocumentKind.OTHER, None, (), (self.name,))
        answer = JsonAnswer(cleaned.text)
        sink = ClaimSink(EXTRACTOR, SITE, self.name)
        subject = None
        if endpoint == "anime":
            subject = _anime(answer, paths[0], sink)
        else:
            _about(document, answer, paths, sink)
            for path in paths:
                READERS[endpoint](answer, path, sink)
        return Extraction(KINDS[endpoint], subject, tuple(sink.claims), (self.name,))


def _about(document: Document, answer: JsonAnswer, paths: list[str], sink: ClaimSink) -> None:
    """The anime an answer about one anime concerns, by its id (from the request, or from
    an episode's url), when the answer does not name it."""
    requested = request_of(document, "jikan")
    anime_id = requested[0].anime_id if requested else None
    first = answer.get(paths[0]) if paths else None
    item = first[0] if isinstance(first, list) and first else first
    url = item.get("url") if isinstance(item, dict) else None
    m = re.search(r"/anime/(\d+)/", url) if isinstance(url, str) and "/episode/" in url else None
    anime_id = anime_id or (m.group(1) if m else None)
    if anime_id:
        if paths and paths[0]:
            sink.fallback = answer.key_span(paths[0]) or sink.fallback
        title_claim(sink, None, {"myanimelist": anime_id}, None)


def _anime(answer: JsonAnswer, path: str, sink: ClaimSink) -> str | None:
    anime = answer.get(path) or {}
    name = anime.get("title")
    if not isinstance(name, str) or not name:
        return None
    sink.fallback = answer.field(path + "/title") or sink.fallback
    title_claim(sink, name, {"myanimelist": anime.get("mal_id")}, answer.field(path + "/title"))
    _names(answer, path, sink, name)
    _facts(answer, path, sink)
    figures = {
        key: Figure(as_int(anime.get(field)), answer.field(f"{path}/{field}"))
        for key, field in (("votes", "scored_by"), ("rank", "rank"), ("popularity", "popularity"),
                           ("members", "members"), ("favorites", "favorites"))
    }  # fmt: skip
    score = score_of(anime.get("score"), SCALE, answer.value_span(path + "/score"))
    site_score(sink, score, measure="score", primary=True, span=answer.field(path + "/score"),
               link=anime.get("url"), figures=figures)  # fmt: skip
    _lists(answer, path, sink)
    _related(answer, path, sink)
    return name


def _names(answer: JsonAnswer, path: str, sink: ClaimSink, name: str) -> None:
    for key, language in (("title_english", "en"), ("title_japanese", "ja")):
        alias = answer.get(f"{path}/{key}")
        if isinstance(alias, str) and alias and alias != name:
            data = {"name": alias, "language": language, "synonym": False}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"{path}/{key}"))
    for i, alias in enumerate(answer.get(path + "/title_synonyms") or []):
        if isinstance(alias, str) and alias:
            data = {"name": alias, "language": None, "synonym": True}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"{path}/title_synonyms/{i}"))


def _facts(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    anime = answer.get(path) or {}
    if (kind := media_type(anime.get("type"))) is not None:
        sink.add(ClaimKind.MEDIA_TYPE, {"value": kind, "as_written": anime["type"]},
                 answer.field(path + "/type"))  # fmt: skip
    if (episodes := as_int(anime.get("episodes"))) is not None:
        sink.add(ClaimKind.EPISODE_COUNT, {"value": episodes}, answer.field(path + "/episodes"))
    if (said := status(anime.get("status"))) is not None:
        sink.add(ClaimKind.STATUS, said, answer.field(path + "/status"))
    aired: dict[str, Any] = anime["aired"] if isinstance(anime.get("aired"), dict) else {}
    for key, role in (("from", "start"), ("to", "end")):
        if isinstance(aired.get(key), str) and len(aired[key]) >= 10:
            data = {"role": role, "date": aired[key][:10], "as_written": aired.get("string")}
            sink.add(ClaimKind.DATE, data, answer.field(f"{path}/aired"))
    if (minutes := _minutes(anime.get("duration"))) is not None:
        sink.add(ClaimKind.EPISODE_MINUTES, {"value": minutes, "as_written": anime["duration"]},
                 answer.field(path + "/duration"))  # fmt: skip
    if isinstance(anime.get("rating"), str) and anime["rating"]:
        data = {"name": "age_rating", "value": anime["rating"].split(" - ")[0],
                "as_written": anime["rating"]}  # fmt: skip
        sink.add(ClaimKind.STAT, data, answer.field(path + "/rating"))
    if isinstance(anime.get("source"), str) and anime["source"]:
        sink.add(ClaimKind.SOURCE_MATERIAL, {"name": anime["source"]},
                 answer.field(path + "/source"))  # fmt: skip
    if isinstance(anime.get("synopsis"), str) and anime["synopsis"]:
        sink.add(ClaimKind.SYNOPSIS, {"text": anime["synopsis"], "source": SITE},
                 answer.field(path + "/synopsis"))  # fmt: skip


def _minutes(value: Any) -> int | None:
    m = _MINUTES.match(value) if isinstance(value, str) else None
    total = (int(m.group(1) or 0) * 60 + int(m.group(2) or 0)) if m else 0
    return total or None


def _lists(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    for key, (kind, role) in LISTS.items():
        for i, item in enumerate(answer.get(f"{path}/{key}") or []):
            name = item.get("name") if isinstance(item, dict) else None
            if name:
                data = {"name": name, **({"role": role} if role else {})}
                sink.add(kind, data, answer.field(f"{path}/{key}/{i}"))


def _related(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    """v3's ``related``: {"Adaptation": [{mal_id, type, name}], "Side story": [...]}."""
    related = answer.get(path + "/related")
    if not isinstance(related, dict):
        return
    for relation, items in related.items():
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and item.get("name"):
                data = {"name": item["name"], "relation": relation.lower(),
                        "media": item.get("type"), "site": SITE,
                        "source_ids": {"myanimelist": str(item.get("mal_id"))}
                        if item.get("type") == "anime" and item.get("mal_id") else {}}  # fmt: skip
                sink.add(ClaimKind.RELATION, data,
                         answer.field(path + pointer("related", relation, i)))  # fmt: skip


def _statistics(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    stats = answer.get(path) or {}
    for name in STATUSES:
        if (value := as_int(stats.get(name))) is not None:
            data = sink.stamped({"name": name, "value": value})
            sink.add(ClaimKind.STAT, data, answer.field(f"{path}/{name}"))
    buckets = [b for b in stats.get("scores") or [] if isinstance(b, dict) and "score" in b]
    votes = {str(b["score"]): as_int(b.get("votes")) or 0 for b in buckets}
    if votes:
        data = sink.stamped({"votes": votes, "scale_max": SCALE})
        sink.add(ClaimKind.SCORE_DISTRIBUTION, data, answer.field(path + "/scores"))


def _reviews(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    for i, item in enumerate(answer.get(path) or []):
        at = f"{path}/{i}"
        scores = item.get("scores") if isinstance(item.get("scores"), dict) else {}
        overall_at = f"{at}/scores/overall" if "overall" in scores else f"{at}/score"
        score = score_of(answer.get(overall_at), SCALE, answer.value_span(overall_at))
        aspects = {
            ASPECTS[k]: a
            for k, v in scores.items()
            if k in ASPECTS and as_int(v)
            if (a := score_of(v, SCALE, answer.value_span(f"{at}/scores/{k}")))
        }
        text = item.get("review") if isinstance(item.get("review"), str) else None
        text_span = answer.value_span(at + "/review")
        entry = item.get("entry") if isinstance(item.get("entry"), dict) else None
        helpful = as_int(item.get("votes"))
        if helpful is None and isinstance(item.get("reactions"), dict):
            helpful = as_int(item["reactions"].get("overall"))
        data = {
            "author": (item.get("user") or {}).get("username"), "headline": None,
            "score": score, "status": "scored" if score else "unscored",
            "aspects": aspects, "aspects_rated": sorted(aspects), "text": text,
            "text_span": text_span.as_list() if text_span else None,
            "date": str(item["date"])[:10] if item.get("date") else None, "updated": None,
            "episodes_seen": as_int(item.get("episodes_watched")), "episodes_total": None,
            "helpful": helpful, "review_id": str(item.get("mal_id") or "") or None,
            "syndicated_from": None, "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.REVIEW, data, answer.field(at), subject=(entry or {}).get("title"))


def _episodes(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    items = answer.get(path)
    for i, item in enumerate(items if isinstance(items, list) else [items]):
        at = f"{path}/{i}" if isinstance(items, list) else path
        number = as_int(item.get("mal_id", item.get("episode_id")))
        if number is None:
            continue
        aired = item.get("aired")
        aired = aired.get("from") if isinstance(aired, dict) else aired
        data = {
            "number": number, "title": item.get("title"),
            "aired": aired[:10] if isinstance(aired, str) else None,
            "score": score_of(item.get("score"), EPISODE_SCALE, answer.value_span(at + "/score")),
            "filler": bool(item.get("filler")), "recap": bool(item.get("recap")), "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.EPISODE, data, answer.field(at))


def _characters(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    for i, item in enumerate(answer.get(path) or []):
        character = (item.get("character") or {}).get("name")
        if not character:
            continue
        actors = [a for a in item.get("voice_actors") or [] if (a.get("person") or {}).get("name")]
        for j, actor in enumerate(actors or [None]):
            data = {"character": character, "role": item.get("role"),
                    "actor": actor["person"]["name"] if actor else None,
                    "language": actor.get("language") if actor else None}  # fmt: skip
            span = answer.cover(f"{path}/{i}/character", f"{path}/{i}/voice_actors/{j}")
            sink.add(ClaimKind.CAST, data, span if actor else answer.field(f"{path}/{i}"))


def _recommendations(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    for i, item in enumerate(answer.get(path) or []):
        entry = item.get("entry") or {}
        if not entry.get("title"):
            continue
        votes = as_int(item.get("votes")) or 1
        data = {"name": entry["title"], "mal_id": str(entry.get("mal_id") or "") or None,
                "votes": votes, "reasons": [f"recommended by {votes} MyAnimeList users"],
                "site": SITE}  # fmt: skip
        sink.add(ClaimKind.SIMILAR, data, answer.field(f"{path}/{i}"))


def _pairs(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    """Users' "if you liked A, watch B" pairs (``/recommendations/anime``): B is similar to A."""
    for i, item in enumerate(answer.get(path) or []):
        entries = [e for e in item.get("entry") or [] if isinstance(e, dict) and e.get("title")]
        if len(entries) != 2:
            continue
        reason = item.get("content") if isinstance(item.get("content"), str) else None
        for one, other in ((entries[0], entries[1]), (entries[1], entries[0])):
            data = {"name": other["title"], "mal_id": str(other.get("mal_id") or "") or None,
                    "votes": 1, "reasons": [reason] if reason else [], "site": SITE}  # fmt: skip
            sink.add(ClaimKind.SIMILAR, data, answer.field(f"{path}/{i}"), subject=one["title"])


def _listing(answer: JsonAnswer, path: str, sink: ClaimSink) -> None:
    for i, item in enumerate(answer.get(path) or []):
        if not isinstance(item, dict) or not item.get("title"):
            continue
        at = f"{path}/{i}"
        data = {"name": item["title"], "mal_id": str(item.get("mal_id") or "") or None,
                "score": score_of(item.get("score"), SCALE, answer.value_span(at + "/score")),
                "members": as_int(item.get("members")), "rank": as_int(item.get("rank")),
                "site": SITE}  # fmt: skip
        sink.add(ClaimKind.LISTING_ENTRY, data, answer.field(at), subject=item["title"])


READERS = {
    "statistics": _statistics, "reviews": _reviews, "episodes": _episodes,
    "episode": _episodes, "characters": _characters, "recommendations": _recommendations,
    "pairs": _pairs, "listing": _listing,
}  # fmt: skip
