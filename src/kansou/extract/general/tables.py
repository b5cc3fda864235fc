"""HTML facts boxes: the label/value pairs a database page marks up, read field by field.

``markup.Markup`` finds the pairs (table rows, definition lists, label elements); this
module decides what each says, with the label vocabulary of ``fields.LABELS`` plus the
labels trusted only when the markup sets them apart as labels (``BOX_LABELS``: a line
"Rating: 8.8" inside a review is that review's score, a "Rating" cell is the site's).

Rules that hold on any database page:

- **Validate for the field.** A media type is one of the known kinds, possibly with an
  episode count and running time beside it ("TV Series, 37 episodes", "TV-Series, 37
  (~23 min)", "TV (25 eps)"); an episode count is one number ("1-3, 11" is a list of
  episodes, "1081+" is not a count); a date is a calendar date (``kansou.extract.values``);
  a studio is a name, without a trailing note ("OLM (eps 1-45)" is OLM).
- **One subject per page.** A page describes one anime, then often its editions,
  localized releases or another country's broadcast: for a single-valued field (type,
  episodes, status, start, end, running time, the site's score) the first statement on the
  page is the subject's, and the first line of a multi-line value is ("Vintage: 2017-10-03 /
  2017-12-02 (USA)").
- **Scores need a scale.** A score is read with its written maximum ("8.7/10", "4.4 out of
  5"); without one, the box's scores share a scale, taken from the largest of them: above
  ``TEN_POINT_ABOVE`` it is a ten-point scale, at most 5 with nothing larger beside it is
  ambiguous and is not read. Votes are the count beside the score ("8.58 (20205)", "from
  59,233 votes") or a votes field of the same box ("User Ratings: 570 ratings").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kansou.errors import UnknownScale
from kansou.extract.general.fields import LABELS, MEDIA_TYPES, STATUS_WORDS
from kansou.extract.general.markup import Markup, Pair, Piece
from kansou.extract.general.rows import read_cast, read_episode_tables, read_listing
from kansou.extract.values import read_count, read_date, read_date_range, read_minutes
from kansou.model import Claim, ClaimKind, Cleaned, Span
from kansou.scales import ratio

NAME = "general.tables"
#: A marked-up facts box is as sure as a site adapter's reading of its own page.
CONFIDENCE = 0.9

#: Labels read only when the markup sets them apart as labels (table cells, ``dt``, a label
#: element): as plain lines they are too often something else ("Rating: 4/5" in a review,
#: "Year" heading a table column).
BOX_LABELS: dict[str, str] = {
    "year": "aired",
    "years": "aired",
    "air date": "aired",
    "aired on": "aired",
    "broadcast": "aired",
    "rating": "site_score",
    "average": "site_score",
    "average rating": "site_score",
    "user rating": "site_score",
    "overall rating": "site_score",
    "arithmetic mean": "site_score",
    "weighted mean": "site_score",
    "bayesian estimate": "site_score",
    "votes": "votes",
    "user ratings": "votes",
    "ratings": "votes",
    "number of votes": "votes",
    "number of ratings": "votes",
    "animation work": "studio",
    "animation studio": "studio",
    "animation studios": "studio",
    "production studio": "studio",
    "running time": "minutes",
}
#: Fields a page states once for its subject: the first statement wins.
SINGLE_VALUED = frozenset({"media_type", "episode_count", "status", "start", "end", "aired",
                           "release", "minutes", "site_score", "votes"})  # fmt: skip
#: A score above this without a written maximum is on a ten-point scale; at most 5 it may
#: be a five-point one. Sites without a written maximum use 10 (AniDB, ANN) or show it.
TEN_POINT_ABOVE = 5.0
_SCORE_VALUE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})?)(?:\s*(?:/|out of)\s*(\d{1,3}))?(?!\d)")
_VOTES_BESIDE = re.compile(
    r"^\s*\((\d[\d,]*)\)|(?:from|by|of)?\s*(\d[\d,]*)\s+(?:votes?|ratings?|users?|people)\b",
    re.I,
)
_EPISODES = re.compile(
    r"^\s*(\d{1,3}(?:,\d{3})+|\d{1,5})\s*(?:episodes?|eps?\.?)?\s*(?:\([^()]*\))?\s*$", re.I
)
_MEDIA_WITH_COUNT = re.compile(
    r"^\s*(?P<type>[A-Za-z][A-Za-z -]{0,20}?)\s*(?=[,(]|$)(?:[,(]\s*(?P<n>\d{1,3}(?:,\d{3})+|"
    r"\d{1,5})(?P<more>\+)?\s*(?:episodes?|eps?\.?)?)?(?P<rest>.*)$",
    re.I,
)
#: What follows a company's name after a comma ("Co., Ltd.", "LLC", "Inc.").
COMPANY_SUFFIX = re.compile(r"(?:co|ltd|llc|inc|corp|gmbh|s\.?a\.?s?|s\.?l\.?u?)\.?", re.I)
#: A line that ends inside a run ("July 3, 2021 (2021-07-03) –"): its end is the next line.
_OPEN_RUN = re.compile(r"(?:[–—‑-]|\bto|\buntil)\s*$")
_NOTE = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]\s*$")
_NOT_A_NAME = frozenset({"n/a", "none", "none found", "unknown", "-", "?", "tba", "add some"})
#: A studio's name is short; a longer value is a sentence, not a name.
NAME_MAX_CHARS = 60
NAME_MAX_WORDS = 6


def field_of(label: str) -> str | None:
    """The field a marked-up label fills, from the shared vocabulary or the box-only one."""
    return BOX_LABELS.get(label) or LABELS.get(label)


def read_facts_box(markup: Markup) -> list[Claim]:
    """Claims of every label/value pair whose label names a field, one subject per page;
    a media kind tagged on the page's main heading ("Frieren (TV)") counts after the box's."""
    found = markup.pairs(lambda label: field_of(label) is not None)
    pairs = [(p, f) for p in found if (f := field_of(p.label)) is not None]
    scale = _box_scale(p for p, f in pairs if f == "site_score")
    votes = next((read_count(p.value[0].text) for p, f in pairs if f == "votes"), None)
    claims: list[Claim] = []
    stated: set[str] = set()
    for pair, field in pairs:
        if field in SINGLE_VALUED and field in stated:
            continue
        made = _read(field, pair, markup, scale, votes)
        if made:
            stated.add(field)
            claims += made
    return _first_of_each(claims + heading_facts(markup))


_HEADING_KIND = re.compile(r"\((?P<kind>[^()]{2,24}?)(?:\s+\d{1,2})?\)\s*$")


def heading_facts(markup: Markup) -> list[Claim]:
    """The kind a page's main heading tags its subject with, and the subject's name without
    the tag: "Black Clover (TV)" is the TV anime "Black Clover", "Namakura Gatana (movie)"
    a movie. A heading with no kind in its parentheses ("Black Clover (2017)") is a name."""
    heading = markup.tree.css_first("h1")
    blocks = markup.blocks_of(heading) if heading is not None else []
    if not blocks:
        return []
    block = blocks[0]
    m = _HEADING_KIND.search(block.text)
    kind = MEDIA_TYPES.get(m.group("kind").casefold()) if m else None
    if m is None or kind is None:
        return []
    name = block.text[: m.start()].strip()
    kind_span = Span(block.start + m.start("kind"), block.start + m.end("kind"))
    out = [_claim(ClaimKind.MEDIA_TYPE, kind_span, value=kind)]
    if name:
        name_span = Span(block.start, block.start + len(name))
        out.insert(0, _claim(ClaimKind.TITLE, name_span, name=name, role="subject"))
    return out


#: The subject's header: this many lines after the page's main heading.
HEADER_LINES = 12
_HEADER_SEGMENT = re.compile(r"\s*[•·|]\s*")
_KIND_WITH_EPISODES = re.compile(
    r"^(?P<kind>[A-Za-z][A-Za-z -]{1,20}?)(?:\s*\((?P<n>\d[\d,]*)(?P<more>\+)?\s*eps?\b[^)]*\))?$"
)
_EPISODES_SEGMENT = re.compile(r"^(?P<n>\d[\d,]*)\s+episodes?$", re.I)
_SCORE_WITH_VOTES = re.compile(
    r"^(?P<v>\d{1,3}(?:\.\d{1,3})?)\s*(?:/|out of)\s*(?P<max>\d{1,3})\s+(?:from|by)\s+"
    r"(?P<votes>\d[\d,]*)\s+(?:votes|ratings|users)$",
    re.I,
)
_STUDIO_ADDRESS = re.compile(r"/studios?/", re.I)


def header_facts(markup: Markup) -> list[Claim]:
    """Values that say what they are, in the subject's header (the lines right under the
    page's main heading), where pages show them without labels: "TV (25 eps)", "Movie
    (1 ep x 107 min)", a "• 37 episodes" segment, "4.469 out of 5 from 59,233 votes" (a
    score with its scale and votes is the site's), and a link into the site's studio
    pages ("/anime/studios/sunrise"). Elsewhere such lines describe other titles."""
    heading = markup.tree.css_first("h1")
    top = markup.blocks_of(heading)[:1] if heading is not None else []
    if not top:
        return []
    lines = [b for b in markup.blocks if b.start > top[0].start][:HEADER_LINES]
    out: list[Claim] = []
    for line in lines:
        offset = 0
        for segment in _HEADER_SEGMENT.split(line.text):
            at = line.text.find(segment, offset)
            offset = at + len(segment)
            out += _header_segment(Piece(segment, Span(line.start + at, line.start + offset)))
    if lines:
        out += _studio_links(markup, lines[0].start, lines[-1].end)
    return out


def _header_segment(piece: Piece) -> list[Claim]:
    text = piece.text
    if (m := _KIND_WITH_EPISODES.match(text)) and (
        kind := MEDIA_TYPES.get(m.group("kind").casefold())
    ):
        out = [
            _claim(ClaimKind.MEDIA_TYPE, _sub(piece, m.start("kind"), m.end("kind")), value=kind)
        ]
        if m.group("n") and not m.group("more"):
            n = int(m.group("n").replace(",", ""))
            out.append(
                _claim(ClaimKind.EPISODE_COUNT, _sub(piece, m.start("n"), m.end("n")), value=n)
            )
        return out
    if m := _EPISODES_SEGMENT.match(text):
        n = int(m.group("n").replace(",", ""))
        return [_claim(ClaimKind.EPISODE_COUNT, _sub(piece, m.start("n"), m.end("n")), value=n)]
    if m := _SCORE_WITH_VOTES.match(text):
        try:
            score = ratio(
                float(m.group("v")), float(m.group("max")), f"{m.group('v')}/{m.group('max')}"
            )
        except UnknownScale:
            return []
        span = _sub(piece, m.start("v"), m.end("max"))
        return [
            _claim(
                ClaimKind.SITE_SCORE,
                span,
                score=score.to_dict(),
                votes=read_count(m.group("votes")),
            )
        ]
    return []


def _studio_links(markup: Markup, start: int, end: int) -> list[Claim]:
    out = []
    for link in markup.tree.css('a[href*="/studio" i]'):  # the regex below decides
        if not _STUDIO_ADDRESS.search(link.attributes.get("href") or ""):
            continue
        name = " ".join(link.text(deep=True).split())
        span = markup.locate(link, name) if name else None
        if span is not None and start <= span.start < end and _is_name(name):
            out.append(_claim(ClaimKind.STUDIO, span, name=name))
    return out


def _read(field: str, pair: Pair, markup: Markup, scale: float | None,
          votes: int | None) -> list[Claim]:  # fmt: skip
    first = pair.value[0]
    if len(pair.value) > 1 and _OPEN_RUN.search(first.text):  # "July 3, 2021 –" / "April 2, 2022"
        second = pair.value[1]
        first = Piece(f"{first.text} {second.text}", Span(first.span.start, second.span.end))
    if field == "media_type":
        return _media_type(first)
    if field == "episode_count":
        return _episode_count(first)
    if field == "status":
        return _status(first)
    if field in ("aired", "release", "start", "end"):
        return _dates(field, first, markup.slash_order)
    if field == "minutes":
        return _minutes(first)
    if field == "studio":
        return _studios(pair, markup)
    if field == "site_score":
        return _site_score(first, scale, votes)
    return []


#: Kinds a page states once for its subject (dates: once per role).
_ONCE = frozenset({ClaimKind.MEDIA_TYPE, ClaimKind.EPISODE_COUNT, ClaimKind.EPISODE_MINUTES,
                   ClaimKind.STATUS, ClaimKind.DATE, ClaimKind.SITE_SCORE})  # fmt: skip


def _first_of_each(claims: list[Claim]) -> list[Claim]:
    """The first claim of each single-valued kind (and date role), each studio and title
    once; list-like kinds (cast, episodes) pass through."""
    seen: set[tuple[str, Any]] = set()
    out = []
    for claim in claims:
        if claim.kind in _ONCE:
            key: tuple[str, Any] = (claim.kind.value, claim.data.get("role"))
        elif claim.kind in (ClaimKind.STUDIO, ClaimKind.TITLE):
            key = (claim.kind.value, claim.data.get("name"))
        else:
            out.append(claim)
            continue
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out


def _claim(kind: ClaimKind, span: Span, **data: Any) -> Claim:
    return Claim(kind, data, span, NAME, CONFIDENCE)


def _sub(piece: Piece, start: int, end: int) -> Span:
    return Span(piece.span.start + start, piece.span.start + end)


def _media_type(piece: Piece) -> list[Claim]:
    """ "TV Series, 37 episodes", "TV-Series, 37 (~23 min)", "TV (25 eps)", "Movie"."""
    m = _MEDIA_WITH_COUNT.match(piece.text)
    if m is None:
        return []
    kind = MEDIA_TYPES.get(m.group("type").strip().casefold())
    if kind is None:
        return []
    out = [_claim(ClaimKind.MEDIA_TYPE, _sub(piece, m.start("type"), m.end("type")), value=kind)]
    if m.group("n") and not m.group("more"):
        n = int(m.group("n").replace(",", ""))
        if n > 0:
            out.append(_claim(ClaimKind.EPISODE_COUNT, _sub(piece, m.start("n"), m.end("n")),
                              value=n))  # fmt: skip
    if (minutes := read_minutes(m.group("rest").strip(" ,()~"))) is not None:
        out.append(_claim(ClaimKind.EPISODE_MINUTES, _sub(piece, m.start("rest"), m.end("rest")),
                          value=minutes, as_written=m.group("rest").strip()))  # fmt: skip
    return out


def _episode_count(piece: Piece) -> list[Claim]:
    m = _EPISODES.match(piece.text)
    if m is None:
        return []
    n = int(m.group(1).replace(",", ""))
    return (
        [_claim(ClaimKind.EPISODE_COUNT, _sub(piece, m.start(1), m.end(1)), value=n)] if n else []
    )


def _status(piece: Piece) -> list[Claim]:
    folded = piece.text.casefold().strip(" .")
    for status, words in STATUS_WORDS.items():
        if folded in words:
            return [_claim(ClaimKind.STATUS, piece.span, value=status, as_written=piece.text)]
    return []


def _dates(field: str, piece: Piece, order: str | None) -> list[Claim]:
    """A run ("04.10.2006 until 27.06.2007") or one date; a lone "release" date keeps its
    role, since a release can be the start or the end of a run."""
    if field in ("start", "end"):
        found = read_date(piece.text, order)
        runs = [(field, found[0], found[1], found[2])] if found else []
    else:
        runs = read_date_range(piece.text, order)
        if field == "release" and len(runs) == 1:
            runs = [("release", *runs[0][1:])]
    return [
        _claim(ClaimKind.DATE, _sub(piece, s, e), role=role, date=iso, as_written=piece.text[s:e])
        for role, iso, s, e in runs
    ]


def _minutes(piece: Piece) -> list[Claim]:
    minutes = read_minutes(piece.text)
    if minutes is None:
        return []
    return [_claim(ClaimKind.EPISODE_MINUTES, piece.span, value=minutes, as_written=piece.text)]


def _studios(pair: Pair, markup: Markup) -> list[Claim]:
    """Each name of a studio field: its links when the value links names, else its lines
    split at commas; a trailing note "(eps 1-45)" is not part of the name."""
    links = [" ".join(a.text(deep=True).split()) for a in pair.element.css("a")]
    names = _named_in_value(pair.value, [link for link in links if link])
    if not names:
        for piece in pair.value:
            names += _split_names(piece)
    out = []
    for name, span in names:
        clean = _NOTE.sub("", name).strip(" ,;")
        if _is_name(clean):
            out.append(_claim(ClaimKind.STUDIO, Span(span.start, span.start + len(clean)),
                              name=clean))  # fmt: skip
    return out


def _named_in_value(value: Iterable[Piece], names: list[str]) -> list[tuple[str, Span]]:
    out = []
    for name in names:
        for piece in value:
            at = piece.text.find(name)
            if at >= 0:
                out.append((name, _sub(piece, at, at + len(name))))
                break
    return out


def _split_names(piece: Piece) -> list[tuple[str, Span]]:
    """Names of a line split at commas, a company suffix staying with its name
    ("Kyoto Animation Co., Ltd." is one name)."""
    out: list[tuple[str, Span]] = []
    for m in re.finditer(r"[^,;、]+", piece.text):
        text = m.group(0)
        lead = len(text) - len(text.lstrip())
        span = _sub(piece, m.start() + lead, m.end())
        if out and COMPANY_SUFFIX.fullmatch(text.strip()):
            _name, first = out.pop()
            out.append(
                (piece.text[first.start - piece.span.start : m.end()], Span(first.start, span.end))
            )
        else:
            out.append((text.strip(), span))
    return out


def _is_name(text: str) -> bool:
    return (
        bool(text)
        and len(text) <= NAME_MAX_CHARS
        and len(text.split()) <= NAME_MAX_WORDS
        and text.casefold() not in _NOT_A_NAME
        and not text.replace(".", "").replace(",", "").isdigit()
    )


def _box_scale(pairs: Iterable[Pair]) -> float | None:
    """The maximum the box's unscaled scores share: 10 when any of them is above 5."""
    values = []
    for pair in pairs:
        m = _SCORE_VALUE.match(pair.value[0].text)
        if m and not m.group(2):
            values.append(float(m.group(1)))
    return 10.0 if values and max(values) > TEN_POINT_ABOVE else None


