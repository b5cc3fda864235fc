"""AniDB source adapter: the HTTP API's ``<anime id="...">`` XML, element by element.

An anime answer states its titles (``main``, ``official`` per language,
``synonym`` and ``short``), type, episode count, dates, description, AniDB's
three ratings on 1-10 (``permanent``, the headline; ``temporary``; ``review``,
the mean of AniDB's reviews) each with its votes, per-episode ratings of the
regular episodes (``epno type="1"``), characters with their seiyuu, creators
(the "Animation Work" credit is the studio), related anime, similar anime
with their approval votes, and the ids other sites give it (``resources``:
type 2 is MyAnimeList, type 1 Anime News Network).
"""

from __future__ import annotations

from kansou.extract.adapters.responses import Element, XmlAnswer, XmlRefused, looks_like_xml
from kansou.extract.adapters.service_claims import (
    ClaimSink,
    Figure,
    as_int,
    media_type,
    score_of,
    site_score,
    title_claim,
)
from kansou.extract.base import Extractor, register
from kansou.model import ClaimKind, Cleaned, Document, DocumentKind, Extraction, Span

SITE = "AniDB"
EXTRACTOR = "adapter:anidb"
SCALE = 10.0
RATINGS = ("permanent", "temporary", "review")
#: AniDB resource types -> catalog site of the id they hold.
RESOURCE_SITES = {"1": "animenewsnetwork", "2": "myanimelist"}
LANGUAGES = {"en": "en", "ja": "ja", "x-jat": None}
STUDIO_CREDITS = frozenset({"Animation Work", "Work"})
CHARACTER_ROLES = {"main character in": "Main", "secondary cast in": "Supporting",
                   "appears in": "Appears"}  # fmt: skip


def _is_anime(text: str) -> bool:
    head = text[:600]
    return looks_like_xml(text) and "<anime id=" in head


@register
class AniDBAdapter(Extractor):
    """AniDB HTTP API anime XML: permanent, temporary and review ratings with votes,
    episode ratings, titles, characters and seiyuu, creators, related and similar anime."""

    name = "anidb"
    route = "adapter"
    site = SITE

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        return _is_anime(cleaned.text)

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        try:
            root = XmlAnswer(cleaned.text).root
        except XmlRefused:
            return Extraction(DocumentKind.OTHER, None, (), (self.name,))
        if root.tag != "anime":
            return Extraction(DocumentKind.OTHER, None, (), (self.name,))
        sink = ClaimSink(EXTRACTOR, SITE, self.name)
        subject = _titles(root, sink)
        _facts(root, sink)
        _ratings(root, sink)
        _episodes(root, sink)
        _characters(root, sink)
        _creators(root, sink)
        _related(root, sink)
        _similar(root, sink)
        return Extraction(DocumentKind.TITLE_PAGE, subject, tuple(sink.claims), (self.name,))


def _titles(root: Element, sink: ClaimSink) -> str | None:
    titles = root.child("titles")
    all_titles = titles.all("title") if titles is not None else []
    main = next((t for t in all_titles if t.attributes.get("type") == "main" and t.text), None)
    if main is None:
        return None
    sink.fallback = main.span
    ids = {"anidb": root.attributes.get("id")}
    resources = root.child("resources")
    for resource in resources.all("resource") if resources is not None else []:
        site = RESOURCE_SITES.get(resource.attributes.get("type", ""))
        identifier = next((e for e in resource.walk() if e.tag == "identifier" and e.text), None)
        if site and identifier is not None:
            ids[site] = identifier.text
    title_claim(sink, main.text, ids, main.span)
    for title in all_titles:
        kind = title.attributes.get("type")
        language = title.attributes.get("xml:lang", "")
        if title is main or not title.text or (kind == "official" and language not in LANGUAGES):
            continue
        data = {"name": title.text, "language": LANGUAGES.get(language, language),
                "synonym": kind in ("synonym", "short")}  # fmt: skip
        sink.add(ClaimKind.ALIAS, data, title.span)
    return main.text


