"""Rating-scale legends: the lines where a site explains what each score means.

A legend is a run of at least ``MIN_RUNGS`` rungs, each a line that opens
with a score and goes on to describe it ("***** Five Stars" then what five
stars mean; "3 stars Recommended. Good examples of..."; "★★★:普通、見所が...";
"S 9.6-10.0: This show is practically perfect"), with the scores running one
way (each no higher than the one before, or each no lower) over at least
three different values. Rungs may be separated by the paragraphs that
describe them, but not by lines that name anime: a rating line followed by
names is a tier group of a roundup ("評価:★★★★☆" over the shows it rates).

Every number of a legend is a trap: it says what a score would mean, not
what any anime got.
"""

from __future__ import annotations

import itertools
import re

from kansou.extract.general.decide import classify_label
from kansou.extract.general.entries import entry_name
from kansou.extract.general.page import Page, is_paragraph
from kansou.extract.general.scores import Candidate
from kansou.extract.general.vocabulary import QUALITY_RE

MIN_RUNGS = 3
#: Blocks allowed between two rungs (the description paragraphs of a rung).
MAX_GAP = 4
_LETTER_ORDER = [
    "F",
    "D-",
    "D",
    "D+",
    "C-",
    "C",
    "C+",
    "B-",
    "B",
    "B+",
    "A-",
    "A",
    "A+",
    "A++",
    "S",
]


def ladder_lines(page: Page, candidates: dict[int, list[Candidate]]) -> set[int]:
    """Indices of the blocks that are rungs of a rating-scale legend."""
    rungs = [
        (pos, block.index, value)
        for pos, block in enumerate(page.blocks)
        if (value := _rung_value(block.index, candidates, page, pos)) is not None
    ]
    out: set[int] = set()
    run: list[tuple[int, int, float]] = []
    for rung in rungs:
        if run and not _close(run[-1], rung, page):
            out |= _ladders(run)
            run = []
        run.append(rung)
    out |= _ladders(run)
    return out


def _rung_value(
    index: int, candidates: dict[int, list[Candidate]], page: Page, pos: int
) -> float | None:
    found = candidates.get(index)
    if not found:
        return None
    first = found[0]
    if first.notation in ("bare", "points", "percent"):
        return None  # "7- Wind Breaker": a ranked list's number, not a rung of a legend
    block = first.block
    lead = block.text[: first.start].strip(" \t•*-–—|:：")
    if len(lead.split()) > 2 or re.search(r"\d", lead):
        return None
    if lead and classify_label(lead)[0] == "aspect":
        return None  # "Story: 2/10 (Horrible)": a review's aspect, not a legend's rung
    tail = block.text[first.end :].strip(" \t:：-–—|")
    following = page.blocks[pos + 1] if pos + 1 < len(page.blocks) else None
    described = (
        len(tail.split()) >= 2
        or len(tail) >= 6
        or QUALITY_RE.fullmatch(tail) is not None  # "★☆☆☆☆ — Avoid"
        or (following is not None and is_paragraph(following))
    )
    if not described or _names_an_anime(tail):
        return None
    if first.notation == "letter":
        if not re.match(r"^\s*[:\-–—]|\s*\d", tail[:0] + block.text[first.end :]):
            return None  # "A lot of people...": an article, not a grade's rung
        grade = first.score.as_written.upper()
        return float(_LETTER_ORDER.index(grade)) if grade in _LETTER_ORDER else None
    return first.score.normalized if first.score.normalized is not None else first.score.value


def _names_an_anime(tail: str) -> bool:
    """ "9/10 — Dandadan", "7/10 — Blue Box" over a paragraph each, "9/10 — Makeine: Too
    Many Losing Heroines! — Anna is the heroine of the year.": what follows the score is a
    name (then, behind a dash, a sentence about it), not what the score means (a roundup
    sorted by score, not a legend)."""
    head = re.split(r"\s+[—–-]\s+", tail, maxsplit=1)[0].strip()
    if not head or not head[0].isupper() or QUALITY_RE.search(head):
        return False
    return entry_name(head) is not None and not re.search(r"[.!?。]\s|[.。]$", head)


def _close(last: tuple[int, int, float], rung: tuple[int, int, float], page: Page) -> bool:
    """Two rungs belong to one legend: few lines apart, and no anime named between them."""
    gap = page.blocks[last[0] + 1 : rung[0]]
    if len(gap) > MAX_GAP:
        return False
    return not (gap and all(entry_name(b.text) and not is_paragraph(b) for b in gap))


def _ladders(run: list[tuple[int, int, float]]) -> set[int]:
    """The rungs of every stretch of ``run`` whose scores run one way over at least
    ``MIN_RUNGS`` values (a stray line above a legend does not hide the legend)."""
    out: set[int] = set()
    for start in range(len(run)):
        for end in range(len(run), start + MIN_RUNGS - 1, -1):
            values = [v for _p, _i, v in run[start:end]]
            if len(set(values)) >= MIN_RUNGS and _one_way(values):
                out |= {i for _p, i, _v in run[start:end]}
                break
    return out


def _one_way(values: list[float]) -> bool:
    down = all(a >= b for a, b in itertools.pairwise(values))
    up = all(a <= b for a, b in itertools.pairwise(values))
    return down or up
