"""Structured route: schema.org data embedded in HTML (JSON-LD and microdata) mapped to claims.

What is read, and into what:

- ``Review`` -> ``review`` (author, headline, score on its stated scale, text,
  date); its ``itemReviewed`` names the subject.
- ``AggregateRating`` (alone or inside a work) -> ``site_score`` with votes.
- ``TVSeries`` / ``Movie`` / ``CreativeWorkSeries`` -> ``title`` (role "subject"),
  ``alias`` (alternateName), ``genre``, ``episode_count``, start/end ``date``,
  ``studio`` (productionCompany), ``synopsis``, ``cast`` (actor), ``staff``
  (director, author, creator, musicBy), and its nested ratings and reviews.
- ``TVEpisode`` -> ``episode`` (number, title, aired, score when rated).
- ``Person`` on its own -> ``staff`` when it states a ``jobTitle``.
- ``NewsArticle`` / ``Article`` -> ``headline`` (with date and author).

JSON-LD is read with extruct's ``JsonLdExtractor`` on the page's ld+json
scripts only. Microdata is read from the lexbor tree the clean stage already
built (the W3C microdata rules, as extruct applies them: a property belongs
to its nearest ``itemscope`` ancestor; its value is ``content``, ``href``,
``src``, ``datetime`` or the text), which is what keeps this route at a
fraction of a millisecond on pages with no structured data; the tests check
this reader against extruct's own microdata output.

Spans: a claim's span is where its stated value is shown in ``Cleaned.text``
(the name, the rating value, the review body); a value that is only in the
markup (a ``meta`` tag, a JSON-LD block) gets the span of the page's title
block: the block that shows the ``<title>`` or the first heading.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from extruct.jsonld import JsonLdExtractor
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kansou.classify import NO_ANIME
from kansou.clean.html import parse_html
from kansou.errors import UnknownScale
from kansou.extract.base import Extractor, register
from kansou.extract.values import read_count, read_date
from kansou.model import Claim, ClaimKind, Cleaned, Document, DocumentKind, Extraction, Span
from kansou.scales import Score, ratio

EXTRACTOR = "structured:schema.org"
#: Stated data is the publisher's own, but it can be stale or templated
#: (a rating widget on every page): a little below the adapters.
CONFIDENCE = 0.9
#: schema.org's default ``bestRating`` when a rating does not state one.
DEFAULT_BEST_RATING = 5.0
#: Items nested deeper than this are ignored (no real page nests more than 4).
MAX_ITEM_DEPTH = 16
#: How far above an ``actor`` property the character it plays is looked for (AniDB's
#: character card holds its voice actor 3 levels down).
MAX_PAIRING_DEPTH = 8
#: Types of a reviewed item that are another medium than anime: a page whose every
#: ``itemReviewed`` is one of these reviews a game or a book, whatever its text says.
OTHER_MEDIUM_TYPES = frozenset(
    {"VideoGame", "VideoGameSeries", "Game", "Book", "BookSeries", "ComicIssue", "ComicSeries",
     "ComicStory", "SoftwareApplication", "MobileApplication"}
)  # fmt: skip
WORK_TYPES = frozenset({"TVSeries", "Movie", "CreativeWorkSeries", "TVSeason", "CreativeWork"})
ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting"})
#: Article types that say the page is news; a plain ``Article`` (every Wikipedia page is
#: one) or ``BlogPosting`` says only that the page has a headline.
NEWS_TYPES = frozenset({"NewsArticle", "ReportageNewsArticle"})
STAFF_PROPERTIES = {"director": "Director", "author": "Original Creator",
                    "creator": "Original Creator", "musicBy": "Music"}  # fmt: skip
_URL_ATTRS = {"a": "href", "link": "href", "area": "href", "img": "src", "audio": "src",
              "video": "src", "source": "src", "iframe": "src", "embed": "src"}  # fmt: skip
_JSONLD = JsonLdExtractor()

Item = dict[str, Any]


def read_items(html: str, tree: LexborHTMLParser) -> list[Item]:
    """Every top-level schema.org item of the page, JSON-LD first, then microdata."""
    items: list[Item] = []
    if "ld+json" in html:
        for script in tree.css('script[type="application/ld+json"]'):
            items.extend(_jsonld_items(script.html or ""))
    if "itemscope" in html:
        for node in tree.css("[itemscope]"):
            if "itemprop" not in node.attributes:
                items.append(microdata_item(node, 0))
    return items


def _jsonld_items(script_html: str) -> list[Item]:
    """Items of one ld+json block; a block that is not JSON (a publisher's typo) gives none
    and leaves the page's other blocks readable."""
    try:
        data = _JSONLD.extract(f"<html><head>{script_html}</head></html>")
    except ValueError:
        return []
    return list(_flatten_graph(data))


def _flatten_graph(data: Any) -> Iterator[Item]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten_graph(entry)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten_graph(data["@graph"])
        else:
            yield data


def microdata_item(node: LexborNode, depth: int) -> Item:
    """One microdata item: its type and properties (repeated properties become lists)."""
    item: Item = {"@type": _short_type(node.attributes.get("itemtype") or "")}
    characters: list[tuple[LexborNode, Any]] = []
    actors: list[tuple[LexborNode, Any]] = []
    for prop in node.css("[itemprop]"):
        owner = _owner(prop)
        if owner is None or owner.mem_id != node.mem_id or depth >= MAX_ITEM_DEPTH:
            continue
        if "itemscope" in prop.attributes:
            value: Any = microdata_item(prop, depth + 1)
        else:
            value = _property_value(prop)
        names = (prop.attributes.get("itemprop") or "").split()
        if "character" in names:
            characters.append((prop, value))
        if "actor" in names:
            actors.append((prop, value))
            names = [n for n in names if n != "actor"]
        for name in names:
            _add(item, name, value)
    for prop, value in actors:
        _add(item, "actor", _performance_role(prop, value, characters, node))
    return item


def _performance_role(
    actor: LexborNode, person: Any, characters: list[tuple[LexborNode, Any]], item: LexborNode
) -> Any:
    """An ``actor`` as a schema.org PerformanceRole when the markup pairs it with one
    ``character``: the smallest element around the actor that holds a character property
    of the same item holds exactly one (a character's card with its voice actors in it).
    Pages list ``character`` and ``actor`` as sibling properties; their order alone
    would pair a character that has no actor with the next one's."""
    if not characters:
        return person
    values = {node.mem_id: value for node, value in characters}
    ancestor = actor.parent
    for _ in range(MAX_PAIRING_DEPTH):
        if ancestor is None or ancestor.mem_id == item.mem_id:
            return person
        inside = [c.mem_id for c in ancestor.css('[itemprop~="character"]') if c.mem_id in values]
        if len(inside) > 1:
            return person
        if inside:
            name = as_text(values[inside[0]])
            return {"@type": "PerformanceRole", "actor": person, "characterName": name}
        ancestor = ancestor.parent
    return person


def _owner(prop: LexborNode) -> LexborNode | None:
    parent = prop.parent
    while parent is not None and "itemscope" not in parent.attributes:
        parent = parent.parent
    return parent


def _property_value(prop: LexborNode) -> str:
    attrs = prop.attributes
    tag = prop.tag or ""
    if tag == "meta":
        return (attrs.get("content") or "").strip()
    if tag in _URL_ATTRS:
        return (attrs.get(_URL_ATTRS[tag]) or "").strip()
    if tag == "time" and attrs.get("datetime"):
        return (attrs.get("datetime") or "").strip()
    if tag in ("data", "meter") and attrs.get("value"):
        return (attrs.get("value") or "").strip()
    if attrs.get("content"):  # not in the W3C rules, but schema.org's examples use it
        return (attrs.get("content") or "").strip()
    return " ".join(prop.text(deep=True).split())


def _add(item: Item, name: str, value: Any) -> None:
    if name not in item:
        item[name] = value
    elif isinstance(item[name], list):
        item[name].append(value)
    else:
        item[name] = [item[name], value]


def _short_type(itemtype: str | list[Any]) -> str:
    first = itemtype[0] if isinstance(itemtype, list) and itemtype else itemtype
    return str(first).split()[0].rstrip("/").rsplit("/", 1)[-1] if first else ""


def item_type(item: Item) -> str:
    """An item's schema.org type without its vocabulary URL ("TVSeries")."""
    return _short_type(item.get("@type") or "")


def as_list(value: Any) -> list[Any]:
    """A property's values as a list (one value, several, or none)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def as_text(value: Any) -> str | None:
    """A property as text: a string, or the ``name`` of a nested item."""
    for entry in as_list(value):
        if isinstance(entry, dict):
            entry = as_text(entry.get("name"))
        if isinstance(entry, str) and entry.strip():
            return " ".join(entry.split())
        if isinstance(entry, int | float):
            return str(entry)
    return None


def _number(value: Any) -> float | None:
    text = as_text(value)
    if text is None:
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _whole(value: Any) -> int | None:
    """A property that must be a whole number ("25", 25); "S1", "2.5" or "" are not."""
    text = as_text(value)
    return int(text) if text is not None and text.isdigit() else None


def rating_score(rating: Any, default_best: float = DEFAULT_BEST_RATING) -> Score | None:
    """A schema.org Rating as a ``Score`` on its stated scale; None when it has no value.

    ``default_best`` is the maximum when the rating states none: schema.org's 5, or the
    scale the page's own aggregate rating states (a review rated "8.83" on a page whose
    AggregateRating has ``bestRating`` 10 is out of 10, not an impossible 8.83/5).
    """
    if not isinstance(rating, dict):
        value = _number(rating)
        if value is None:
            return None
        try:
            return ratio(value, default_best, f"{value:g}/{default_best:g}")
        except UnknownScale:
            return None
    value = _number(rating.get("ratingValue"))
    if value is None:
        return None
    best = _number(rating.get("bestRating")) or default_best
    written = as_text(rating.get("ratingValue")) or str(value)
    try:
        return ratio(value, best, f"{written}/{best:g}")
    except UnknownScale:
        return None


def _best_rating(rating: Any) -> float:
    """The maximum a page's aggregate rating states, for its reviews that state none."""
    best = _number(rating.get("bestRating")) if isinstance(rating, dict) else None
    return best or DEFAULT_BEST_RATING


