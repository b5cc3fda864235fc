"""MyAnimeList API v2 source adapter: ``/anime/{id}`` objects and ``{"data": [{"node"}]}`` lists.

An anime object (``id``, ``title``, ``main_picture``) states the fields the
request asked for: names (``alternative_titles``), facts, MyAnimeList's
``mean`` on 1-10 with ``num_scoring_users`` votes, ``rank``, ``popularity``,
``num_list_users`` and ``num_favorites``, watching statuses (``statistics``),
genres, studios, related anime and recommendations with their counts. A list
(search, ranking, season, suggestions) is one listing entry per node, with
its rank when the list is a ranking.
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

SITE = "MyAnimeList"
EXTRACTOR = "adapter:mal-api"
SCALE = 10.0
LANGUAGES = {"en": "en", "ja": "ja"}
WATCHING = ("watching", "completed", "on_hold", "dropped", "plan_to_watch")


def _is_anime(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), int) and (
        isinstance(value.get("title"), str) and "main_picture" in value
    )  # fmt: skip


def _is_list(value: Any) -> bool:
    data = value.get("data") if isinstance(value, dict) else None
    return isinstance(data, list) and bool(data) and all(
        isinstance(i, dict) and _is_anime(i.get("node")) for i in data
    ) and "paging" in value  # fmt: skip


@register
class MyAnimeListApiAdapter(Extractor):
    """MyAnimeList API v2 answers: an anime's mean, votes, rank, popularity and facts,
    or a list of anime nodes (search, ranking, season, suggestions)."""

    name = "mal-api"
    route = "adapter"
    site = SITE

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        value = parsed_json(cleaned.text)
        return _is_anime(value) or _is_list(value)

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        answer = JsonAnswer(cleaned.text)
        sink = ClaimSink(EXTRACTOR, SITE, "mal")
        if not _is_anime(answer.value):
            _listing(answer, sink)
            return Extraction(DocumentKind.LISTING, None, tuple(sink.claims), (self.name,))
        name = answer.get("/title")
        sink.fallback = answer.field("/title") or sink.fallback
        title_claim(sink, name, {"myanimelist": answer.get("/id")}, sink.fallback)
        _names(answer, sink, name)
        _facts(answer, sink)
        _score(answer, sink)
        _lists(answer, sink)
        return Extraction(DocumentKind.TITLE_PAGE, name, tuple(sink.claims), (self.name,))


def _names(answer: JsonAnswer, sink: ClaimSink, name: str) -> None:
    titles = answer.get("/alternative_titles") or {}
    for key, language in LANGUAGES.items():
        if isinstance(titles.get(key), str) and titles[key] and titles[key] != name:
            data = {"name": titles[key], "language": language, "synonym": False}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"/alternative_titles/{key}"))
    for i, synonym in enumerate(titles.get("synonyms") or []):
        if isinstance(synonym, str) and synonym:
            data = {"name": synonym, "language": None, "synonym": True}
            sink.add(ClaimKind.ALIAS, data, answer.field(f"/alternative_titles/synonyms/{i}"))


def _facts(answer: JsonAnswer, sink: ClaimSink) -> None:
    anime = answer.value
    if (kind := media_type(anime.get("media_type"))) is not None:
        sink.add(ClaimKind.MEDIA_TYPE, {"value": kind, "as_written": anime["media_type"]},
                 answer.field("/media_type"))  # fmt: skip
    if (episodes := as_int(anime.get("num_episodes"))) is not None and episodes > 0:
        sink.add(ClaimKind.EPISODE_COUNT, {"value": episodes}, answer.field("/num_episodes"))
    if (seconds := as_int(anime.get("average_episode_duration"))) is not None and seconds > 0:
        sink.add(ClaimKind.EPISODE_MINUTES, {"value": round(seconds / 60), "as_written":
                 str(seconds)}, answer.field("/average_episode_duration"))  # fmt: skip
    if (said := status(anime.get("status"))) is not None:
        sink.add(ClaimKind.STATUS, said, answer.field("/status"))
    for key, role in (("start_date", "start"), ("end_date", "end")):
        if isinstance(anime.get(key), str) and anime[key]:
            data = {"role": role, "date": anime[key], "as_written": anime[key]}
            sink.add(ClaimKind.DATE, data, answer.field(f"/{key}"))
    season = anime.get("start_season")
    if isinstance(season, dict) and isinstance(season.get("year"), int) and season.get("season"):
        data = {"role": "premiered", "date": str(season["year"]), "season": season["season"],
                "as_written": f"{season['season']} {season['year']}"}  # fmt: skip
        sink.add(ClaimKind.DATE, data, answer.field("/start_season"))
    if isinstance(anime.get("source"), str) and anime["source"]:
        sink.add(ClaimKind.SOURCE_MATERIAL, {"name": anime["source"].replace("_", " ")},
                 answer.field("/source"))  # fmt: skip
    if isinstance(anime.get("synopsis"), str) and anime["synopsis"]:
        sink.add(ClaimKind.SYNOPSIS, {"text": anime["synopsis"], "source": SITE},
                 answer.field("/synopsis"))  # fmt: skip


def _score(answer: JsonAnswer, sink: ClaimSink) -> None:
    anime = answer.value
    figures = {
        key: Figure(as_int(anime.get(field)), answer.field(f"/{field}"))
        for key, field in (("votes", "num_scoring_users"), ("rank", "rank"),
                           ("popularity", "popularity"), ("members", "num_list_users"),
                           ("favorites", "num_favorites"))
    }  # fmt: skip
    link = f"https://myanimelist.net/anime/{anime['id']}"
    site_score(sink, score_of(anime.get("mean"), SCALE, answer.value_span("/mean")),
               measure="mean", primary=True, span=answer.field("/mean"), link=link,
               figures=figures)  # fmt: skip
    statuses = (answer.get("/statistics") or {}).get("status") or {}
    for name in WATCHING:
        if (value := as_int(statuses.get(name))) is not None:
            sink.add(ClaimKind.STAT, sink.stamped({"name": name, "value": value}),
                     answer.field(f"/statistics/status/{name}"))  # fmt: skip


def _lists(answer: JsonAnswer, sink: ClaimSink) -> None:
    for key, kind in (("genres", ClaimKind.GENRE), ("studios", ClaimKind.STUDIO)):
        for i, item in enumerate(answer.get(f"/{key}") or []):
            if isinstance(item, dict) and item.get("name"):
                sink.add(kind, {"name": item["name"]}, answer.field(f"/{key}/{i}"))
    for i, item in enumerate(answer.get("/related_anime") or []):
        node = (item or {}).get("node") or {}
        if node.get("title"):
            data = {"name": node["title"], "media": "anime", "site": SITE,
                    "relation": str(item.get("relation_type") or "").replace("_", " "),
                    "source_ids": {"myanimelist": str(node.get("id"))}}  # fmt: skip
            sink.add(ClaimKind.RELATION, data, answer.field(f"/related_anime/{i}"))
    for i, item in enumerate(answer.get("/recommendations") or []):
        node = (item or {}).get("node") or {}
        if node.get("title"):
            votes = as_int(item.get("num_recommendations")) or 1
            reason = f"recommended by {votes} MyAnimeList users"
            data = {"name": node["title"], "mal_id": str(node.get("id")), "votes": votes,
                    "reasons": [reason], "site": SITE}  # fmt: skip
            sink.add(ClaimKind.SIMILAR, data, answer.field(f"/recommendations/{i}"))


def _listing(answer: JsonAnswer, sink: ClaimSink) -> None:
    for i, item in enumerate(answer.get("/data") or []):
        node = item["node"]
        at = pointer("data", i)
        rank = as_int((item.get("ranking") or {}).get("rank")) or as_int(node.get("rank"))
        data = {"name": node["title"], "mal_id": str(node["id"]), "rank": rank,
                "score": score_of(node.get("mean"), SCALE, answer.value_span(at + "/node/mean")),
                "members": as_int(node.get("num_list_users")), "site": SITE}  # fmt: skip
        sink.add(ClaimKind.LISTING_ENTRY, data, answer.field(at), subject=node["title"])
