"""One review claim per review the page holds (the page, or each roundup entry).

Decisions:

- **Its score**: a tier group's rating when the entry is listed under one;
  otherwise, of the unit's accepted overall candidates, the one whose label
  says "final" or "overall" (or "my", "our", "subjective", "personal") comes
  first, then any labelled one, then the surest unlabelled one. The other labelled
  candidates are its aspects (under their label: "Extras", "Objective
  Rating"); unlabelled restatements ("5 / 5 stars 5 out of 5 stars") add
  nothing. A review with no score is a review all the same: status
  ``unscored``, never a zero.
- **Its text**: the unit's paragraphs (lines of at least ``BODY_MIN_WORDS``
  words, or of ``BODY_MIN_CHARS`` characters in scripts without spaces), so
  praise and criticism are read from what the reviewer wrote, not from
  headings and rating lines.
- **Who wrote it and when**: a byline ("By Jane Doe", "Redator: X") and the
  first date on the page.
- **Its verdict in words**: what a verdict label says when it says words, not a
  number ("Score: Very Good", "Recommended? You Betcha!"); kept beside the
  score, never turned into one (a verdict on the ladder of ``kansou.scales``
  keeps its rung as ``verdict.score``).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from kansou.errors import UnknownScale
from kansou.extract.general.bylines import byline_author, name_before_date
from kansou.extract.general.decide import Decision
from kansou.extract.general.entries import Unit
from kansou.extract.general.markup import marked_author
from kansou.extract.general.page import Page
from kansou.extract.general.vocabulary import CJK
from kansou.extract.values import read_written_date
from kansou.model import Block, Claim, ClaimKind, Span
from kansou.scales import parse_score

NAME = "general.reviews"

BODY_MIN_WORDS = 12
BODY_MIN_CHARS = 40
_STRONG_LABEL = re.compile(
    r"final|overall|total|verdict|subjective|personal|\bmy\b|\bour\b|reviewer|gesamt|finale?"
    r"|итог|総合|总|총",
    re.I,
)

#: On an episode's review, a label that names the episode rates it, before one that rates
#: the series or the season so far.
_EPISODE_LABEL = re.compile(r"episod|épisod|folge|\bep\b|серия|odcinek|話|集|화", re.I)


def unit_review(
    unit: Unit, decisions: list[Decision], page: Page, headline: Block | None, single: bool
) -> Claim:
    """The review claim of one unit; ``decisions`` are those of the unit's lines."""
    overall, aspects = choose_scores(decisions, unit)
    body = [b for b in unit.blocks if _is_body(b)]
    first = unit.heading or (unit.blocks[0] if unit.blocks else headline)
    last = unit.blocks[-1] if unit.blocks else first
    assert first is not None and last is not None
    heading = headline if single else unit.heading
    data: dict[str, Any] = {
        "author": _byline(page, unit, single),
        "headline": heading.text if heading else None,
        "score": _score_json(overall) if overall else None,
        "status": "scored" if overall else "unscored",
        "text": "\n\n".join(b.text for b in body),
        "text_span": [body[0].start, body[-1].end] if body else None,
        "aspects": {name: _score_json(d) for name, d in aspects.items()},
        "date": _first_date(page) if single else None,
    }
    if unit.episode is not None:
        data["episode"] = unit.episode
    verdict = verdict_words(unit.blocks)
    if verdict:
        data["verdict"] = verdict
    subject = None if single else (unit.subject.name if unit.subject else None)
    span = Span(min(first.start, last.start), max(first.end, last.end))
    return Claim(ClaimKind.REVIEW, data, span, NAME, 0.8, subject=subject)


#: "Kane's score: 8/10", "Jane’s rating": a staff review's line for one of its reviewers.
_REVIEWER_LABEL = re.compile(
    r"^(?P<name>[A-Z\u00c0-\u024f][\w.\-]*(?:\s+[A-Z\u00c0-\u024f][\w.\-]*){0,2})['’]s\s+"
    r"(?i:(?:final\s+)?(?:score|rating|grade|verdict|take))$"
)


def by_reviewer(claim: Claim, decisions: list[Decision]) -> list[Claim]:
    """A review that gives two or more of its reviewers' scores ("Kane's score: 8/10",
    "Jane's score: 9/10") is one review by each, with the page's text; otherwise the
    review as it is. A derived "Average" line is no one's review."""
    scored: dict[str, Decision] = {}
    for d in decisions:
        m = _REVIEWER_LABEL.match(d.label.text.strip()) if d.accepted else None
        if m and m.group("name") not in scored:
            scored[m.group("name")] = d
    if len(scored) < 2:
        return [claim]
    out = []
    for name, d in scored.items():
        data = {**claim.data, "author": name, "score": _score_json(d), "status": "scored"}
        data["aspects"] = {}
        out.append(
            Claim(claim.kind, data, claim.span, claim.extractor, claim.confidence, claim.subject)
        )
    return out


#: Labels of a verdict in words ("Verdict:", "Bottom Line", "Score: Very Good", "Fazit").
_VERDICT_LABEL = re.compile(
    r"^\W*(?:final verdict|verdict|bottom line|the verdict|conclusion|recommended\??|score|rating"
    r"|fazit|urteil|verdetto|giudizio|veredicto|veredito|conclusão|verdict final|итог|вердикт"
    r"|総評|結論|总评|结论|총평)\s*[:：?\-–—]*\s*",
    re.I,
)
#: Longest verdict read as words (characters): a verdict is a phrase, not the review.
VERDICT_MAX_CHARS = 160