class Spans:
    """Where stated values are shown in the clean text; the title block when they are not."""

    def __init__(self, cleaned: Cleaned) -> None:
        self.text = cleaned.text
        self.title_block = title_block_span(cleaned)

    def of(self, *values: str | None) -> Span:
        """Span of the first of ``values`` shown in the text, whitespace folded."""
        for value in values:
            needle = " ".join((value or "").split())
            if len(needle) >= 2 and (at := self.text.find(needle)) >= 0:
                return Span(at, at + len(needle))
        return self.title_block

    def of_body(self, body: str | None) -> Span:
        """Span of a long text (a review body) from its first to its last words."""
        words = (body or "").split()
        if not words:
            return self.title_block
        head = self.of(" ".join(words[:8]))
        tail = self.of(" ".join(words[-8:]))
        if head == self.title_block or tail.end < head.start:
            return head
        return Span(head.start, tail.end)


def title_block_span(cleaned: Cleaned) -> Span:
    """The block that shows the page's title (its ``<title>`` or first heading)."""
    title = cleaned.title or ""
    for block in cleaned.blocks:
        if block.tag == "heading" or (title and block.text in title):
            return Span(block.start, block.end)
    first = cleaned.blocks[0] if cleaned.blocks else None
    return Span(first.start, first.end) if first else Span(0, 0)


