"""Score candidates: every expression on a line that is written like a score.

This module only recognises notations; whether a candidate is this review's
score, an aspect's, an episode's or no score at all is decided in
``kansou.extract.general.decide``. The notations, as the web writes them:

- **ratio**: ``x/N``, ``x / N``, ``x out of N``, ``x sur N``, ``x von N``,
  ``x su N``, ``x sobre N``, ``x de N``, ``x из N``, ``x na N``, ``x dari N``, ``x uit N``,
  ``x จาก N``, ``x เต็ม N``, ``x من N``; a decimal point or comma
  (``4,2/5``). N must be a maximum scales use (``SCALE_MAXIMA``), so "25/26
  episodes" and "8/7 (tie)" are not ratios; "?/10" is a placeholder, no value.
- **full marks** (Japanese, Korean, Chinese): "10点満点中8点", "10점 만점에 8점",
  "满分10分，我给8分" (the maximum, then the value), "92点（100点満点）" (the value, then
  its full marks in brackets).
- **words**: "a seven out of ten", "nine and a half out of ten".
- **stars**: glyph bars (★★★½, ★★☆☆☆, emoji ⭐⭐⭐⭐), dot bars (●●◐○○), asterisk
  bars (``***``) and counted stars in many languages ("3.5 stars", "4 1/2
  stars", "four and a half stars", "3 estrelas", "4 étoiles", "3 Sterne").
- **letter**: grades A+ to F and S, only where something says it is a grade (a
  label, the word "grade", quotes, a line of its own, "an A++ movie"): a
  bare capital letter is far more often an article or an initial.
- **percent**: "85%", "85 percent".
- **points**: "8 points", "8 Punkte", "8 баллов", "8点", "8점".
- **bare**: a number behind a score label with no maximum written ("Score 10",
  "Nota 8", "Our Rating: 4.00"): kept as written with its maximum unknown.

Digits of other scripts and full-width forms are read as their ASCII twins
("８／１０", "٨٫٥/١٠"); a candidate still quotes the page's own characters.

Every recogniser is a linear regular expression over one line (lines longer
than ``MAX_LINE_CHARS`` are read only up to that length, which keeps a 1 MB
line of digits linear).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kansou.errors import UnknownScale
from kansou.extract.patterns import NUMBER_WORDS, SPACED_LETTERS
from kansou.model import Block
from kansou.scales import LETTER_GRADES, Score, parse_score, ratio, unstated

#: Maxima that real rating scales use; anything else after a slash is a date, a count
#: or an episode range ("25/26 episodes", "10/9 (tie)", "8.7/103 votes").
SCALE_MAXIMA = frozenset({3, 4, 5, 6, 10, 20, 100})
#: Lines are read up to this many characters: a score sits in a line a person wrote.
MAX_LINE_CHARS = 5_000
#: A bare number behind a label, with no maximum written, is at most this much: larger
#: ones are certificates ("Rating: 15"), counts or composite indexes ("rating12.1").
BARE_MAX = 10.0
#: Longest glyph bar read as stars; longer runs are decoration.
MAX_STAR_SLOTS = 10
#: A line with more score-like expressions than this is a table of numbers or noise, not
#: a rating line; only its first ones are candidates (a page of 5,000 numbers stays linear).
MAX_CANDIDATES_PER_LINE = 24

_NUM = r"\d{1,3}(?:[.,]\d{1,2})?"
_OF = r"(?:/|out\s+of|of|sur|sobre|von|su|de|из|na|от|з|dari|uit|trên|من|จาก|เต็ม)"
RATIO = re.compile(
    rf"(?<![{SPACED_LETTERS}.,/])(?P<v>{_NUM})(?P<half>½)?\s*{_OF}\s*(?P<m>\d{{1,3}})(?![\d.,]*\d)(?!\s*[%/])"
    r"(?:\s*(?P<unit>stars?|estrelas?|estrellas?|étoiles?|stelle|sterne|звезд\w*|点|점|分))?",
    re.I,
)
_WORD_NUMBERS = {"zero": 0, **NUMBER_WORDS, "hundred": 100, "a hundred": 100}
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten)"
WORDS = re.compile(
    rf"\b(?P<v>{_WORD}|\d{{1,2}})(?P<half>\s+and\s+a\s+half)?\s+out\s+of\s+"
    rf"(?P<m>{_WORD}|hundred|a hundred|\d{{1,3}})\b(?:\s+(?P<unit>stars?))?",
    re.I,
)
_STAR_FULL = "★⭐🌟✭✮"
_STAR_EMPTY = "☆✩"
STAR_GLYPHS = re.compile(
    rf"(?P<full>(?:[{_STAR_FULL}]\ufe0f?){{1,{MAX_STAR_SLOTS}}})(?P<half>½)?"
    rf"(?P<empty>[{_STAR_EMPTY}]{{0,{MAX_STAR_SLOTS}}})"
    rf"|(?P<onlyhalf>½)(?P<empty2>[{_STAR_EMPTY}]{{1,{MAX_STAR_SLOTS}}})"
)
DOT_BAR = re.compile(r"(?P<bar>[●◐○]{3,10})")
ASTERISKS = re.compile(r"(?:^|(?<=[:：]\s)|(?<=[:：]))(?P<bar>\*{1,5})(?=\s|$)")
_STARS_WORD = (
    r"(?:stars?|estrelas?|estrellas?|étoiles?|stelle|sterne|звезд\w*|星|yıldız|gwiazdk\w*)"
)
COUNTED_STARS = re.compile(
    rf"(?<![{SPACED_LETTERS}.,/])(?P<v>{_NUM}|{_WORD})(?P<frac>\s+1/2|\s*½|\s+and\s+a\s+half)?\s*"
    rf"{_STARS_WORD}(?!\w)",
    re.I,
)
LETTER = re.compile(r"(?<![\w+\-])(?P<g>[A-F](?:\+\+|\+|-|−)?|S)(?![\w+]|[-−]\w)")  # not "A-1"
PERCENT = re.compile(
    rf"(?<![{SPACED_LETTERS}.,])(?P<v>\d{{1,3}}(?:[.,]\d{{1,2}})?)\s?(?:%|percent\b|por cento)",
    re.I,
)
POINTS = re.compile(
    rf"(?<![{SPACED_LETTERS}.,])(?P<v>{_NUM})\s*(?:points?|pts\.?|punkte?|punti|puntos|pontos|балл\w*|点|점|分)"
    rf"(?![{SPACED_LETTERS}])",
    re.I,
)
BARE = re.compile(rf"(?<![{SPACED_LETTERS}.,/])(?P<v>{_NUM})(?P<half>½)?(?![\w/%]|[.,]\d|\s*[/%])")
#: The maximum first, then the value: "10点満点中8点", "10점 만점에 8점", "满分10分，我给8分".
FULL_MARKS = re.compile(
    r"(?P<m>\d{1,3})\s*(?:点満点中?|点満点で|점\s*만점에|分满分中?)\s*(?P<v>\d{1,3}(?:[.,]\d)?)\s*[点점分]"
    r"|[满滿]分\s*(?P<m2>\d{1,3})\s*分?\s*[，,、]?\s*(?:我给|给|打)?\s*(?P<v2>\d{1,3}(?:[.,]\d)?)\s*分"
    # the value, then its full marks in brackets: "92点（100点満点）", "8점 (10점 만점)"
    r"|(?P<v3>\d{1,3}(?:[.,]\d)?)\s*[点점分]\s*\(\s*(?:(?P<m3>\d{1,3})\s*(?:点満点|점\s*만점|分满分|分滿分"
    r"|分满分制)|(?:满分|滿分|満点|만점)\s*(?P<m4>\d{1,3})\s*[点점分]?)\s*\)"  # "9分（满分10分）"
)

#: A page's own statement of its scale, with no score in it: "10点満点です", "满分10分",
#: "all scores are out of 10", "on a 10-point scale".
PAGE_SCALE = re.compile(
    r"(?<![\d.])(?P<m>5|10|20|100)\s*(?:点満点|점\s*만점|分满分|分滿分)(?!\s*[中에]?\s*\d)"
    r"|(?:满分|滿分)\s*(?P<m2>5|10|100)\s*分(?!\s*[，,、]?\s*(?:我给|给|打)?\s*\d)"
    r"|(?:scores?|ratings?|grades?)\s+(?:are\s+)?(?:out\s+of|on\s+a\s+scale\s+of)\s+(?P<m3>5|10|100)\b"
    r"|(?:on|out of)\s+an?\s+(?P<m4>5|10|100)-point scale",
    re.I,
)
#: What a line must hold to state a scale (a quick test before ``PAGE_SCALE``).
_SCALE_WORDS = re.compile("満点|만점|满分|滿分|out of|scale of|point scale")
#: A scale is stated in a short phrase near a line's start: only this much is read.
PAGE_SCALE_CHARS = 500


def stated_scale(text: str) -> float | None:
    """The maximum a line says the page's scores are out of, with no score in it."""
    m = PAGE_SCALE.search(text[:PAGE_SCALE_CHARS])
    return float(next(g for g in m.groups() if g)) if m else None


