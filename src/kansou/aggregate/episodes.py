"""Per-episode timeline: each episode's mean score and count, weakest and strongest named.

Input rows are ``episode`` claim payloads (``number``, ``title``, ``score`` as a
Score dict or None) from episode guides and episode reviews, optionally with a
``source`` (document or reviewer). Several sources scoring one episode are
averaged on 0-100; an episode nobody scored stays in the timeline with no
mean (missing is never zero). The first non-empty title seen names an
episode, as the source wrote it.

The weakest and strongest episodes are every episode at the lowest and the
highest mean (ties are all named); a timeline whose scored episodes all share
one mean, or that has fewer than two, names none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class EpisodePoint:
    """One episode on the timeline: its mean normalized score over ``n`` scores."""

    number: int
    title: str | None
    mean: float | None
    n: int


@dataclass(frozen=True)
class Timeline:
    """Every episode in order, and the weakest and strongest ones."""

    episodes: tuple[EpisodePoint, ...]
    weakest: tuple[EpisodePoint, ...]
    strongest: tuple[EpisodePoint, ...]

    @property
    def n_scores(self) -> int:
        return sum(e.n for e in self.episodes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the export: lists of ``{number, title, mean, n}``."""
        return {
            "episodes": [asdict(e) for e in self.episodes],
            "weakest": [asdict(e) for e in self.weakest],
            "strongest": [asdict(e) for e in self.strongest],
            "n_scores": self.n_scores,
        }


def episode_timeline(rows: Iterable[Mapping[str, Any]]) -> Timeline:
    """Group episode rows by number into the timeline."""
    titles: dict[int, str | None] = {}
    scores: dict[int, list[float]] = {}
    for row in rows:
        number = int(row["number"])
        if not titles.get(number):
            titles[number] = row.get("title") or None
        scores.setdefault(number, [])
        score = row.get("score")
        if score is not None and score.get("normalized") is not None:
            scores[number].append(float(score["normalized"]))
    episodes = tuple(
        EpisodePoint(n, titles[n], _mean(scores[n]), len(scores[n])) for n in sorted(titles)
    )
    return Timeline(episodes, *_extremes(episodes))


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _extremes(
    episodes: tuple[EpisodePoint, ...],
) -> tuple[tuple[EpisodePoint, ...], tuple[EpisodePoint, ...]]:
    scored = [e for e in episodes if e.mean is not None]
    means = [e.mean for e in scored if e.mean is not None]
    if len(scored) < 2 or len(set(means)) < 2:
        return (), ()
    low, high = min(means), max(means)
    return (
        tuple(e for e in scored if e.mean == low),
        tuple(e for e in scored if e.mean == high),
    )
