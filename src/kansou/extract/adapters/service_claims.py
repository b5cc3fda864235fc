"""What the source adapters of service APIs share: claims with spans, scores, vocabularies.

Each service adapter (AniList, Jikan, Kitsu, AniDB, MyAnimeList API) reads
one service's answers; this module holds what they state alike:

- a ``ClaimSink`` that stamps each claim with the adapter's name and the
  service, and falls back to the title's span when a field has none;
- the service's own aggregate as one ``site_score`` claim: the value as
  written on its scale, votes, rank, popularity, members, favourites, the
  anime's public page (``link``) and the span of every one of those fields;
- the services' words for media types and airing statuses, mapped onto
  kansou's ("TV_SHORT" and "TV Series" are TV; "RELEASING" and "current"
  are airing); a word not in the map is kept as written, lower-cased.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kansou.errors import UnknownScale
from kansou.load.services.refs import ServiceRef, request_ref
from kansou.model import Claim, ClaimKind, Document, Span
from kansou.scales import ratio

#: A service's own fields are its statement, not a reading of a layout; kept a little
#: below 1.0 because mapping its vocabulary ("TV_SHORT" -> TV) is kansou's reading.
CONFIDENCE = 0.95

MEDIA_TYPES = {
    "tv": "TV", "tv_short": "TV", "tv series": "TV", "movie": "Movie", "ova": "OVA",
    "ona": "ONA", "web": "ONA", "special": "Special", "tv special": "Special",
    "tv_special": "Special", "music": "Music", "music video": "Music",
}  # fmt: skip
STATUSES = {
    "finished": "finished", "finished airing": "finished", "finished_airing": "finished",
    "releasing": "airing", "current": "airing", "currently airing": "airing",
    "currently_airing": "airing", "not_yet_released": "upcoming", "not yet aired": "upcoming",
    "not_yet_aired": "upcoming", "upcoming": "upcoming", "unreleased": "upcoming",
    "tba": "upcoming",
}  # fmt: skip
#: Which named service answers for which catalog site (the ids titles hold).
SERVICE_SITES = {"anilist": "anilist", "jikan": "myanimelist", "mal": "myanimelist",
                 "kitsu": "kitsu", "anidb": "anidb"}  # fmt: skip


def media_type(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return MEDIA_TYPES.get(value.strip().lower(), value.strip())


def status(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, str) or not value.strip():
        return None
    word = value.strip().lower()
    return {"value": STATUSES.get(word, word), "as_written": value}


def request_of(document: Document, service: str) -> tuple[ServiceRef, str] | None:
    """The anime and endpoint this document's request names, when it is ``service``'s."""
    found = request_ref(document.source)
    return found if found is not None and found[0].service == service else None


def score_of(value: Any, scale_max: float, span: Span | None) -> dict[str, Any] | None:
    """A score dict for a number on ``scale_max`` (written as the service wrote it); None
    when the value is missing, not a number, or outside the scale."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        written = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number, written = float(value), f"{value:g}" if isinstance(value, float) else str(value)
    else:
        return None
    try:
        out = dict(ratio(number, scale_max, written).__dict__)
    except UnknownScale:
        return None
    if span is not None:
        out["span"] = span.as_list()
    return out


@dataclass
class ClaimSink:
    """The claims of one answer, in the order read, each stamped with the adapter."""

    extractor: str
    site: str
    service: str
    fallback: Span = field(default_factory=lambda: Span(0, 0))
    claims: list[Claim] = field(default_factory=list)

    def add(
        self,
        kind: ClaimKind,
        data: Mapping[str, Any],
        span: Span | None,
        subject: str | None = None,
    ) -> None:
        self.claims.append(
            Claim(kind, dict(data), span or self.fallback, self.extractor, CONFIDENCE, subject)
        )

    def stamped(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` with the service named, as every aggregate-like claim carries it."""
        return {**data, "site": self.site, "service": self.service}


@dataclass(frozen=True)
class Figure:
    """One number of a service's aggregate and the span of the field that states it."""

    value: Any
    span: Span | None


def site_score(
    sink: ClaimSink,
    score: dict[str, Any] | None,
    *,
    measure: str,
    primary: bool,
    span: Span | None,
    link: str | None,
    figures: Mapping[str, Figure],
    subject: str | None = None,
) -> None:
    """The service's own aggregate as a ``site_score`` claim (nothing when it has no score).

    ``figures`` are the numbers that go with it (votes, rank, popularity,
    members, favorites); each is kept with the span of its field.
    """
    if score is None:
        return
    data: dict[str, Any] = {"score": score, "measure": measure, "primary": primary, "link": link}
    spans: dict[str, list[int]] = {}
    for name, figure in figures.items():
        data[name] = figure.value if isinstance(figure.value, int) else None
        if figure.span is not None and data[name] is not None:
            spans[name] = figure.span.as_list()
    data["field_spans"] = spans
    sink.add(ClaimKind.SITE_SCORE, sink.stamped(data), span, subject)


def title_claim(
    sink: ClaimSink, name: str | None, source_ids: Mapping[str, Any], span: Span | None
) -> None:
    """The answer's anime: its name (None when the answer does not carry it) and ids."""
    ids = {site: str(i) for site, i in source_ids.items() if i not in (None, "", 0)}
    sink.add(ClaimKind.TITLE, {"name": name, "role": "subject", "source_ids": ids}, span)


def as_int(value: Any) -> int | None:
    """An integer count as services write them (``1234``, ``"1234"``); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