def _claim(kind: ClaimKind, data: dict[str, Any], span: Span, subject: str | None = None) -> Claim:
    return Claim(kind, data, span, EXTRACTOR, CONFIDENCE, subject)


def review_claim(item: Item, spans: Spans, subject: str | None,
                 default_best: float = DEFAULT_BEST_RATING) -> Claim:  # fmt: skip
    """A schema.org Review as a ``review`` claim; no rating means "unscored", never zero."""
    score = rating_score(item.get("reviewRating"), default_best)
    body = as_text(item.get("reviewBody")) or as_text(item.get("description"))
    reviewed, episode = _reviewed(item.get("itemReviewed"))
    headline = as_text(item.get("name")) or as_text(item.get("headline"))
    data: dict[str, Any] = {
        "author": as_text(item.get("author")), "headline": headline,
        "score": dict(score.__dict__) if score else None,
        "status": "scored" if score else "unscored", "text": body,
        "date": as_text(item.get("datePublished")), "updated": as_text(item.get("dateModified")),
        "episodes_seen": None, "helpful": None, "aspects": {}, "aspects_rated": [],
        "syndicated_from": None,
    }  # fmt: skip
    if episode is not None:
        data["episode"] = episode
    span = spans.of_body(body) if body else spans.of(headline)
    return _claim(ClaimKind.REVIEW, data, span, reviewed if reviewed != subject else None)