def verdict_words(blocks: list[Block]) -> dict[str, Any] | None:
    """The review's verdict in words, when a verdict label gives one ("Score: Very Good",
    "Recommended? You Betcha!", "Bottom Line" over its sentence): the words as written,
    with their span, and their rung on the verdict ladder when they are a known verdict."""
    for i, block in enumerate(blocks):
        m = _VERDICT_LABEL.match(block.text)
        if not m:
            continue
        words, where = block.text[m.end() :].strip(), block
        if not words and i + 1 < len(blocks):
            where = blocks[i + 1]
            words = where.text.strip()
        if not words or len(words) > VERDICT_MAX_CHARS or re.match(r"^[\d★☆⭐●]", words):
            continue
        at = where.text.find(words)
        out: dict[str, Any] = {
            "text": words,
            "span": [where.start + at, where.start + at + len(words)],
        }
        with contextlib.suppress(UnknownScale):  # words on the verdict ladder have a rung
            out["score"] = parse_score(words.rstrip(".!")).to_dict()
        return out
    return None


def choose_scores(
    decisions: list[Decision], unit: Unit
) -> tuple[Decision | None, dict[str, Decision]]:
    """The unit's overall score and its aspect sub-scores."""
    accepted = [d for d in decisions if d.accepted]
    aspects: dict[str, Decision] = {}
    for d in accepted:
        if d.role != "aspect" or not d.aspect:
            continue
        if d.aspect not in aspects:
            aspects[d.aspect] = d
        elif d.label.text:  # "Art: A-" beside "Animation: A": both stay, under their labels
            aspects.setdefault(_label_name(d.label.text), d)
    if unit.inherited is not None:
        return _inherited(unit), aspects  # a tier group's rating is where the page put it
    overall_candidates = [d for d in accepted if d.role == "overall"]
    episode = unit.episode is not None
    overall = max(overall_candidates, key=lambda d: _overall_rank(d, episode), default=None)
    for d in overall_candidates:
        if d is overall or d.label.kind != "overall" or not d.label.text:
            continue
        aspects.setdefault(_label_name(d.label.text), d)
    return overall, aspects


def _label_name(label: str) -> str:
    """A sub-score's label as an aspect's name: "Overall (sub)" -> "Overall Sub"."""
    words = re.sub(r"[()\[\]:]", " ", label).split()[-3:]
    return " ".join(w.capitalize() for w in words)


def _overall_rank(d: Decision, episode: bool) -> tuple[int, int, float, int]:
    labelled = d.label.kind == "overall"
    strong = labelled and bool(_STRONG_LABEL.search(d.label.text))
    # "Episode: 9/10" beside "Series so far: 9.5/10": the episode's own rates it
    part = 1 if episode and labelled and _EPISODE_LABEL.search(d.label.text) else 0
    rank = 2 if strong else 1 if labelled else 0
    return (part, rank, d.weight, -d.candidate.block.index)


def _inherited(unit: Unit) -> Decision | None:
    from kansou.extract.general.decide import Label

    assert unit.inherited is not None
    label = Label("overall", "tier")
    return Decision(unit.inherited, True, "overall", 0.0, label, (("listed under a rating", 0),))


def _score_json(d: Decision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    c = d.candidate
    return {**c.score.to_dict(), "span": [c.block.start + c.start, c.block.start + c.end]}


def _is_body(block: Block) -> bool:
    if CJK.search(block.text):
        return len(block.text) >= BODY_MIN_CHARS
    return len(block.text.split()) >= BODY_MIN_WORDS


def _byline(page: Page, unit: Unit, single: bool) -> str | None:
    """The review's author: a byline among the page's opening lines or the entry's first
    lines (a roundup's entry without a byline of its own has the page's writer), else the
    author the page's markup names."""
    lines = (page.blocks[:8] if single else []) + unit.blocks[:3]
    found = _byline_in(lines, page) or (None if single else _byline_in(page.blocks[:8], page))
    found = found or (marked_author(page.cleaned) if page.cleaned else None)
    return found or (_name_before_date(page) if single else None)


def _name_before_date(page: Page) -> str | None:
    """A writer named before the date in the opening lines ("Ren Takahashi — December 30,
    2022"), when the name is not the page's title's ("Blue Lock — October 9, 2022")."""
    for i, block in enumerate(page.blocks[1:8], start=1):  # a byline follows a headline
        name = name_before_date(block.text, page.language)
        title = " ".join([page.html_title or "", *(b.text for b in page.blocks[:i])])
        if name and name not in title:
            return name
    return None


def _byline_in(lines: list[Block], page: Page) -> str | None:
    return next((a for b in lines if (a := byline_author(b.text, page.language))), None)


def _first_date(page: Page) -> str | None:
    """The review's date: the first date among the page's opening lines, read in the
    page's language."""
    for block in page.blocks[:8]:
        if len(block.text) <= 80 and (found := read_written_date(block.text, page.language)):
            return found[0]
    return None