@dataclass(frozen=True)
class Candidate:
    """One score-like expression: where it is, what it reads as, and how it is written.

    ``start``/``end`` are offsets in ``block.text``; ``score.scale_max`` is None
    when the page writes no maximum (a bare "Nota 8").
    """

    block: Block
    start: int
    end: int
    score: Score
    notation: str

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]

    def key(self) -> tuple[int, int]:
        return (self.block.index, self.start)


def find_candidates(block: Block) -> list[Candidate]:
    """Every score-like expression of one line, left to right, never overlapping."""
    return [Candidate(block, *found) for found in _candidates_of(block.text[:MAX_LINE_CHARS])]


#: Digits and signs of other scripts, each to its ASCII twin, one character for one so a
#: candidate's offsets stay those of the page's own text: full-width forms ("８／１０",
#: "９５％"), Arabic-Indic and Persian digits with the Arabic decimal point and percent
#: sign ("٨٫٥/١٠"), Devanagari, Bengali and Thai digits.
_ASCII_TWINS = {
    **{0xFF01 + i: 0x21 + i for i in range(0x5E)},  # ！ to ～
    0x3000: 0x20,  # ideographic space
    0x066B: ord("."),  # ٫ Arabic decimal separator
    0x066C: ord(","),  # ٬ Arabic thousands separator
    0x066A: ord("%"),  # ٪ Arabic percent sign
    **{
        base + d: ord("0") + d
        for base in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50)
        for d in range(10)
    },
}
_FOREIGN_SIGN = re.compile("[\uff01-\uff5e\u3000\u066a-\u066c\u0660-\u0669\u06f0-\u06f9"
                           "\u0966-\u096f\u09e6-\u09ef\u0e50-\u0e59]")  # fmt: skip