def _facts(root: Element, sink: ClaimSink) -> None:
    kind = root.child("type")
    if kind is not None and (value := media_type(kind.text)) is not None:
        sink.add(ClaimKind.MEDIA_TYPE, {"value": value, "as_written": kind.text}, kind.span)
    count = root.child("episodecount")
    if count is not None and (episodes := as_int(count.text)) is not None and episodes > 0:
        sink.add(ClaimKind.EPISODE_COUNT, {"value": episodes}, count.span)
    for tag, role in (("startdate", "start"), ("enddate", "end")):
        element = root.child(tag)
        if element is not None and element.text:
            data = {"role": role, "date": element.text[:10], "as_written": element.text}
            sink.add(ClaimKind.DATE, data, element.span)
    description = root.child("description")
    if description is not None and description.text:
        sink.add(ClaimKind.SYNOPSIS, {"text": description.text, "source": SITE}, description.span)


def _ratings(root: Element, sink: ClaimSink) -> None:
    ratings = root.child("ratings")
    if ratings is None:
        return
    link = f"https://anidb.net/anime/{root.attributes.get('id')}"
    for measure in RATINGS:
        element = ratings.child(measure)
        if element is None:
            continue
        votes = Figure(as_int(element.attributes.get("count")), element.span)
        site_score(sink, score_of(element.text, SCALE, element.span), measure=measure,
                   primary=measure == "permanent", span=element.span, link=link,
                   figures={"votes": votes})  # fmt: skip


def _episodes(root: Element, sink: ClaimSink) -> None:
    episodes = root.child("episodes")
    for episode in episodes.all("episode") if episodes is not None else []:
        epno = episode.child("epno")
        if epno is None or epno.attributes.get("type") != "1" or as_int(epno.text) is None:
            continue
        rating = episode.child("rating")
        titles = {t.attributes.get("xml:lang"): t.text for t in episode.all("title")}
        aired = episode.child("airdate")
        data = {
            "number": as_int(epno.text), "title": titles.get("en") or titles.get("x-jat"),
            "aired": aired.text if aired is not None else None,
            "score": score_of(rating.text, SCALE, rating.span) if rating is not None else None,
            "votes": as_int(rating.attributes.get("votes")) if rating is not None else None,
            "filler": False, "recap": False, "site": SITE,
        }  # fmt: skip
        sink.add(ClaimKind.EPISODE, data, episode.span)


def _characters(root: Element, sink: ClaimSink) -> None:
    characters = root.child("characters")
    for character in characters.all("character") if characters is not None else []:
        name = character.child("name")
        if name is None or not name.text:
            continue
        role = CHARACTER_ROLES.get(character.attributes.get("type", ""))
        actors: list[Element | None] = [s for s in character.all("seiyuu") if s.text]
        for actor in actors or [None]:
            data = {"character": name.text, "actor": actor.text if actor else None,
                    "role": role, "language": "Japanese" if actor else None}  # fmt: skip
            span = Span(name.start, actor.end) if actor and actor.end > name.start else name.span
            sink.add(ClaimKind.CAST, data, span)


def _creators(root: Element, sink: ClaimSink) -> None:
    creators = root.child("creators")
    for credit in creators.all("name") if creators is not None else []:
        role = credit.attributes.get("type", "")
        if not credit.text or not role:
            continue
        if role in STUDIO_CREDITS:
            sink.add(ClaimKind.STUDIO, {"name": credit.text}, credit.span)
        else:
            sink.add(ClaimKind.STAFF, {"person": credit.text, "role": role}, credit.span)


def _related(root: Element, sink: ClaimSink) -> None:
    related = root.child("relatedanime")
    for anime in related.all("anime") if related is not None else []:
        if anime.text:
            data = {
                "name": anime.text,
                "relation": anime.attributes.get("type", "").lower(),
                "media": "anime",
                "site": SITE,
                "source_ids": {"anidb": anime.attributes.get("id", "")},
            }
            sink.add(ClaimKind.RELATION, data, anime.span)


def _similar(root: Element, sink: ClaimSink) -> None:
    """``similaranime``: users' votes that another anime is like this one."""
    similar = root.child("similaranime")
    for anime in similar.all("anime") if similar is not None else []:
        approval = as_int(anime.attributes.get("approval"))
        total = as_int(anime.attributes.get("total"))
        if not anime.text or approval is None:
            continue
        reasons = [f"approved by {approval} of {total} AniDB users"] if total else []
        data = {
            "name": anime.text,
            "votes": approval,
            "reasons": reasons,
            "source_ids": {"anidb": anime.attributes.get("id", "")},
            "site": SITE,
        }
        sink.add(ClaimKind.SIMILAR, data, anime.span)