def _site_score(piece: Piece, scale: float | None, box_votes: int | None) -> list[Claim]:
    m = _SCORE_VALUE.match(piece.text)
    if m is None:
        return []
    value = float(m.group(1))
    best = float(m.group(2)) if m.group(2) else scale
    if best is None:
        return []
    written = piece.text[m.start(1) : m.end()].strip()
    try:
        score = ratio(value, best, written if m.group(2) else f"{m.group(1)}/{best:g}")
    except UnknownScale:
        return []
    beside = _VOTES_BESIDE.search(piece.text[m.end() :])
    votes = read_count(beside.group(0)) if beside else box_votes
    span = _sub(piece, m.start(1), m.end())
    return [_claim(ClaimKind.SITE_SCORE, span, score=score.to_dict(), votes=votes)]


#: Kinds that a marked-up box states better than lines of text do: when the box states
#: one, the claims of that kind read from the page's lines (a "Studio X" line among the
#: credits, "eps 1-3" read as an episode count) are dropped.
BOX_WINS = frozenset({ClaimKind.MEDIA_TYPE, ClaimKind.EPISODE_COUNT, ClaimKind.EPISODE_MINUTES,
                      ClaimKind.STATUS, ClaimKind.DATE, ClaimKind.STUDIO, ClaimKind.SITE_SCORE,
                      ClaimKind.CAST, ClaimKind.EPISODE})  # fmt: skip


