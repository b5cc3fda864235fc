"""Claim values checked against the range their field can hold, whatever route stated them.

A number no anime could have is a wrong value, not a fact: an episode count of
10^310, more members than there are people, an episode numbered in the
billions. Such a claim is dropped with a reason that names its field and value,
and the rest of the document stands. Two checks:

- every number anywhere in a claim's payload is finite and fits the
  database's 64-bit integers (``MAX_STORED``), so no stored value can overflow;
- the fields in ``BOUNDS`` stay within the range their meaning allows.

Scores are not judged here: ``kansou.scales`` already refuses a score outside
its scale when it is read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

from kansou.model import Claim

#: Most episodes one title can state. The longest-running anime (Sazae-san, on air
#: since 1969) counts under 3,000 broadcasts and about 8,000 segments.
MAX_EPISODES = 20_000
#: Longest runtime of one episode or film in minutes: a day. The longest anime films
#: run under five hours.
MAX_EPISODE_MINUTES = 1_440
#: Most people a count of people (members, favorites, votes, watching...) can hold:
#: more than live on Earth. MyAnimeList's largest member count is under 4.2 million.
MAX_PEOPLE = 10_000_000_000
#: Largest number any stored payload holds: SQLite's and PostgreSQL's 64-bit integers.
MAX_STORED = 2**63 - 1
#: Longest integer a reason shows whole; a longer one is shown by its first
#: ``SHOWN_PREFIX`` digits and its length.
SHOWN_DIGITS = 20
SHOWN_PREFIX = 12

#: ``(low, high, what the field holds)``, inclusive, for ``data[key]`` of a claim of ``kind``.
BOUNDS: dict[tuple[str, str], tuple[int, int, str]] = {
    ("episode_count", "value"): (1, MAX_EPISODES, "an episode count"),
    ("episode_minutes", "value"): (1, MAX_EPISODE_MINUTES, "a runtime in minutes"),
    ("episode", "number"): (0, MAX_EPISODES, "an episode number"),
    ("review", "episodes_seen"): (0, MAX_EPISODES, "an episode count"),
    ("review", "episodes_total"): (0, MAX_EPISODES, "an episode count"),
    ("review", "helpful"): (0, MAX_PEOPLE, "a count of people"),
    ("stat", "value"): (0, MAX_PEOPLE, "a count or rank"),
    ("site_score", "votes"): (0, MAX_PEOPLE, "a count of people"),
    ("similar", "votes"): (0, MAX_PEOPLE, "a count of people"),
    ("listing_entry", "members"): (0, MAX_PEOPLE, "a count of people"),
    ("listing_entry", "rank"): (0, MAX_PEOPLE, "a rank"),
}


def shown_number(value: float) -> str:
    """``value`` short enough for one line: a long integer keeps its start and digit count."""
    if isinstance(value, int) and len(digits := str(abs(value))) > SHOWN_DIGITS:
        sign = "-" if value < 0 else ""
        return f"{sign}{digits[:SHOWN_PREFIX]}… ({len(digits)} digits)"
    return f"{value:,}" if isinstance(value, int) else repr(value)


def problem_of(claim: Claim) -> str | None:
    """Why ``claim`` states a wrong value, or ``None`` when every number in it can be true."""
    kind = str(claim.kind)
    for key, value in claim.data.items():
        bounds = BOUNDS.get((kind, key))
        if bounds is None or not _is_number(value):
            continue
        low, high, what = bounds
        if not low <= value <= high:
            return (
                f"{_field(claim, key)} {shown_number(value)} is out of range: "
                f"{what} is {low:,} to {high:,}"
            )
    for path, value in _numbers(claim.data, ()):
        if not (math.isfinite(value) and -MAX_STORED <= value <= MAX_STORED):
            return f"{kind} {'.'.join(path)} {shown_number(value)} is not a number kansou can store"
    return None


def valid_claims(claims: Iterable[Claim]) -> tuple[tuple[Claim, ...], tuple[str, ...]]:
    """``(kept claims, one reason per dropped claim)``, in the order given."""
    kept: list[Claim] = []
    dropped: list[str] = []
    for claim in claims:
        problem = problem_of(claim)
        if problem is None:
            kept.append(claim)
        else:
            dropped.append(f"{problem}; that claim was dropped")
    return tuple(kept), tuple(dropped)


def _field(claim: Claim, key: str) -> str:
    name = claim.data.get("name") if str(claim.kind) == "stat" else None
    return f"{claim.kind} {name}" if isinstance(name, str) else f"{claim.kind} {key}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], float]]:
    """Every number inside a payload, with the keys leading to it."""
    if _is_number(value):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _numbers(inner, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            yield from _numbers(inner, (*path, str(i)))