def _reviewed(value: Any) -> tuple[str | None, int | None]:
    """The work a review reviews, and the episode: a ``TVEpisode`` reviewed is an episode
    of its ``partOfSeries`` ("Like a Fairy Tale", episode 7 of Frieren)."""
    item = next((v for v in as_list(value) if isinstance(v, dict)), None)
    if item is None or item_type(item) not in ("TVEpisode", "Episode"):
        return as_text(value), None
    series = as_text(item.get("partOfSeries"))
    number = _number(item.get("episodeNumber"))
    episode = int(number) if number is not None and number.is_integer() else None
    return (series or as_text(item.get("name"))), (episode if series else None)


def aggregate_claim(rating: Any, spans: Spans) -> Claim | None:
    """A schema.org AggregateRating as a ``site_score`` claim with its vote count.

    Counts are often written for people ("(14610)", "10355 votes"): the first whole
    number of ``ratingCount`` (else ``reviewCount``) is the number of votes.
    """
    score = rating_score(rating)
    if score is None or not isinstance(rating, dict):
        return None
    votes = read_count(as_text(rating.get("ratingCount")) or "")
    if votes is None:
        votes = read_count(as_text(rating.get("reviewCount")) or "")
    data = {"score": dict(score.__dict__), "votes": votes}
    return _claim(ClaimKind.SITE_SCORE, data, spans.of(as_text(rating.get("ratingValue"))))


def work_claims(item: Item, spans: Spans) -> list[Claim]:
    """A TVSeries (or Movie) as the page's subject and every fact it states about itself."""
    name = as_text(item.get("name"))
    claims = _naming_claims(item, spans, name) + _fact_claims(item, spans)
    claims.extend(_people_claims(item, spans))
    rating = item.get("aggregateRating")
    if (site_score := aggregate_claim(rating, spans)) is not None:
        claims.append(site_score)
    for review in as_list(item.get("review")):
        if isinstance(review, dict):
            claims.append(review_claim(review, spans, name, _best_rating(rating)))
    for episode in as_list(item.get("episode")):
        if isinstance(episode, dict) and (claim := episode_claim(episode, spans)) is not None:
            claims.append(claim)
    return claims


def _naming_claims(item: Item, spans: Spans, name: str | None) -> list[Claim]:
    """The work's title, its other names and its genres."""
    claims: list[Claim] = []
    if name:
        claims.append(_claim(ClaimKind.TITLE, {"name": name, "role": "subject"}, spans.of(name)))
    for alias in as_list(item.get("alternateName")):
        if text := as_text(alias):
            claims.append(_claim(ClaimKind.ALIAS, {"name": text, "language": None}, spans.of(text)))
    for genre in as_list(item.get("genre")):
        if text := as_text(genre):
            claims.append(_claim(ClaimKind.GENRE, {"name": text}, spans.of(text)))
    return claims


