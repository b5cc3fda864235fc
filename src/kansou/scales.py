"""Score scales and their documented mappings onto 0-100.

Every score kansou stores keeps the value and scale as written and adds
``normalized`` on 0-100. The registry (``SCALES``) is tried in order; the
first scale whose shape matches the written score reads it. The mappings:

- ``ratio``: ``x/N``, ``x out of N``, ``x of N`` for any N > 0 (four-point
  "3/4", five-point "4/5", "7/10", "85/100", even "7/12"): ``100 * x / N``.
  A "3.5/5" is 70.
- ``percent``: "85%", "85 percent": the number itself.
- ``stars``: "3.5 stars", "3 out of 4 stars", "★★★½", "★★★☆☆": out of 5 unless a
  maximum is written (or the glyphs show one); half stars count 0.5.
- ``letter``: grades A+ to F on a linear scale of thirds of a letter: A = 100,
  B = 75, C = 50, D = 25, each ``+``/``-`` one third of a letter (8.33)
  up/down, so B+ = 83.33 and D- = 16.67; F = 0. A+ would be 108.33 on that
  line and is capped at 100, the top of the scale, like A.
- ``thumbs``: "thumbs up" = 100, "thumbs down" = 0 (a two-point scale).
- ``verdict``: words on a five-rung ladder (value 0-4, ``100 * rung / 4``):
  must watch = 100, recommended = 75, mixed = 50, not recommended = 25,
  skip = 0 (see ``VERDICTS`` for every accepted spelling). "Recommended"
  sits above the 60 line that ``kansou.aggregate.consensus`` counts as
  positive, "mixed" below it.

- ``unstated``: a number behind a score label on a page that writes no maximum
  ("Nota 8", "Our Rating: 4.00"): value as written, ``scale_max`` and
  ``normalized`` None. It is the review's score as the page gave it, and it
  stays out of every 0-100 figure until its scale is known.

An unknown scale raises ``UnknownScale`` naming the value and what is
accepted; kansou never guesses a scale (a bare "8" is not a score).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kansou.errors import UnknownScale


@dataclass(frozen=True)
class Score:
    """A score as written (``value`` on ``scale``) and on kansou's 0-100 scale."""

    value: float
    scale_max: float | None
    normalized: float | None
    scale: str = "ratio"
    as_written: str = ""

    @property
    def stated(self) -> bool:
        """Whether the page wrote the scale's maximum (only then is it on 0-100)."""
        return self.normalized is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Score:
        return cls(**data)


def score_key(score: Mapping[str, Any]) -> tuple[Any, Any]:
    """How two stated scores (``Score.to_dict()`` as claims hold them) are known as one
    statement: the same value on the same maximum."""
    return score["value"], score["scale_max"]


#: Letter grades: thirds of a letter on a line through A = 100 and F = 0
#: (A = 4 points, B = 3, C = 2, D = 1, +/- = 1/3 point; normalized = 25 * points).
#: A+ is capped at 100: nothing scores above the top of the scale.
LETTER_GRADES: dict[str, float] = {
    f"{letter}{mod}": round(min(100.0, 25.0 * (points + shift / 3.0)), 2)
    for letter, points in (("A", 4), ("B", 3), ("C", 2), ("D", 1))
    for mod, shift in (("+", 1), ("", 0), ("-", -1))
} | {"F": 0.0}

#: Word verdicts as rungs of a five-rung ladder (0-4); normalized = 25 * rung.
VERDICT_RUNGS: dict[str, int] = {
    "must watch": 4,
    "must see": 4,
    "must-watch": 4,
    "must-see": 4,
    "essential": 4,
    "highly recommended": 4,
    "recommended": 3,
    "worth watching": 3,
    "watch it": 3,
    "mixed": 2,
    "mixed feelings": 2,
    "stream it": 2,
    "not recommended": 1,
    "not worth it": 1,
    "skip": 0,
    "skip it": 0,
    "avoid": 0,
}
VERDICT_MAX = 4


def unstated(value: float, as_written: str = "") -> Score:
    """A score whose page writes no maximum ("Nota 8", "Our Rating: 4.00"): kept as
    written, never placed on 0-100 by a guessed maximum."""
    if not math.isfinite(value) or value < 0:
        raise UnknownScale(f"score '{as_written or _num(value)}' is not a finite number")
    return Score(float(value), None, None, "unstated", as_written)


def ratio(value: float, scale_max: float, as_written: str = "") -> Score:
    """A score ``value`` out of ``scale_max``, rejected when it does not fit its scale."""
    if not (math.isfinite(value) and math.isfinite(scale_max)):
        raise UnknownScale(
            f"score '{as_written or _num(value)}' is not a finite number on a finite scale"
        )
    if scale_max <= 0:
        raise UnknownScale(
            f"unknown score scale '{as_written or _num(value)}': the maximum must be above 0"
        )
    if value < 0 or value > scale_max:
        raise UnknownScale(
            f"score '{as_written or _num(value)}' lies outside its scale 0-{_num(scale_max)}"
        )
    normalized = round(100.0 * (value / scale_max), 2)
    return Score(float(value), float(scale_max), normalized, "ratio", as_written)