def with_markup_facts(cleaned: Cleaned | None, claims: list[Claim]) -> list[Claim]:
    """The general route's line claims with what the page's markup states added, the
    markup winning for the kinds it states (``BOX_WINS``). A page of list entries with no
    facts box of its own is about no one title: the subject facts read from its lines
    (a filter sidebar's "Characters" tags read as cast) are dropped. Plain text passes."""
    if cleaned is None or not cleaned.html or not cleaned.blocks:
        return claims
    markup = Markup(cleaned)
    marked = read_facts_box(markup)
    marked += read_episode_tables(markup) + read_cast(markup)
    stated = {c.kind for c in marked} & BOX_WINS
    about_one = stated & (SUBJECT_FACTS | {ClaimKind.EPISODE, ClaimKind.CAST})
    if not about_one and (listing := read_listing(markup, len(cleaned.text))):
        return [c for c in claims if c.kind not in BOX_WINS] + marked + listing
    marked = _first_of_each(marked + header_facts(markup))
    stated = {c.kind for c in marked} & BOX_WINS
    return [c for c in claims if c.kind not in stated] + marked


#: Facts a box states only about the page's own subject.
SUBJECT_FACTS = frozenset({ClaimKind.MEDIA_TYPE, ClaimKind.EPISODE_COUNT, ClaimKind.STATUS,
                           ClaimKind.DATE, ClaimKind.SITE_SCORE})  # fmt: skip