def ascii_signs(text: str) -> str:
    """``text`` with other scripts' digits and score signs as ASCII, same length."""
    return text.translate(_ASCII_TWINS) if _FOREIGN_SIGN.search(text) else text


@lru_cache(maxsize=16384)
def _candidates_of(text: str) -> tuple[tuple[int, int, Score, str], ...]:
    """The candidates of one line's text (a pure function, computed once per text).

    Read on the line with its digits made ASCII; what each candidate quotes is the
    page's own writing ("８／１０")."""
    read = ascii_signs(text)
    found = _candidates_of_ascii(read)
    if read is text:
        return found
    return tuple((s, e, _as_written(score, text[s:e]), n) for s, e, score, n in found)


def _candidates_of_ascii(text: str) -> tuple[tuple[int, int, Score, str], ...]:
    found: list[tuple[int, int, Score, str]] = []
    taken: set[int] = set()
    low = text.lower()  # the gates' words are matched in lower case: faster than re.I
    stated = _SCALE_WORDS.search(low) is not None
    for reader, needs, folded in _READERS:
        if stated and reader is not _full_marks:
            stated = False  # "評価は10点満点です": no score, once "9分（满分10分）" is read
            for m in PAGE_SCALE.finditer(text):
                if taken.isdisjoint(range(m.start(), m.end())):
                    taken.update(range(m.start(), m.end()))
        if not needs.search(low if folded else text):
            continue
        for start, end, score, notation in reader(text):
            if taken.isdisjoint(range(start, end)):
                found.append((start, end, score, notation))
                taken.update(range(start, end))
    return tuple(sorted(found, key=lambda c: c[0])[:MAX_CANDIDATES_PER_LINE])