def _fact_claims(item: Item, spans: Spans) -> list[Claim]:
    """Studio, episode count, dates, synopsis; a ``Movie`` item says the work is a movie.

    A date is kept only when it reads as a calendar date (ISO, or a day-first "20.07.2001"):
    a value like "Summer 2001" states no day, and a claim must never carry an unread date.
    """
    claims: list[Claim] = []
    if item_type(item) == "Movie":
        claims.append(_claim(ClaimKind.MEDIA_TYPE, {"value": "Movie"}, spans.title_block))
    for company in as_list(item.get("productionCompany")):
        if text := as_text(company):
            claims.append(_claim(ClaimKind.STUDIO, {"name": text}, spans.of(text)))
    if (episodes := _whole(item.get("numberOfEpisodes"))) is not None and episodes > 0:
        count = {"value": episodes}
        claims.append(_claim(ClaimKind.EPISODE_COUNT, count, spans.of(str(episodes))))
    for prop, role in (("startDate", "start"), ("endDate", "end"), ("datePublished", "release")):
        written = as_text(item.get(prop))
        if written and (found := read_date(written)) is not None:
            data = {"role": role, "date": found[0], "as_written": written}
            claims.append(_claim(ClaimKind.DATE, data, spans.of(written)))
    if synopsis := as_text(item.get("description")):
        claims.append(_claim(ClaimKind.SYNOPSIS, {"text": synopsis, "source": None},
                             spans.of_body(synopsis)))  # fmt: skip
    return claims


def _people_claims(item: Item, spans: Spans) -> list[Claim]:
    """Cast (a PerformanceRole pairs an actor with the character played) and staff."""
    claims = []
    for actor in as_list(item.get("actor")) + as_list(item.get("actors")):
        role = actor if isinstance(actor, dict) and item_type(actor) == "PerformanceRole" else {}
        person = as_text(role.get("actor")) if role else as_text(actor)
        if not person:
            continue
        character = as_text(role.get("characterName")) or as_text(role.get("character"))
        data = {"character": character, "actor": person, "role": None, "language": None}
        claims.append(_claim(ClaimKind.CAST, data, spans.of(person)))
    for prop, staff_role in STAFF_PROPERTIES.items():
        for entry in as_list(item.get(prop)):
            if person := as_text(entry):
                claims.append(_claim(ClaimKind.STAFF, {"person": person, "role": staff_role},
                                     spans.of(person)))  # fmt: skip
    return claims


def episode_claim(item: Item, spans: Spans) -> Claim | None:
    """A schema.org TVEpisode as an ``episode`` claim; None for an episode of no number
    in the run (a special "S1", a trailer "T1", credits "C1" are not numbered episodes)."""
    number = _whole(item.get("episodeNumber"))
    if item.get("episodeNumber") is not None and number is None:
        return None
    title = as_text(item.get("name"))
    score = rating_score(item.get("aggregateRating"))
    aired = read_date(as_text(item.get("datePublished")) or "")
    data = {"number": number, "title": title, "aired": aired[0] if aired else None,
            "score": dict(score.__dict__) if score else None}  # fmt: skip
    return _claim(ClaimKind.EPISODE, data, spans.of(title))


def listing_claims(item: Item, spans: Spans) -> list[Claim]:
    """A schema.org ItemList (not a BreadcrumbList: that is the page's address) as one
    ``listing_entry`` per listed work."""
    claims = []
    for element in as_list(item.get("itemListElement")):
        entry = element.get("item") if isinstance(element, dict) else element
        name = as_text(entry) or (as_text(element) if isinstance(element, dict) else None)
        if not name or name.startswith(("http://", "https://", "/")):
            continue
        data = {"name": name, "score": None, "members": None, "rank": None, "mal_id": None}
        claims.append(_claim(ClaimKind.LISTING_ENTRY, data, spans.of(name), subject=name))
    return claims


def person_claims(item: Item, spans: Spans) -> list[Claim]:
    """A Person on its own says something kansou keeps only when it states a job."""
    person, job = as_text(item.get("name")), as_text(item.get("jobTitle"))
    if not person or not job:
        return []
    return [_claim(ClaimKind.STAFF, {"person": person, "role": job}, spans.of(person))]


