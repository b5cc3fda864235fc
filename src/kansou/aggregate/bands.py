"""The consensus in words a fan reads at a glance, and why it differs from the reviews' mean.

Bands (``VERDICT_BANDS``, on the 0-100 consensus) are Metacritic's bands for
television and film: 81-100 universal acclaim, 61-80 generally favorable, 40-60
mixed or average, 20-39 generally unfavorable, 0-19 overwhelming dislike. They
are kept as Metacritic draws them, so a fan who knows those words reads kansou's
the same way; they were not refitted to anime. On the 2023 MyAnimeList user
ratings (title means of the 1,979 titles with at least 20 ratings) they give
19% universal acclaim, 77% generally favorable, 4% mixed or average, 0.5%
generally unfavorable and 0.05% overwhelming dislike: users rate what they
chose to watch, so their scores sit high; reviews spread wider.

Decisions:

- The word is the band of the consensus (the shrunk estimate), never of the raw
  mean: with three reviews the raw mean can sit anywhere.
- When the 90% interval reaches into other bands, ``could_be`` names them, so
  "mixed or average" from four reviews reads as the guess it is.
- ``why`` is one sentence on how the consensus differs from the reviews' own
  mean: the prior (``PRIOR_MEAN``, worth ``PRIOR_STRENGTH`` reviews) weighs
  ``PRIOR_STRENGTH / (PRIOR_STRENGTH + n)`` of the estimate, which fades as
  reviews accumulate. A difference under ``SAME_WITHIN`` points is "the same".
"""

from __future__ import annotations

from typing import Any

#: (lowest score of the band, its words), highest band first: Metacritic's TV/film bands.
VERDICT_BANDS: tuple[tuple[float, str], ...] = (
    (81.0, "universal acclaim"),
    (61.0, "generally favorable"),
    (40.0, "mixed or average"),
    (20.0, "generally unfavorable"),
    (0.0, "overwhelming dislike"),
)
#: Points between the consensus and the raw mean below which they are said to agree
#: (the consensus is shown to one decimal; half a point is below what a reader weighs).
SAME_WITHIN = 0.5
NO_VERDICT = "no verdict yet"


def band_of(score: float) -> tuple[str, float, float]:
    """``(words, lowest, highest)`` of the band holding ``score`` (0-100): scores from a
    band's floor up to the next band's floor belong to it (80.5 is generally favorable)."""
    for (floor, words), ceiling in zip(VERDICT_BANDS, _ceilings(), strict=True):
        if score >= floor:
            return words, floor, ceiling
    return VERDICT_BANDS[-1][1], 0.0, _ceilings()[-1]


def _ceilings() -> list[float]:
    """The highest whole score of each band (100, 80, 60, 39, 19)."""
    return [100.0] + [floor - 1 for floor, _w in VERDICT_BANDS[:-1]]


def bands_between(low: float, high: float) -> list[str]:
    """The bands an interval reaches, highest first."""
    nexts = [101.0] + [floor for floor, _w in VERDICT_BANDS[:-1]]
    reached = zip(VERDICT_BANDS, nexts, strict=True)
    return [words for (floor, words), top in reached if floor <= high and low < top]


def _reviews(n: int) -> str:
    return f"{n} review{'s' if n != 1 else ''}"


def why_sentence(c: dict[str, Any]) -> str:
    """One sentence on why the consensus is not simply the reviews' mean."""
    n, score, raw = c["n"], c["score"], c.get("raw_mean")
    if not n or score is None or raw is None:
        return "No review with a score has been read yet, so there is no consensus."
    prior = c["prior"]
    weight = prior["strength"] / (prior["strength"] + n)
    mean = f"The {_reviews(n)} average {raw:.1f}" if n > 1 else f"The one review scores {raw:.1f}"
    if abs(score - raw) < SAME_WITHIN:
        return f"{mean}; with this many the consensus ({score:.1f}) is their mean."
    return (
        f"{mean}; the consensus ({score:.1f}) also counts a typical title's "
        f"{prior['mean']:g} as if it were {prior['strength']:g} more reviews "
        f"({100 * weight:.0f}% of the estimate), so a few reviews cannot decide it alone, "
        "and it moves toward the reviews' own mean as more are read."
    )


def verdict_words(c: dict[str, Any]) -> dict[str, Any]:
    """The consensus dict's ``verdict``: the band's words, the bands the interval reaches,
    the raw mean and the sentence on why the two differ."""
    if not c.get("n") or c.get("score") is None:
        return {"words": NO_VERDICT, "band": None, "could_be": [], "raw_mean": None,
                "why": why_sentence(c)}  # fmt: skip
    words, low, high = band_of(float(c["score"]))
    reach = bands_between(float(c["low"]), float(c["high"]))
    return {
        "words": words,
        "band": [low, high],
        "could_be": [b for b in reach if b != words],
        "raw_mean": c.get("raw_mean"),
        "why": why_sentence(c),
    }


def with_verdict(c: dict[str, Any]) -> dict[str, Any]:
    """The consensus dict with its ``verdict`` added (the API, the page and ``kansou show``)."""
    return {**c, "verdict": verdict_words(c)}


def band_table() -> list[dict[str, Any]]:
    """The bands as the page's legend lists them: words, lowest and highest score."""
    return [
        {"words": w, "low": floor, "high": top}
        for (floor, w), top in zip(VERDICT_BANDS, _ceilings(), strict=True)
    ]
