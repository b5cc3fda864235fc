"""Lists under a section heading: cast pairs, similar titles, key points.

- **Cast**: under a heading that names a cast ("Cast", "Characters", "Voice
  Cast"), either alternating name lines (character, then actor) or one line
  per pair ("Character - Actor", "Actor as Character"). Every line must be
  name-shaped; a section that is not all pairs yields nothing.
- **Similar titles**: list items under a heading about similar, related or
  recommended titles. Scrapes glue a media-kind word and a genre to the name
  ("ANIME ActionLycoris Recoil"): a leading kind word and a leading genre
  followed directly by a capital are removed.
- **Key points**: a bulleted list of two to six sentences before the body of an
  article (the "key takeaways" box news sites put under the headline).
"""

from __future__ import annotations

import re

from kansou.extract.general.page import Page, Section
from kansou.extract.patterns import block_span, is_name_like
from kansou.model import Block, Claim, ClaimKind, Span

NAME = "general.lists"

CAST_HEADINGS = re.compile(
    r"^(?:main\s+|voice\s+)?(?:cast|characters|characters\s*(?:&|and)\s*voice actors|"
    r"voice actors|seiyuu)\b",
    re.I,
)
SIMILAR_HEADINGS = re.compile(
    r"\b(?:similar|you (?:may|might) (?:also )?like|recommend|more like this|if you like)", re.I
)
MEDIA_WORDS = ("ANIME", "MANGA", "MOVIE", "TV", "OVA", "ONA", "SPECIAL", "NOVEL")
GENRES = (
    "Action",
    "Adventure",
    "Avant Garde",
    "Comedy",
    "Drama",
    "Ecchi",
    "Fantasy",
    "Horror",
    "Mahou Shoujo",
    "Mecha",
    "Music",
    "Mystery",
    "Psychological",
    "Romance",
    "Sci-Fi",
    "Slice of Life",
    "Sports",
    "Supernatural",
    "Suspense",
    "Thriller",
    "Isekai",
    "Historical",
)
_BULLET = re.compile(r"^(?:[•●▪◦*]|-(?=\s)|–(?=\s)|\d+[.)](?=\s))\s*")
_PAIR_LINE = re.compile(r"^(?P<a>.+?)\s+(?:[-–—:|]|as|voiced by)\s+(?P<b>.+)$")
#: A "Character - Actor" line holds two names; longer lines are prose, and the cap keeps
#: ``_PAIR_LINE``'s backtracking bounded (it is quadratic on a long run of spaces).
PAIR_LINE_MAX_CHARS = 200

#: A key-points box holds few items, each a sentence; longer lists are content.
KEY_POINTS_MIN, KEY_POINTS_MAX = 2, 6
#: Key points must appear within this many blocks of the top of the document.
KEY_POINTS_WITHIN = 8


def extract_cast(page: Page) -> list[Claim]:
    claims: list[Claim] = []
    for section in page.sections():
        if section.heading and CAST_HEADINGS.match(section.heading.text.strip()):
            claims += _cast_section(section)
    return claims


def _cast_section(section: Section) -> list[Claim]:
    lines = [b for b in section.blocks if b.tag != "caption"]
    if lines and all(_is_pair_line(b.text) for b in lines):
        return [c for b in lines for c in _pair_line(b)]
    if len(lines) < 2 or len(lines) % 2 or not all(is_name_like(b.text) for b in lines):
        return []
    out = []
    for character, actor in zip(lines[::2], lines[1::2], strict=True):
        span = Span(character.start, actor.end)
        data = {"character": character.text, "actor": actor.text}
        out.append(Claim(ClaimKind.CAST, data, span, NAME, 0.9))
    return out


def _is_pair_line(text: str) -> bool:
    return len(text) <= PAIR_LINE_MAX_CHARS and _PAIR_LINE.match(text) is not None


def _pair_line(block: Block) -> list[Claim]:
    m = _PAIR_LINE.match(block.text) if len(block.text) <= PAIR_LINE_MAX_CHARS else None
    if not m or not (is_name_like(m.group("a")) and is_name_like(m.group("b"))):
        return []
    sep = block.text[m.end("a") : m.start("b")].strip().casefold()
    character, actor = m.group("a"), m.group("b")
    if sep == "as":
        character, actor = actor, character
    data = {"character": character, "actor": actor}
    return [Claim(ClaimKind.CAST, data, block_span(block), NAME, 0.8)]


def clean_list_name(text: str) -> tuple[str, int]:
    """A list item's title with glued kind/genre words removed; returns (name, offset)."""
    item = _BULLET.sub("", text)
    offset = len(text) - len(item)
    for word in MEDIA_WORDS:
        if item.startswith(word + " ") or (
            item.startswith(word) and item[len(word) :][:1].isupper()
        ):
            cut = len(word) + (1 if item[len(word) :].startswith(" ") else 0)
            item, offset = item[cut:], offset + cut
            break
    for genre in GENRES:
        rest = item[len(genre) :]
        if item.startswith(genre) and rest[:1] and not rest[:1].islower() and rest[:1] != " ":
            item, offset = rest, offset + len(genre)
            break
    return item.strip(), offset


def extract_similar(page: Page) -> list[Claim]:
    claims: list[Claim] = []
    for section in page.sections():
        if not (section.heading and SIMILAR_HEADINGS.search(section.heading.text)):
            continue
        for block in section.blocks:
            if not _BULLET.match(block.text):
                continue
            name, offset = clean_list_name(block.text)
            if name and len(name) <= 120:
                span = block_span(block, offset, offset + len(name))
                claims.append(
                    Claim(ClaimKind.SIMILAR, {"name": name}, span, NAME, 0.8, subject=None)
                )
    return claims


def extract_key_points(page: Page) -> list[Claim]:
    """The first run of bulleted sentences near the top of the page."""
    run: list[Block] = []
    for block in page.blocks[: KEY_POINTS_WITHIN + KEY_POINTS_MAX]:
        if _BULLET.match(block.text) and _is_sentence(_BULLET.sub("", block.text)):
            run.append(block)
        elif run:
            break
    if not KEY_POINTS_MIN <= len(run) <= KEY_POINTS_MAX:
        return []
    if page.blocks.index(run[0]) > KEY_POINTS_WITHIN:
        return []
    out = []
    for block in run:
        text = _BULLET.sub("", block.text)
        offset = len(block.text) - len(text)
        span = block_span(block, offset)
        out.append(Claim(ClaimKind.KEY_POINT, {"text": text}, span, NAME, 0.8))
    return out


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= 3 and text[:1].isupper() and text.rstrip()[-1:] in ".!?"