def _scaled(value: str, maximum: str, written: str, half: bool = False) -> Score | None:
    """``value`` (and a half: "7½/10") of ``maximum`` as written, or None when no scale
    has that maximum."""
    if int(maximum) not in SCALE_MAXIMA:
        return None
    try:
        return ratio(_float(value) + (0.5 if half else 0.0), float(maximum), written)
    except UnknownScale:
        return None


def _ratios(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in RATIO.finditer(text):
        score = _scaled(m.group("v"), m.group("m"), m.group(0), bool(m.group("half")))
        if score is None:
            continue
        notation = "stars" if m.group("unit") and "st" in m.group("unit").lower() else "ratio"
        out.append((m.start(), m.end(), _named(score, notation), notation))
    return out


def _full_marks(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in FULL_MARKS.finditer(text):
        value = m.group("v") or m.group("v2") or m.group("v3")
        maximum = m.group("m") or m.group("m2") or m.group("m3") or m.group("m4")
        score = _scaled(value, maximum, m.group(0))
        if score is not None:
            out.append((m.start(), m.end(), _named(score, "ratio"), "ratio"))
    return out


def _words(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in WORDS.finditer(text):
        value, maximum = _word_value(m.group("v")), _word_value(m.group("m"))
        if value is None or maximum is None or maximum not in SCALE_MAXIMA:
            continue
        value += 0.5 if m.group("half") else 0.0
        try:
            score = ratio(value, float(maximum), m.group(0))
        except UnknownScale:
            continue
        notation = "stars" if m.group("unit") else "words"
        scale = "stars" if m.group("unit") else "ratio"
        out.append((m.start(), m.end(), _named(score, scale), notation))
    return out


def _star_glyphs(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in STAR_GLYPHS.finditer(text):
        full = len(re.sub("\ufe0f", "", m.group("full") or ""))
        half = 1 if (m.group("half") or m.group("onlyhalf")) else 0
        empty = len(m.group("empty") or m.group("empty2") or "")
        slots = full + half + empty
        # Without empty slots the bar shows no maximum (⭐⭐⭐⭐ of how many?): 5 is only
        # assumed for a bar that shows its empty slots or runs to 5.
        maximum = float(slots) if empty else (5.0 if slots <= 5 else float(slots))
        try:
            score = ratio(full + 0.5 * half, maximum, m.group(0))
        except UnknownScale:
            continue
        if not empty and slots < 5:
            score = Score(score.value, score.scale_max, score.normalized, "stars", m.group(0))
        out.append((m.start(), m.end(), _named(score, "stars"), "stars"))
    return out


def _dot_bars(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in DOT_BAR.finditer(text):
        bar = m.group("bar")
        if "○" not in bar and "◐" not in bar:
            continue  # a run of filled dots is a bullet list or a divider, not a bar
        value = bar.count("●") + 0.5 * bar.count("◐")
        score = ratio(value, float(len(bar)), bar)
        out.append((m.start(), m.end(), _named(score, "stars"), "stars"))
    return out


def _asterisks(text: str) -> list[tuple[int, int, Score, str]]:
    """A bar of asterisks at the start of a line or right after a label ("Rating: ****")."""
    out = []
    for m in ASTERISKS.finditer(text):
        bar = m.group("bar")
        score = _named(ratio(float(len(bar)), 5.0, bar), "stars")
        out.append((m.start("bar"), m.end("bar"), score, "asterisks"))
    return out


def _counted_stars(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in COUNTED_STARS.finditer(text):
        value = _word_value(m.group("v"))
        if value is None:
            continue
        value += 0.5 if m.group("frac") else 0.0
        try:
            score = ratio(value, 5.0, m.group(0))
        except UnknownScale:
            continue
        out.append((m.start(), m.end(), _named(score, "stars"), "stars"))
    return out


#: "A fun ride for fans": a capital A that a lower-case word follows is the article,
#: unless that word is what the grade is given to ("an A movie", "A grade").
_ARTICLE_A = re.compile(r"\s+(?!(?:movie|film|show|series|anime|season|grade)\b)[a-z]")


def _letters(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in LETTER.finditer(text):
        if m.group("g") == "A" and _ARTICLE_A.match(text, m.end()):
            continue
        grade = m.group("g").replace("−", "-")
        value = letter_value(grade)
        if value is None:
            continue
        score = Score(value, 100.0, value, "letter", grade)
        out.append((m.start(), m.end(), score, "letter"))
    return out


def _percents(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in PERCENT.finditer(text):
        try:
            score = parse_score(f"{m.group('v')}%")
        except UnknownScale:
            continue
        out.append((m.start(), m.end(), _as_written(score, m.group(0)), "percent"))
    return out


#: Points in Chinese, Japanese and Korean above this are out of 100 ("85点", "92점"): their
#: reviews score out of 100 when they pass 10 (a "8.5分" stays unstated).
CJK_POINTS_OF_100_ABOVE = 10


def _points(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in POINTS.finditer(text):
        value = _float(m.group("v"))
        if value <= 0:
            continue
        score = unstated(value, m.group(0))
        if m.group(0)[-1] in "点점分" and CJK_POINTS_OF_100_ABOVE < value <= 100:
            score = ratio(value, 100.0, m.group(0))
        out.append((m.start(), m.end(), score, "points"))
    return out


def _bare(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in BARE.finditer(text):
        value = _float(m.group("v")) + (0.5 if m.group("half") else 0.0)  # "Voto: 7½"
        if 0 < value <= BARE_MAX:  # a bare 0 is a count ("Good - 0"), never a score
            out.append((m.start(), m.end(), unstated(value, m.group(0)), "bare"))
    return out


_DIGIT = re.compile(r"\d")
#: Each notation's reader, in order of precedence (an earlier reading of the same
#: characters wins), with what a line must hold for the reader to find anything there
#: and whether that is looked for in the lower-cased line: a quick test that spares most
#: lines of a long page most of the readers.
#: "Score7/10", "Rating8.5/10": a ratio glued to the label before it, as a crawler joins
#: a score box's label and value; the candidate is the ratio, the label stays its label.
_GLUED_LABEL = r"(?:score|rating|overall|verdict|note|nota|wertung|voto|grade)"
_GLUED_RATIO = re.compile(rf"(?i:{_GLUED_LABEL})(?=(?P<r>{_NUM}\s*/\s*\d{{1,3}}))")


def _glued_ratios(text: str) -> list[tuple[int, int, Score, str]]:
    out = []
    for m in _GLUED_RATIO.finditer(text):
        start = m.start("r")
        for start_, end, score, notation in _ratios(" " + text[start : start + 16]):
            if start_ == 1:
                out.append((start, start + end - 1, score, notation))
            break
    return out


_READERS = (
    (_full_marks, re.compile("満点|만점|满分|滿分"), False),
    (
        _glued_ratios,
        re.compile(rf"{_GLUED_LABEL}\d"),
        True,
    ),
    (_ratios, _DIGIT, False),
    (_words, re.compile(r"out\s+of"), True),
    (_counted_stars, re.compile(rf"{_STARS_WORD}(?!\w)"), True),
    (_star_glyphs, re.compile(rf"[{_STAR_FULL}{_STAR_EMPTY}½]"), False),
    (_dot_bars, re.compile(r"[●◐○]"), False),
    (_asterisks, re.compile(r"\*"), False),
    (_percents, _DIGIT, False),
    (_points, _DIGIT, False),
    (_letters, LETTER, False),
    (_bare, _DIGIT, False),
)


def letter_value(grade: str) -> float | None:
    """A grade on 0-100: the scale's letters, S above A (100), A++ capped like A+."""
    grade = grade.upper()
    if grade == "S" or grade == "A++":
        return 100.0
    return LETTER_GRADES.get(grade)


def _word_value(word: str) -> float | None:
    word = word.strip().lower()
    if word.isdigit():
        return float(word)
    try:
        return float(word.replace(",", "."))
    except ValueError:
        pass
    value = _WORD_NUMBERS.get(word)
    return float(value) if value is not None else None


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def _named(score: Score, notation: str) -> Score:
    return Score(score.value, score.scale_max, score.normalized, notation, score.as_written)


def _as_written(score: Score, written: str) -> Score:
    return Score(score.value, score.scale_max, score.normalized, score.scale, written)
