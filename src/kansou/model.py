"""The plain data that flows between pipeline stages.

    load -> Document -> clean -> Cleaned (text + Blocks) -> classify -> kind
         -> extract -> Claims -> resolve -> store -> aggregate -> serve

Nothing here touches the database: rows stay inside ``kansou.store``. Every
``Claim`` carries the span of the document text it came from, so any number
kansou shows can be traced back to the sentence that produced it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Document:
    """One input as it arrived: its raw bytes, where it came from and their hash.

    ``sha256`` is the identity used for idempotent ingest: the same bytes from
    the same or another path are the same document. ``fetched_at`` (ISO 8601,
    UTC) is when the bytes came from the network, for answers of service APIs.
    """

    source: str
    raw: bytes
    media_type: str = "text/plain"
    url: str | None = None
    sha256: str = ""
    fetched_at: str | None = None

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.raw).hexdigest())


#: Block tags that extractors never read: image captions, page metadata (the
#: ``URL: ...`` line a crawler's text dump starts with) and readers' comments under a
#: post (their scores and opinions are not the page's).
UNREAD_TAGS = frozenset({"caption", "address", "comment"})


@dataclass(frozen=True)
class Block:
    """A unit of clean text (a line or a block element) at ``[start, end)`` of the text.

    ``repeat_of`` is the index of an earlier block with the same content: a
    scrape that holds an article twice keeps both in the text (spans stay
    true to the page) but extractors skip the repeats.
    """

    index: int
    start: int
    end: int
    text: str
    tag: str = "line"
    repeat_of: int | None = None
    section: str | None = None


@dataclass(frozen=True)
class Cleaned:
    """A document's decoded text and its blocks; spans of claims index into ``text``."""

    text: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    html: str | None = None
    title: str | None = None
    address: str | None = None
    language: str | None = None
    #: Index of the block the page's markup names its article's headline
    #: (``itemprop="headline"``, ``class="entry-title"``); None when none is named.
    headline: int | None = None

    def live_blocks(self) -> list[Block]:
        """Blocks that are read: not repeats of an earlier block, captions or page metadata."""
        return [b for b in self.blocks if b.repeat_of is None and b.tag not in UNREAD_TAGS]


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` into a document's clean text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def as_list(self) -> list[int]:
        return [self.start, self.end]


class ClaimKind(StrEnum):
    """Every kind of fact an extractor may state; the docstring of each payload is its contract.

    Payload (``Claim.data``) keys per kind:

    - ``title``: ``name`` (the name the document uses for its subject), ``role``
      ("subject" for the page's own title), ``source_ids`` ({site: id}, optional).
    - ``alias``: ``name``, ``language`` (optional, e.g. "en", "ja", "hashtag"),
      ``synonym`` (bool, optional).
    - ``media_type``: ``value`` ("TV", "Movie", "OVA", "ONA", "Special", "Music").
    - ``episode_count``: ``value`` (int).
    - ``episode_minutes``: ``value`` (int minutes per episode).
    - ``status``: ``value`` ("finished", "airing", "upcoming"), ``as_written``.
    - ``date``: ``role`` ("start", "end", "release", "premiered" (``season``
      beside a year), "broadcast" (``weekday``, ``time``, ``timezone``)),
      ``date`` (ISO, or None when only a weekday is stated), ``as_written``;
      ``reconciled_role`` when the extractor could tell what a vague "release"
      date really is.
    - ``studio`` / ``producer`` / ``genre`` / ``source_material``: ``name``;
      ``role`` for producers ("producer", "licensor") and genres ("theme",
      "demographic"); ``mention`` when read from prose.
    - ``synopsis``: ``text``, ``source`` (who wrote it, when stated).
    - ``site_score``: the site's own aggregate: ``score`` (Score dict), ``votes``.
    - ``stat``: ``name`` ("favorites", "members", "rank", "popularity",
      "trending_level", watching statuses, "age_rating"), ``value``.
    - ``review``: ``author``, ``headline``, ``score`` (Score dict or None),
      ``status`` ("scored", "unevaluated", "unscored"), ``text``, ``date``,
      ``updated``, ``episodes_seen``, ``helpful``, ``aspects`` ({name: Score
      dict}), ``aspects_rated`` (column names), ``syndicated_from``,
      ``episodes_total``, ``review_id``, ``text_span``.
    - ``episode``: ``number``, ``title``, ``score`` (Score dict or None), ``aired``,
      ``filler``, ``recap``.
    - ``cast``: ``character``, ``actor`` (None when not given), ``role``, ``language``.
    - ``staff``: ``person``, ``role``.
    - ``similar``: ``name``, ``votes``, ``reasons``, ``mal_id``.
    - ``headline``: ``text`` (a news article's headline), ``date``, ``author``.
    - ``key_point``: ``text``.
    - ``score_distribution``: ``votes`` ({"1".."10": count}).
    - ``listing_entry``: ``name``, ``score``, ``members``, ``rank``, ``mal_id``.
    - ``relation``: another work related to this one: ``name``, ``relation``
      (the service's word: "sequel", "side story", "adaptation"), ``media``
      ("anime", "manga"), ``source_ids`` ({site: id}).

    Answers of service APIs (AniList, Jikan, Kitsu, AniDB, MyAnimeList's API)
    add ``site`` (the service's name), ``service`` and, on ``site_score``,
    ``measure`` (the field read), ``primary`` (the service's headline score),
    ``rank``, ``popularity``, ``members``, ``favorites``, ``link`` (the anime's
    page) and ``field_spans`` ({field: [start, end]}) for each number.
    """

    TITLE = "title"
    ALIAS = "alias"
    MEDIA_TYPE = "media_type"
    EPISODE_COUNT = "episode_count"
    EPISODE_MINUTES = "episode_minutes"
    STATUS = "status"
    DATE = "date"
    STUDIO = "studio"
    PRODUCER = "producer"
    GENRE = "genre"
    SOURCE_MATERIAL = "source_material"
    SYNOPSIS = "synopsis"
    SITE_SCORE = "site_score"
    STAT = "stat"
    REVIEW = "review"
    EPISODE = "episode"
    CAST = "cast"
    STAFF = "staff"
    SIMILAR = "similar"
    HEADLINE = "headline"
    KEY_POINT = "key_point"
    SCORE_DISTRIBUTION = "score_distribution"
    LISTING_ENTRY = "listing_entry"
    RELATION = "relation"


@dataclass(frozen=True)
class Claim:
    """A typed fact stated by one document, with the text span it came from.

    ``subject`` names the title the fact is about when it is not the document's
    own subject (a listing row, a similar title); ``None`` means "the title this
    document is about". ``confidence`` in [0, 1] says how sure the extractor is
    of the shape it recognised; ``extractor`` names the rule that fired.
    """

    kind: ClaimKind
    data: Mapping[str, Any]
    span: Span
    extractor: str
    confidence: float = 1.0
    subject: str | None = None


class DocumentKind(StrEnum):
    """What a document is, decided by ``kansou.classify`` from its shape."""

    REVIEW = "review"
    EPISODE_REVIEW = "episode_review"
    MULTI_REVIEW = "multi_review"
    EPISODE_GUIDE = "episode_guide"
    TITLE_PAGE = "title_page"
    CAST_PAGE = "cast_page"
    NEWS = "news"
    COMMUNITY_REVIEW = "community_review"
    STATS_PAGE = "stats_page"
    RECOMMENDATIONS = "recommendations"
    LISTING = "listing"
    RATING_SCALE = "rating_scale"
    OTHER = "other"


@dataclass(frozen=True)
class Extraction:
    """What the extract stage says about one document: its kind, subject and claims.

    ``explanation`` is how general extraction read the page (its kind and why,
    language, subjects, every score candidate with its decision and reasons),
    as plain data for ``kansou inspect``; it is never stored.
    ``dropped`` holds one reason per claim left out for a wrong value (an
    episode count of 10^310); the document is stored without those claims.
    """

    kind: DocumentKind
    subject: str | None
    claims: tuple[Claim, ...]
    extractors: tuple[str, ...] = ()
    explanation: Mapping[str, Any] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """Why a document was not stored; shown to the user as one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class IngestOutcome:
    """The result of ingesting one input: stored (new or already known) or rejected."""

    source: str
    status: str  # "stored" | "unchanged" | "rejected"
    document_id: int | None = None
    kind: str | None = None
    n_claims: int = 0
    reason: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()  # claims left out for a wrong value, one reason each
