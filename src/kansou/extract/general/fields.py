"""Label/value facts: the key-facts box every anime database page has, in three shapes.

1. ``Label: value`` on one line ("Type: TV", "Title:Metallic Rouge").
2. A label line followed by a value line ("STATUS" then "COMPLETE").
3. A short line that starts with a label and runs on into its value
   ("Main Studio bones", "Favorited by 453 Users", "Ended inApril 4, 2024").

Labels come from one vocabulary of the fields such pages show (``LABELS``);
every value is validated for its field (an episode count is a number, a date
parses as a date), so "EPISODES" followed by "Dubbed" states nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kansou.extract.general.page import Page
from kansou.extract.patterns import block_span, find_score, parse_date, parse_int
from kansou.model import Block, Claim, ClaimKind, Span

NAME = "general.fields"

#: Field labels as sites write them (case-folded) -> the field they fill.
LABELS: dict[str, str] = {
    "status": "status",
    "airing status": "status",
    "episodes": "episode_count",
    "eps": "episode_count",
    "episode count": "episode_count",
    "number of episodes": "episode_count",
    "no. of episodes": "episode_count",
    "release": "release",
    "released": "release",
    "release date": "release",
    "aired": "aired",
    "air date": "aired",
    "broadcast period": "aired",
    "vintage": "aired",
    "original run": "aired",
    "original release": "aired",
    "premiered": "start",
    "premiere": "start",
    "premiered on": "start",
    "start date": "start",
    "first aired": "start",
    "started": "start",
    "start": "start",
    "ended": "end",
    "ended in": "end",
    "ended on": "end",
    "end date": "end",
    "last aired": "end",
    "finished": "end",
    "length": "minutes",
    "duration": "minutes",
    "runtime": "minutes",
    "run time": "minutes",
    "running time": "minutes",
    "episode length": "minutes",
    "studio": "studio",
    "studios": "studio",
    "main studio": "studio",
    "animation studio": "studio",
    "animated by": "studio",
    "animation production": "studio",
    "animation work": "studio",
    "notables": "credits",
    "credits": "credits",
    "type": "media_type",
    "format": "media_type",
    "media type": "media_type",
    "genre": "genre",
    "genres": "genre",
    "producers": "producer",
    "producer": "producer",
    "source material": "source_material",
    "original source": "source_material",
    "title": "title",
    "english": "alias",
    "english title": "alias",
    "japanese": "alias",
    "romaji": "alias",
    "native title": "alias",
    "synonyms": "alias",
    "also known as": "alias",
    "hashtag": "hashtag",
    "favorited by": "favorites",
    "favorites": "favorites",
    "favourites": "favorites",
    "trending level": "trending_level",
    "members": "members",
    "popularity": "popularity",
    "ranked": "rank",
    "rank": "rank",
    "description": "synopsis",
    "synopsis": "synopsis",
    "summary": "synopsis",
    "plot": "synopsis",
    "user score": "site_score",
    "average score": "site_score",
    "mean score": "site_score",
    "community score": "site_score",
}
_LABELS_LONGEST_FIRST = sorted(LABELS, key=len, reverse=True)

#: Longest line (in words) read as "label + value" without a separator (shape 3).
INLINE_MAX_WORDS = 8
#: Fields read in shape 2 (a label line, then a value line). Names of languages
#: ("Japanese", "English") are not here: on cast pages they tag a voice actor's
#: language, so a title in a language is only read as "English: <title>".
LINE_VALUE_FIELDS = frozenset(
    [
        "status",
        "episode_count",
        "release",
        "start",
        "end",
        "aired",
        "minutes",
        "studio",
        "credits",
        "media_type",
        "genre",
        "producer",
        "hashtag",
        "favorites",
        "trending_level",
        "members",
        "popularity",
        "rank",
        "synopsis",
        "site_score",
    ]
)
#: Fields read in shape 3; a title or synopsis needs a colon or a line of its own.
INLINE_FIELDS = frozenset(
    [
        "status",
        "episode_count",
        "release",
        "start",
        "end",
        "minutes",
        "studio",
        "credits",
        "hashtag",
        "favorites",
        "trending_level",
        "members",
        "popularity",
        "rank",
        "site_score",
    ]
)

STATUS_WORDS = {
    "finished": ("complete", "completed", "finished", "finished airing", "ended", "concluded"),
    "airing": ("airing", "currently airing", "ongoing", "releasing", "on air"),
    "upcoming": ("upcoming", "not yet aired", "not yet released", "announced"),
}
MEDIA_TYPES = {
    "tv": "TV",
    "tv series": "TV",
    "tv-series": "TV",
    "tv anime": "TV",
    "series": "TV",
    "movie": "Movie",
    "film": "Movie",
    "ova": "OVA",
    "oav": "OVA",
    "ona": "ONA",
    "web": "ONA",
    "special": "Special",
    "tv special": "Special",
    "tv-special": "Special",
    "music": "Music",
    "music video": "Music",
}
_DURATION = re.compile(r"(?:(\d+)\s*(?:hr|hour)s?\.?\s*)?(?:(\d+)\s*(?:min|minute)s?)", re.I)
_ROLE_NAME = re.compile(r"^(?P<role>[A-Za-z ]+?)\s*[-–—:]\s*(?P<name>.+)$")
#: A duration or a credit is a short value; longer ones are not read, which also keeps
#: ``_DURATION`` and ``_ROLE_NAME`` (quadratic on long runs of digits or spaces) bounded.
SHORT_VALUE_MAX_CHARS = 200


#: The labels by their first character, longest first: a line is compared only with the
#: labels it could start with (41,000 lines of a large page against every label took 1.7 s).
_LABELS_BY_INITIAL: dict[str, list[str]] = {}
for _label in _LABELS_LONGEST_FIRST:
    _LABELS_BY_INITIAL.setdefault(_label[0], []).append(_label)
_LONGEST_LABEL = len(_LABELS_LONGEST_FIRST[0])


def _split_label(text: str) -> tuple[str, str, str] | None:
    """``(label, separator, value)`` when ``text`` starts with a known label."""
    folded = text[: _LONGEST_LABEL + 1].casefold()
    for label in _LABELS_BY_INITIAL.get(folded[:1], ()):
        if not folded.startswith(label):
            continue
        rest = text[len(label) :]
        if rest[:1].islower():
            continue  # "Statuses", "Episode 1" are not this label
        stripped = rest.lstrip()
        if stripped.startswith(":"):
            return label, ":", stripped[1:].strip()
        return label, "", rest.strip()
    return None


def extract_fields(page: Page) -> list[Claim]:
    """Every label/value fact on the page; marks value lines on ``page.value_lines``."""
    claims: list[Claim] = []
    blocks = page.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        found = _split_label(block.text)
        if found is None:
            i += 1
            continue
        label, sep, value = found
        field = LABELS[label]
        if value:
            inline_ok = field in INLINE_FIELDS and len(block.text.split()) <= INLINE_MAX_WORDS
            if sep or inline_ok:
                at = block.text.find(value, len(label))
                made = _read(field, value, block, at, page)
                if made:
                    page.field_lines.add(block.index)
                claims += made
            i += 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None:
            break
        if field not in LINE_VALUE_FIELDS:
            i += 1
            continue
        if field == "synopsis":
            found_claims, used = _synopsis(blocks, i + 1, page)
            claims += found_claims
            i += 1 + used
            continue
        made = _read(field, nxt.text, nxt, 0, page)
        if made:
            page.value_lines.add(nxt.index)
            page.field_lines.add(block.index)
            claims += made
            i += 2
        else:
            i += 1
    return claims


def _read(field: str, value: str, block: Block, at: int, page: Page) -> list[Claim]:
    reader = _READERS.get(field)
    if reader is None:
        return []
    span = block_span(block, max(at, 0), max(at, 0) + len(value))
    return reader(value, span, block)


def _claim(kind: ClaimKind, span: Span, confidence: float = 0.9, **data: Any) -> list[Claim]:
    return [Claim(kind, data, span, NAME, confidence)]


def _status(value: str, span: Span, _b: Block) -> list[Claim]:
    folded = value.casefold().strip(" .")
    for status, words in STATUS_WORDS.items():
        if folded in words:
            return _claim(ClaimKind.STATUS, span, value=status, as_written=value)
    return []


#: "1-3, 11, 27-28" lists episodes (a credit's "eps 1-3"); "1,081" is one number.
_EPISODE_LIST = re.compile(r"\d\s*[-–~,;]\s*\d")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _episode_count(value: str, span: Span, _b: Block) -> list[Claim]:
    if len(value.split()) > 3 or not re.match(r"^\d", value.strip()):
        return []
    if _EPISODE_LIST.search(_THOUSANDS.sub("", value)):
        return []
    n = parse_int(value)
    return _claim(ClaimKind.EPISODE_COUNT, span, value=n) if n and 0 < n < 5000 else []


def _dated(role: str) -> Callable[[str, Span, Block], list[Claim]]:
    def read(value: str, span: Span, _b: Block) -> list[Claim]:
        found = parse_date(value)
        if found is None:
            return []
        iso, s, e = found
        sub = Span(span.start + s, span.start + e)
        return _claim(ClaimKind.DATE, sub, role=role, date=iso, as_written=value[s:e])

    return read


def _aired(value: str, span: Span, b: Block) -> list[Claim]:
    """ "Apr 3, 1998 to Apr 24, 1999": a start and, after "to", an end."""
    head, _, tail = value.partition(" to ")
    out = _dated("start")(head, Span(span.start, span.start + len(head)), b)
    if tail:
        offset = len(value) - len(tail)
        out += _dated("end")(tail, Span(span.start + offset, span.end), b)
    return out


def _minutes(value: str, span: Span, _b: Block) -> list[Claim]:
    m = _DURATION.search(value) if len(value) <= SHORT_VALUE_MAX_CHARS else None
    if not m:
        return []
    minutes = int(m.group(1) or 0) * 60 + int(m.group(2))
    return _claim(ClaimKind.EPISODE_MINUTES, span, value=minutes, as_written=value)


def _names(kind: ClaimKind) -> Callable[[str, Span, Block], list[Claim]]:
    def read(value: str, span: Span, _b: Block) -> list[Claim]:
        out: list[Claim] = []
        for part in re.split(r"\s*[,;]\s*", value.strip(" .")):
            if part and len(part) <= 60 and part.casefold() not in ("none found", "n/a", "-"):
                out += _claim(kind, span, name=part)
        return out

    return read


def _studios(value: str, span: Span, block: Block) -> list[Claim]:
    """Studio names; a line "Studio Ghibli" is one studio's name, not the label "Studio"
    and a studio "Ghibli": a capitalised value glued to a one-word label with no
    separator is the rest of a name ("Main Studio bones" keeps its two-word label)."""
    label = block.text[: len(block.text) - len(value)].strip() if block.text.endswith(value) else ""
    if label and " " not in label and not label.endswith((":", "-")) and value[:1].isupper():
        return []
    return _names(ClaimKind.STUDIO)(value, span, block)


def _credits(value: str, span: Span, b: Block) -> list[Claim]:
    """ "Animation - BONES": a credit whose role names a studio."""
    value = value.strip()
    m = _ROLE_NAME.match(value) if len(value) <= SHORT_VALUE_MAX_CHARS else None
    if m and m.group("role").strip().casefold() in ("animation", "studio", "animation studio"):
        return _names(ClaimKind.STUDIO)(m.group("name"), span, b)
    return []


def _media_type(value: str, span: Span, _b: Block) -> list[Claim]:
    folded = value.casefold().strip(" .")
    if folded in MEDIA_TYPES:
        return _claim(ClaimKind.MEDIA_TYPE, span, value=MEDIA_TYPES[folded])
    return []


def _alias(value: str, span: Span, _b: Block) -> list[Claim]:
    return _claim(ClaimKind.ALIAS, span, name=value.strip()) if value.strip() else []


def _title(value: str, span: Span, _b: Block) -> list[Claim]:
    name = value.strip()
    return _claim(ClaimKind.TITLE, span, name=name, role="subject") if name else []


def _hashtag(value: str, span: Span, _b: Block) -> list[Claim]:
    tag = value.strip()
    if not tag.startswith("#") or len(tag) < 2:
        return []
    return _claim(ClaimKind.ALIAS, span, name=tag, language="hashtag")


def _stat(name: str) -> Callable[[str, Span, Block], list[Claim]]:
    def read(value: str, span: Span, _b: Block) -> list[Claim]:
        if not re.match(r"^#?\d", value.strip()):
            return []
        n = parse_int(value)
        return _claim(ClaimKind.STAT, span, name=name, value=n) if n is not None else []

    return read


def _site_score(value: str, span: Span, _b: Block) -> list[Claim]:
    found = find_score(value)
    if found is None:
        return []
    score, s, e = found
    votes = re.search(r"(?:by|from)\s+([\d,]+)\s+(?:users|votes|people|ratings)", value, re.I)
    return _claim(
        ClaimKind.SITE_SCORE,
        Span(span.start + s, span.start + e),
        score=score.to_dict(),
        votes=parse_int(votes.group(1)) if votes else None,
    )


def _synopsis(blocks: list[Block], start: int, page: Page) -> tuple[list[Claim], int]:
    """Lines after a synopsis label up to the next heading; "(Source: X)" names its writer."""
    parts: list[Block] = []
    source = None
    for block in blocks[start:]:
        if page.is_heading(block) or _split_label(block.text):
            break
        m = re.match(
            r"^\((?:source|summary courtesy of|written by)\s*:?\s*([^)]*)\)?$", block.text, re.I
        )
        parts.append(block)
        if m:
            source = m.group(1).strip() or None
            break
    if not parts:
        return [], 0
    body = [b for b in parts if not (source and b is parts[-1])]
    if not body:
        return [], len(parts)
    span = Span(body[0].start, body[-1].end)
    text = page.text[span.start : span.end]
    for b in parts:
        page.value_lines.add(b.index)
    return _claim(ClaimKind.SYNOPSIS, span, text=text, source=source), len(parts)


_READERS: dict[str, Callable[[str, Span, Block], list[Claim]]] = {
    "status": _status,
    "episode_count": _episode_count,
    "release": _dated("release"),
    "start": _dated("start"),
    "end": _dated("end"),
    "aired": _aired,
    "minutes": _minutes,
    "studio": _studios,
    "credits": _credits,
    "producer": _names(ClaimKind.PRODUCER),
    "genre": _names(ClaimKind.GENRE),
    "source_material": _names(ClaimKind.SOURCE_MATERIAL),
    "media_type": _media_type,
    "alias": _alias,
    "title": _title,
    "hashtag": _hashtag,
    "favorites": _stat("favorites"),
    "trending_level": _stat("trending_level"),
    "members": _stat("members"),
    "popularity": _stat("popularity"),
    "rank": _stat("rank"),
    "site_score": _site_score,
}