_NUM = r"(\d+(?:[.,]\d+)?)"
_RATIO = re.compile(rf"^\(?\s*{_NUM}\s*(?:/|out of|of)\s*{_NUM}\s*\)?$", re.I)
_PERCENT = re.compile(rf"^{_NUM}\s*(?:%|percent)$", re.I)
_STARS_WORD = re.compile(
    rf"^{_NUM}\s*(?:(?:/|out of|of)\s*{_NUM}\s*)?stars?(?:\s*(?:/|out of|of)\s*{_NUM})?$", re.I
)
_STAR_GLYPHS = re.compile(r"^([★⭐]*)(½?)([☆]*)$")
_THUMBS = re.compile(r"^thumbs?[\s-]*(up|down)$", re.I)


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def _read_ratio(written: str) -> Score | None:
    m = _RATIO.match(written)
    return ratio(_float(m.group(1)), _float(m.group(2)), written) if m else None


def _read_percent(written: str) -> Score | None:
    m = _PERCENT.match(written)
    return _with_scale(ratio(_float(m.group(1)), 100.0, written), "percent") if m else None


def _read_stars(written: str) -> Score | None:
    if m := _STARS_WORD.match(written):
        top = m.group(2) or m.group(3)
        return _with_scale(ratio(_float(m.group(1)), _float(top) if top else 5.0, written), "stars")
    m = _STAR_GLYPHS.match(written)
    if not written or m is None or not (m.group(1) or m.group(2)):
        return None
    full, half, empty = len(m.group(1)), bool(m.group(2)), len(m.group(3))
    top = max(full + half + empty, 5)
    return _with_scale(ratio(full + 0.5 * half, float(top), written), "stars")


def _read_letter(written: str) -> Score | None:
    grade = written.upper().replace("−", "-").replace("–", "-").replace(" ", "")
    if grade not in LETTER_GRADES:
        return None
    return Score(LETTER_GRADES[grade], 100.0, LETTER_GRADES[grade], "letter", written)


def _read_thumbs(written: str) -> Score | None:
    m = _THUMBS.match(written)
    if m is None:
        return None
    up = m.group(1).lower() == "up"
    return Score(1.0 if up else 0.0, 1.0, 100.0 if up else 0.0, "thumbs", written)


def _read_verdict(written: str) -> Score | None:
    key = " ".join(written.lower().strip(" .!").split())
    if key not in VERDICT_RUNGS:
        return None
    rung = VERDICT_RUNGS[key]
    return Score(float(rung), float(VERDICT_MAX), 100.0 * rung / VERDICT_MAX, "verdict", written)


@dataclass(frozen=True)
class ScaleSpec:
    """One accepted scale: its name, how it is written, and the reader that parses it."""

    name: str
    written_as: str
    read: Callable[[str], Score | None]


#: The registry, in the order scales are tried. ``ACCEPTED`` is built from it.
SCALES: tuple[ScaleSpec, ...] = (
    ScaleSpec("stars", "stars (3.5 stars, 3 out of 4 stars, ★★★½)", _read_stars),
    ScaleSpec("ratio", "x/N for any N (7/10, 3.5/5, 3/4, 85/100, 7 out of 10)", _read_ratio),
    ScaleSpec("percent", "a percentage (85%)", _read_percent),
    ScaleSpec("letter", "a letter grade A+ to F", _read_letter),
    ScaleSpec("thumbs", "thumbs up/down", _read_thumbs),
    ScaleSpec(
        "verdict",
        "a verdict (must watch, recommended, mixed, not recommended, skip)",
        _read_verdict,
    ),
)

ACCEPTED = ", ".join(spec.written_as for spec in SCALES)


def parse_score(text: str) -> Score:
    """Read one written score; raise ``UnknownScale`` when no accepted scale fits."""
    written = " ".join(text.split())
    for spec in SCALES:
        score = spec.read(written)
        if score is not None:
            return score
    raise UnknownScale(f"unknown score scale '{written}': expected {ACCEPTED}")


def scale_names() -> list[str]:
    """The names of the registered scales, in the order they are tried."""
    return [spec.name for spec in SCALES]


def _with_scale(score: Score, scale: str) -> Score:
    return Score(score.value, score.scale_max, score.normalized, scale, score.as_written)


def _num(x: float) -> str:
    return str(int(x)) if math.isfinite(x) and float(x).is_integer() else str(x)
