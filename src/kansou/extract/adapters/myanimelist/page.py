"""What every MyAnimeList page shares: its identity (page type, anime id) and where facts sit.

The page type comes from the page's own canonical address (``og:url`` or
``link rel=canonical``), never from a file name: ``/anime/1/Cowboy_Bebop/reviews``
is a review page whatever the file is called. ``Locator`` turns a value read
from the HTML into the span of clean text that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kansou.errors import UnknownScale
from kansou.model import Claim, ClaimKind, Cleaned, Span
from kansou.scales import Score, ratio

SITE = "myanimelist"
EXTRACTOR = "adapter:myanimelist"
#: How sure the adapter is of a fact read from MAL's own markup: the shape is
#: the site's, not a guess; kept below 1.0 because layouts drift between years.
CONFIDENCE = 0.95

_ANIME_PATH = re.compile(r"^/anime/(\d+)(?:/[^/?#]*)?(?:/([a-z]+))?/?$")
PAGE_TYPES = {
    None: "title",
    "moreinfo": "title",
    "characters": "cast",
    "reviews": "reviews",
    "stats": "stats",
    "userrecs": "recommendations",
    "episode": "episodes",
    "news": "news",
    "pics": "pictures",
}
_URL = re.compile(r"^https?://(?:www\.)?myanimelist\.net(/[^?#]*)", re.I)


@dataclass(frozen=True)
class MalPage:
    """One MAL page: its parsed tree, address, page type and anime id (None on listings)."""

    tree: LexborHTMLParser
    url: str
    page_type: str
    anime_id: str | None


def canonical_url(tree: LexborHTMLParser) -> str | None:
    """The page's own address as it states it, when it is a myanimelist.net address."""
    for selector, attr in (
        ('meta[property="og:url"]', "content"),
        ('link[rel="canonical"]', "href"),
    ):
        node = tree.css_first(selector)
        value = (node.attributes.get(attr) or "").strip() if node is not None else ""
        if _URL.match(value):
            return value
    return None


def identify(tree: LexborHTMLParser, url: str) -> MalPage | None:
    """Page type and anime id from the address; None for a MAL page kansou does not read."""
    m = _URL.match(url)
    path = m.group(1) if m else ""
    if path.startswith("/anime/season") or path.startswith("/topanime.php"):
        return MalPage(tree, url, "listing", None)
    anime = _ANIME_PATH.match(path)
    if anime is None or anime.group(2) not in PAGE_TYPES:
        return None
    return MalPage(tree, url, PAGE_TYPES[anime.group(2)], anime.group(1))


def text_of(node: LexborNode | None) -> str:
    """A node's text with whitespace folded as the clean stage folds it."""
    return " ".join(node.text(deep=True).split()) if node is not None else ""


def number(text: str) -> int | None:
    """An integer written with thousands separators ("1,251,960", "#28"); None if absent."""
    digits = re.sub(r"[^\d]", "", text)
    try:
        return int(digits) if digits else None
    except ValueError:  # more digits than Python converts (4,300): no count, no value
        return None


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}  # noqa: SIM905
_DATE = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(?:(\d{1,2}),\s*)?(\d{4})$|^(\d{4})$")


def iso_date(text: str) -> str | None:
    """MAL's "Apr 3, 1998" / "Apr 1998" / "1998" as ISO "1998-04-03" / "1998-04" / "1998"."""
    m = _DATE.match(text.strip())
    if m is None:
        return None
    if m.group(4):
        return m.group(4)
    month = _MONTHS.get(m.group(1).lower())
    if month is None:
        return None
    year = int(m.group(3))
    if m.group(2):
        try:
            return date(year, month, int(m.group(2))).isoformat()
        except ValueError:  # "Feb 30": a broken date is missing, not a crash
            return None
    return f"{year:04d}-{month:02d}"


#: Values shorter than this must match as whole words (see ``Locator._whole``).
WHOLE_WORD_BELOW = 8


