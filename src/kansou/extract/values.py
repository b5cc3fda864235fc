"""Values as database pages write them: dates, date ranges, counts and running times.

Shared by the structured route (schema.org values are often written for people:
``"datePublished": "20.07.2001"``, ``"ratingCount": "(14610)"``) and the facts-box reader.
Every reader returns None for a value it cannot read for certain; nothing is guessed.

- **Dates**: ISO ``2006-10-04`` (a time after it is ignored), day-first ``04.10.2006``
  (dots are day-first wherever they are written), month names in either order
  (``Oct 4, 2006``, ``4 October 2006``), and slashed ``10/03/2006``, whose order is only
  known when one part is above 12: alone, ``03/04/2006`` is not a date. In a range the
  dates share one order, so ``10/03/2006 - 06/26/2007`` reads month-first from its end,
  and so do a page's: one "06/26/2007" anywhere on it settles ``04/05/2009``.
- **Ranges**: two dates joined by "to", "until", "~" or a dash; an open end ("?", "now",
  "present") gives a start only.
- **Counts**: the first whole number, with thousands separators ("59,233 votes",
  "(14610)", "11.913" is not one: a dot before three digits is ambiguous).
- **Running times**: "23 min", "2h 5m", "approx. 2 hr 5 min", "125m", ISO ``PT0H23M``.
"""

from __future__ import annotations

import re
from datetime import date

from kansou.extract.patterns import parse_date

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
#: "2024.03.01", "2024/3/1", "2024. 3. 1." (Korean): year first is always year, month, day.
_YEAR_FIRST = re.compile(
    r"(?<![\d./])((?:19|20)\d\d)(?:\.\s?|/)(\d{1,2})(?:\.\s?|/)(\d{1,2})(?![\d/]|\.\d)"
)
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_BEFORE = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+$", re.I)
_RANGE_SEPARATOR = re.compile(r"\s+(?:to|until|till|bis|au|~)\s+|\s*[~–—‑-]\s+|\s+[~–—‑-]\s*")
_OPEN_END = frozenset({"?", "now", "present", "ongoing", "unknown", "tba", "tbd", "-", ""})
_COUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d]|[.,]\d)")
_DURATION = re.compile(
    r"(?:(?P<h>\d{1,2})\s*(?:h|hr|hrs|hour|hours)\.?\s*)?(?:(?P<m>\d{1,3})\s*(?:m|min|mins|"
    r"minute|minutes)\.?)?(?![a-z])",
    re.I,
)
_ISO_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?", re.I)
#: A running time is short text; longer values are not read (and the pattern stays bounded).
DURATION_MAX_CHARS = 80


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def slash_order(texts: list[str]) -> str | None:
    """How slashed dates among ``texts`` are written ("dmy"/"mdy"), when one shows it: a
    part above 12, or a weekday written before it ("Sunday 07/04/2010" is July 4th)."""
    for text in texts:
        for m in _SLASHED.finditer(text):
            first, second = int(m.group(1)), int(m.group(2))
            if first > 12 >= second:
                return "dmy"
            if second > 12 >= first:
                return "mdy"
            if (order := _weekday_order(text, m)) is not None:
                return order
    return None


def _weekday_order(text: str, m: re.Match[str]) -> str | None:
    """The order under which a weekday written just before a slashed date is right."""
    before = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
    if before is None:
        return None
    weekday = _WEEKDAYS.index(before.group(1).casefold()[:3])
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    fits = []
    for order, (month, day) in (("mdy", (a, b)), ("dmy", (b, a))):
        iso = _iso(year, month, day)
        if iso and date.fromisoformat(iso).weekday() == weekday:
            fits.append(order)
    return fits[0] if len(fits) == 1 else None


