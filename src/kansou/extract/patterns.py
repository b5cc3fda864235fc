"""Shapes of text that every extractor recognises: scores with their scale, dates, numbers.

These are general: a score is "a number over a maximum" (``3.5/5``, ``30/100``,
``6 out of 10``), a date is "a month name, a day and a year" in the orders
sites write them. Nothing here knows any site.
"""

from __future__ import annotations

import re
from datetime import date

from kansou.errors import UnknownScale
from kansou.model import Block, Span
from kansou.scales import Score, parse_score

#: A score written as "number / maximum" or "number out of maximum".
SCORE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s*(?:/|out\s+of)\s*(100|10|5|4|20)(?![\d.])", re.I
)

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
DATE = re.compile(
    rf"{_WEEKDAY}(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<mo3>\d{2})-(?P<d3>\d{2}))",
    re.I,
)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
#: Number words a count is written in ("one episode watched", "a seven out of ten").
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
}


#: Letters and digits of the scripts written with spaces between words (Latin, Greek,
#: Cyrillic): a number or a name glued to one is part of a longer word, where in scripts
#: written without spaces it may follow a word directly ("評価は80点", "豆瓣评分").
SPACED_LETTERS = r"A-Za-z\d_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
#: Chinese and Japanese numerals, as episode numbers write them ("第十二話", "第二十五集").
CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
CJK_NUMERAL = r"[〇零一二三四五六七八九两十百]{1,6}"


def cjk_number(text: str) -> int | None:
    """A Chinese/Japanese numeral up to 999 ("五" 5, "十二" 12, "二十五" 25, "百三" 103), or
    None when the characters do not spell a number."""
    total, digit = 0, None
    for char in text:
        if char in CJK_DIGITS:
            if digit is not None:
                return None  # "一二": two digits in a row spell no number here
            digit = CJK_DIGITS[char]
        elif char in "十百":
            unit = 10 if char == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def find_score(text: str) -> tuple[Score, int, int] | None:
    """The last "x/N" score in ``text`` with its offsets, or None (never a guessed zero)."""
    found = None
    for m in SCORE.finditer(text):
        try:
            found = (parse_score(f"{m.group(1)}/{m.group(2)}"), m.start(), m.end())
        except UnknownScale:
            continue
    return found


def parse_date(text: str) -> tuple[str, int, int] | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD`` with its offsets."""
    for m in DATE.finditer(text):
        g = m.groupdict()
        try:
            if g["y1"]:
                d = date(int(g["y1"]), MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]))
            elif g["y2"]:
                d = date(int(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]))
            else:
                d = date(int(g["y3"]), int(g["mo3"]), int(g["d3"]))
        except ValueError:
            continue
        return d.isoformat(), m.start(), m.end()
    return None


def parse_int(text: str) -> int | None:
    """The first whole number in ``text`` ("453", "1,251,960", "thirteen").

    Read exactly as an integer (a fraction is cut off), never through a float:
    310 nines are a wrong value for the validator to name, not an overflow.
    """
    m = NUMBER.search(text)
    if m:
        try:
            return int(m.group(0).replace(",", "").partition(".")[0])
        except ValueError:  # more digits than Python converts (4,300)
            return None
    word = text.strip().split(" ")[0].lower() if text.strip() else ""
    return NUMBER_WORDS.get(word)


def block_span(block: Block, start: int = 0, end: int | None = None) -> Span:
    """Span of ``block.text[start:end]`` in the document text."""
    stop = len(block.text) if end is None else end
    return Span(block.start + start, block.start + stop)


def span_of(block: Block, needle: str) -> Span:
    """Span of the first occurrence of ``needle`` in the block (the whole block if absent)."""
    at = block.text.find(needle) if needle else -1
    if at < 0:
        return block_span(block)
    return block_span(block, at, at + len(needle))


def is_name_like(text: str, max_words: int = 5) -> bool:
    """A person's, character's or title's name: short, starts upper-case, no sentence."""
    words = text.split()
    if not 1 <= len(words) <= max_words or len(text) > 60:
        return False
    if not (text[0].isupper() or text[0].isdigit() or not text[0].isascii()):
        return False
    return not re.search(r"[.!?,;:()\[\]\"“”]|\s-\s", text)