class Locator:
    """Finds where a value read from the HTML is shown in the clean text.

    Facts are read in page order, so each search starts where the previous one
    ended (a bare "10" then lands in the right row); when the text is not found
    after the cursor it is searched from the top, and when it is not shown at all
    (a value only in an attribute) the span falls back to the page's title block.
    """

    def __init__(self, cleaned: Cleaned, subject: str | None) -> None:
        self.text = cleaned.text
        self.pos = 0
        self.fallback = Span(0, 0)
        if subject:
            at = self.text.find(subject)
            if at >= 0:
                self.fallback = Span(at, at + len(subject))

    def find(self, value: str, start: int | None = None) -> Span | None:
        """Span of ``value`` as a whole word run at or after ``start`` (default: the cursor).

        Only a match after the cursor moves the cursor; a match found by searching
        from the top (a value shown earlier on the page) leaves it where it was.
        None when the value is not shown.
        """
        needle = " ".join(value.split())
        if not needle:
            return None
        at = self._whole(needle, self.pos if start is None else start)
        if at >= 0:
            self.pos = at + len(needle)
            return Span(at, at + len(needle))
        at = self._whole(needle, 0)
        return Span(at, at + len(needle)) if at >= 0 else None

    def _whole(self, needle: str, start: int) -> int:
        """First occurrence of ``needle`` not glued to a letter or digit on either side.

        Only short values and numbers need the check ("7" is not the 7 of "1,257");
        a longer name may be glued to the next link's text ("BrotherhoodWatch Video")
        where the page floats two links apart without a space between them.
        """
        text = self.text
        at = text.find(needle, start)
        if len(needle) >= WHOLE_WORD_BELOW and not needle.replace(",", "").isdigit():
            return at
        while at >= 0:
            end = at + len(needle)
            before_ok = at == 0 or not (text[at - 1].isalnum() and needle[0].isalnum())
            after_ok = end >= len(text) or not (text[end].isalnum() and needle[-1].isalnum())
            if before_ok and after_ok:
                return at
            at = text.find(needle, at + 1)
        return -1

    def after_line(self, prefix: str, value: str) -> Span:
        """Span of ``value``, stretched back over ``prefix`` when that is the line just before it
        (an episode number above its title)."""
        span = self.find(value)
        if span is None:
            return self.fallback
        head = f"{prefix}\n"
        if prefix and self.text[max(span.start - len(head), 0) : span.start] == head:
            return Span(span.start - len(head), span.end)
        return span

    def find_loose(self, value: str, start: int | None = None) -> Span | None:
        """Like ``find``, but any run of whitespace in ``value`` matches any run in the text
        (a line break of the clean text where the HTML had a space, or the reverse)."""
        words = value.split()
        if not words:
            return None
        plain = self.find(" ".join(words), start)
        if plain is not None:
            return plain
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        m = pattern.search(self.text, self.pos if start is None else start)
        if m is not None:
            self.pos = m.end()
        elif (m := pattern.search(self.text)) is None:
            return None
        return Span(m.start(), m.end())

    def span(self, *values: str) -> Span:
        """Span from the first to the last of ``values`` found in order; the fallback if none.

        A later value found before the first one (shown elsewhere on the page) is
        not part of the span.
        """
        spans = [s for v in values if (s := self.find(v)) is not None]
        if not spans:
            return self.fallback
        end = max((s.end for s in spans if s.start >= spans[0].start), default=spans[0].end)
        return Span(spans[0].start, end)


_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")


def written_score(written: str, scale_max: float) -> dict[str, Any] | None:
    """A score as MAL prints it ("8.78") on ``scale_max``; None when it is not a number
    on that scale ("N/A", or a value above the scale on a damaged page)."""
    if not _DECIMAL.match(written):
        return None
    try:
        return score_dict(ratio(float(written), scale_max, written))
    except UnknownScale:
        return None


def score_dict(score: Score) -> dict[str, Any]:
    """``Score.to_dict()`` without ``dataclasses.asdict``'s deep copy (a flat record; 8x faster)."""
    return dict(score.__dict__)


def claim(
    kind: ClaimKind, data: Mapping[str, Any], span: Span, subject: str | None = None
) -> Claim:
    """A claim stated by this adapter."""
    return Claim(kind, dict(data), span, EXTRACTOR, CONFIDENCE, subject)


def main_title(tree: LexborHTMLParser) -> str | None:
    """The anime's main title: the page heading, as both layouts print it."""
    node = tree.css_first("h1 [itemprop=name]") or tree.css_first("h1.title-name strong")
    node = node or tree.css_first("h1.title-name")
    title = text_of(node)
    return title or None
