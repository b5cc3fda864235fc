"""Score scales and their documented mappings onto 0-100.

Every score kansou stores keeps the value and scale as written and adds
``normalized`` on 0-100. The mappings:

- ``x/N`` (any N > 0, "x out of N"): ``100 * x / N``. A "3.5/5" is 70.
- percent ("85%"): the number itself.
- stars ("★★★½", "3.5 stars"): out of 5 unless a maximum is written.
- letter grades: linear, A+ = 100 ... F = 0 (see ``LETTER_GRADES``).

An unknown scale raises ``UnknownScale`` naming the value and what is
accepted; kansou never guesses a scale.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from kansou.errors import UnknownScale

ACCEPTED = "x/N (e.g. 7/10, 3.5/5, 85/100), 'x out of N', a percentage, stars or a letter grade A+ to F"

#: Letter grades on a linear 0-100 mapping: thirteen steps from F (0) to A+ (100),
#: with the plain letter at its band's centre (A = 92, B+ = 83 ...). The step
#: (100 / 12) is the same between every adjacent grade.
LETTER_GRADES: dict[str, float] = {
    grade: round(100 * i / 12, 1)
    for i, grade in enumerate(
        ["F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]
    )
}


@dataclass(frozen=True)
class Score:
    """A score as written (``value`` on ``scale``) and on kansou's 0-100 scale."""

    value: float
    scale_max: float
    normalized: float
    scale: str = "ratio"
    as_written: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Score:
        return cls(**data)


def ratio(value: float, scale_max: float, as_written: str = "") -> Score:
    """A score ``value`` out of ``scale_max``, rejected when it does not fit its scale."""
    if scale_max <= 0:
        raise UnknownScale(f"unknown score scale '{as_written or value}': maximum must be > 0")
    if value < 0 or value > scale_max:
        raise UnknownScale(
            f"score '{as_written or value}' lies outside its scale 0-{_num(scale_max)}"
        )
    normalized = round(100.0 * value / scale_max, 2)
    return Score(float(value), float(scale_max), normalized, "ratio", as_written)


_RATIO = re.compile(r"^\(?\s*(\d+(?:\.\d+)?)\s*(?:/|out of|of)\s*(\d+(?:\.\d+)?)\s*\)?$", re.I)
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%$")
_STARS_WORD = re.compile(r"^(\d+(?:\.\d+)?)\s*stars?(?:\s*(?:/|out of)\s*(\d+))?$", re.I)
_STAR_GLYPHS = re.compile(r"^([★]*)(½?)([☆]*)$")


def parse_score(text: str) -> Score:
    """Read one written score; raise ``UnknownScale`` when no accepted scale fits."""
    written = text.strip()
    if m := _RATIO.match(written):
        return ratio(float(m.group(1)), float(m.group(2)), written)
    if m := _PERCENT.match(written):
        return _with_scale(ratio(float(m.group(1)), 100.0, written), "percent")
    if m := _STARS_WORD.match(written):
        top = float(m.group(2)) if m.group(2) else 5.0
        return _with_scale(ratio(float(m.group(1)), top, written), "stars")
    if written and (m := _STAR_GLYPHS.match(written)) and (m.group(1) or m.group(2)):
        full, half, empty = len(m.group(1)), bool(m.group(2)), len(m.group(3))
        top = full + half + empty if empty or half else 5
        return _with_scale(ratio(full + 0.5 * half, float(max(top, 5)), written), "stars")
    grade = written.upper().replace("−", "-")
    if grade in LETTER_GRADES:
        return Score(LETTER_GRADES[grade], 100.0, LETTER_GRADES[grade], "letter", written)
    raise UnknownScale(f"unknown score scale '{written}': expected {ACCEPTED}")


def _with_scale(score: Score, scale: str) -> Score:
    return Score(score.value, score.scale_max, score.normalized, scale, score.as_written)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