def read_date(text: str, order: str | None = None) -> tuple[str, int, int] | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD`` with its offsets, or None.

    ``order`` ("dmy"/"mdy") is how slashed dates on the same line are written; without it
    a slashed date is read only when its own parts show the order.
    """
    found: list[tuple[int, int, str]] = []
    m = _ISO.search(text)
    if m and (iso := _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
        found.append((m.start(), m.end(), iso))
    m = _YEAR_FIRST.search(text)
    if m and (iso := _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
        found.append((m.start(), m.end(), iso))
    m = _DOTTED.search(text)
    if m and (iso := _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))):
        found.append((m.start(), m.end(), iso))
    if m := _SLASHED.search(text):
        slashed = order or slash_order([m.group(0)])
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if slashed and (iso := _iso(year, *((b, a) if slashed == "dmy" else (a, b)))):
            found.append((m.start(), m.end(), iso))
    if named := parse_date(text):
        found.append((named[1], named[2], named[0]))
    if not found:
        return None
    start, end, iso = min(found)
    return iso, start, end


def read_date_range(text: str, order: str | None = None) -> list[tuple[str, str, int, int]]:
    """``[("start", iso, s, e), ("end", iso, s, e)]`` of a run written as one or two dates.

    ``order`` is how the page writes slashed dates when the run itself does not show it.
    """
    order = slash_order([text]) or order
    parts = _split_range(text, order)
    out: list[tuple[str, str, int, int]] = []
    for role, (part, offset) in zip(("start", "end"), parts, strict=False):
        if part.strip().casefold() in _OPEN_END:
            continue
        found = read_date(part, order)
        if found is None:
            return out if role == "end" else []
        iso, s, e = found
        out.append((role, iso, offset + s, offset + e))
    return out


def _split_range(text: str, order: str | None) -> list[tuple[str, int]]:
    """The run's two ends with their offsets; one part when no separator joins two."""
    for m in _RANGE_SEPARATOR.finditer(text):
        head, tail = text[: m.start()], text[m.end() :]
        if read_date(head, order) is not None:
            return [(head, 0), (tail, m.end())]
    return [(text, 0)]


def read_count(text: str) -> int | None:
    """The first whole number of ``text`` ("(14610)", "59,233 votes", "10355 votes")."""
    m = _COUNT.search(text)
    return int(m.group(1).replace(",", "")) if m else None


def read_minutes(text: str) -> int | None:
    """A running time in minutes ("23 min", "2h 5m", "PT0H23M"); None when none is written."""
    text = text.strip()
    if len(text) > DURATION_MAX_CHARS:
        return None
    if (m := _ISO_DURATION.match(text)) and (m.group(1) or m.group(2)):
        return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    for m in _DURATION.finditer(text):
        if m.group("h") or m.group("m"):
            minutes = int(m.group("h") or 0) * 60 + int(m.group("m") or 0)
            return minutes if minutes > 0 else None
    return None


#: A date written with a month word in any language, day first or month first
#: ("7 janvier 2011", "23 de março de 2024", "13. März 2024", "Oct 4, 2006").
_WORDED_DATE = re.compile(
    r"(?<![\w.])(?:\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?\d{4}"
    r"|[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})(?!\w)"
)
_CJK_DATE = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]")


#: Languages whose slashed dates put the day first ("01/07/2024" is 1 July): English is
#: left out, as its sites write either order.
DAY_FIRST_LANGUAGES = frozenset(
    {"vi", "fr", "es", "pt", "it", "de", "nl", "ru", "uk", "pl", "cs", "tr", "id", "ms"}
    | {"ar", "th", "el", "ro", "hu", "sv", "da", "no", "fi"}
)


def read_written_date(text: str, language: str | None = None) -> tuple[str, int, int] | None:
    """The first date of ``text`` as ISO with its offsets, in the page's language:
    ``read_date``'s forms, then 2023年4月8日 / 2023년 4월 8일, then a day, a month word and
    a year in any language dateparser knows ("7 janvier 2011", "13. März 2024"). Only
    whole dates are read: a relative "2 months ago" or a month alone is no date."""
    found = read_date(text, "dmy" if language in DAY_FIRST_LANGUAGES else None)
    if found is not None:
        return found
    if m := _CJK_DATE.search(text):
        iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if iso:
            return iso, m.start(), m.end()
    for m in _WORDED_DATE.finditer(text[:2000]):
        parsed = _dateparser(m.group(0), language)
        if parsed is not None:
            return parsed, m.start(), m.end()
    return None


def _dateparser(text: str, language: str | None) -> str | None:
    import dateparser

    languages = [language] if language and language != "en" else None
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"]}
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat() if parsed else None