def article_claims(item: Item, spans: Spans) -> list[Claim]:
    """A NewsArticle as its ``headline`` (with date and author as stated)."""
    headline = as_text(item.get("headline")) or as_text(item.get("name"))
    if not headline:
        return []
    data = {"text": headline, "date": as_text(item.get("datePublished")),
            "author": as_text(item.get("author"))}  # fmt: skip
    return [_claim(ClaimKind.HEADLINE, data, spans.of(headline))]


def item_claims(item: Item, spans: Spans) -> list[Claim]:
    """Claims of one top-level item by its type; types kansou does not read give none."""
    kind = item_type(item)
    if kind in WORK_TYPES:
        return work_claims(item, spans)
    if kind == "Review":
        return [review_claim(item, spans, None)]
    if kind == "AggregateRating":
        rating = aggregate_claim(item, spans)
        return [rating] if rating is not None else []
    if kind == "TVEpisode":
        claim = episode_claim(item, spans)
        return [claim] if claim is not None else []
    if kind == "ItemList":
        return listing_claims(item, spans)
    if kind == "Person":
        return person_claims(item, spans)
    if kind in ARTICLE_TYPES:
        return article_claims(item, spans)
    return []


def document_kind(claims: list[Claim], types: frozenset[str] = frozenset()) -> DocumentKind:
    """What the stated data says the page is: a work's page, a review, a news article
    (only a ``NewsArticle`` says so; ``types`` are the page's top-level item types)."""
    kinds = [c.kind for c in claims]
    reviews = kinds.count(ClaimKind.REVIEW)
    if ClaimKind.TITLE in kinds:  # a work's own page, with or without user reviews on it
        return DocumentKind.TITLE_PAGE
    if reviews:
        return DocumentKind.REVIEW if reviews == 1 else DocumentKind.MULTI_REVIEW
    if ClaimKind.HEADLINE in kinds and types & NEWS_TYPES:
        return DocumentKind.NEWS
    if ClaimKind.EPISODE in kinds:
        return DocumentKind.EPISODE_GUIDE
    if ClaimKind.LISTING_ENTRY in kinds:
        return DocumentKind.LISTING
    return DocumentKind.OTHER


def subject_of(claims: list[Claim]) -> str | None:
    """The page's subject: the work it describes, else the one item its reviews review."""
    for c in claims:
        if c.kind is ClaimKind.TITLE:
            return str(c.data["name"])
    reviewed = {c.subject for c in claims if c.kind is ClaimKind.REVIEW and c.subject}
    return reviewed.pop() if len(reviewed) == 1 else None


@register
class SchemaOrgExtractor(Extractor):
    """schema.org JSON-LD and microdata (Review, AggregateRating, TVSeries, TVEpisode,
    Person, NewsArticle) embedded in HTML pages."""

    name = "schema.org"
    route = "structured"

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        html = cleaned.html or ""
        return "ld+json" in html or "itemscope" in html

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        if not cleaned.html or not self.applies(document, cleaned):
            return Extraction(DocumentKind.OTHER, None, (), (self.name,))
        spans = Spans(cleaned)
        claims: list[Claim] = []
        items = read_items(cleaned.html, parse_html(cleaned.html))
        for item in items:
            claims.extend(item_claims(item, spans))
        if medium := other_medium(items):
            why = f"{NO_ANIME}: its schema.org data reviews a {medium}"
            return Extraction(DocumentKind.OTHER, None, (), (self.name,), {"why": why})
        kind = document_kind(claims, frozenset(item_type(i) for i in items))
        return Extraction(kind, subject_of(claims), tuple(claims), (self.name,))


def other_medium(items: list[Item]) -> str | None:
    """The type of what the page's reviews review, when every reviewed item is another
    medium (``OTHER_MEDIUM_TYPES``) and no anime work is described: "VideoGame"."""
    reviewed = [
        item_type(r) if isinstance(r, dict) else ""
        for item in items
        if item_type(item) == "Review"
        for r in as_list(item.get("itemReviewed"))
    ]
    if not reviewed or any(t not in OTHER_MEDIUM_TYPES for t in reviewed):
        return None
    if any(item_type(item) in WORK_TYPES for item in items):
        return None
    return reviewed[0]
