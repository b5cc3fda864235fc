"""Reviews in three shapes, and the rule that keeps body scores out of them.

1. **Score-led reviews** (a page that lists reviews): a name-shaped author
   line, then a line that starts with a score ("30/100") glued to the
   headline; a syndication marker ("Continue on <Site>") ends the headline and
   names the site the review comes from. The body runs until the next author
   + score pair or the next heading.
2. **A page that is one review**: a headline that says it is a review
   ("<Title> Review – ...", "Review: <Title>"), scored by a verdict line
   ("Verdict - 6/10", "Final score: 4/5", "Our rating: 8/10").
3. **Rating tables** (community review sites): a header row of aspect columns
   ("Overall Art Animation ... Reviewer", glued or not) and a row of values
   then the reviewer's name. A "not rated" word ("Unevaluated") means the
   review has no score: it is a review with status "unevaluated", never a 0.

A score quoted inside a review body ("at best a 4 out of 10") is never the
review's score: scores are only read from the positions named above.
"""

from __future__ import annotations

import os
import re
from typing import Any

from kansou.errors import UnknownScale
from kansou.extract.general.decide import classify_label
from kansou.extract.general.page import Page, is_paragraph
from kansou.extract.patterns import NUMBER_WORDS, SCORE, is_name_like, parse_date
from kansou.model import Block, Claim, ClaimKind, Span
from kansou.scales import Score, parse_score

NAME = "general.reviews"

_SCORE_LED = re.compile(rf"^\s*(?P<score>{SCORE.pattern})\s*(?P<rest>.*)$", re.I | re.S)
#: A review headline is one line (the longest seen is ~120 characters); a longer first
#: line is prose, and the cap keeps ``_REVIEW_HEADLINE``'s backtracking linear in practice
#: (a 1 MB line of spaces took minutes without it).
HEADLINE_MAX_CHARS = 300
_SYNDICATION = re.compile(r"Continue (?:on|reading on|at)\s*(?P<site>[A-Z][\w.\-]*)")
_REVIEW_HEADLINE = re.compile(
    r"^(?:review\s*[:\-–—]\s*(?P<a>.+)|(?P<b>.+?)\s+(?:(?:season|part|series)\s+\d+\s+)?"
    r"(?:anime\s+)?review\b(?:\s*[:\-–—|]\s*(?P<tag>.*))?)$",
    re.I,
)
_VERDICT = re.compile(
    r"^(?:[•*\-–]\s*)?(?:final\s+)?(?:verdict|our (?:score|rating|verdict)|final score|"
    r"overall(?: score| rating)?|rating|score|grade)\s*[:\-–—]?\s*",
    re.I,
)
_BYLINE = re.compile(r"^(?:by|written by|reviewed by)\s+(?P<name>[A-Z][\w.'\- ]{1,40})$", re.I)
ASPECT_COLUMNS = (
    "Character Design",
    "Series Story",
    "Episode Story",
    "Voice Acting",
    "Overall",
    "Art",
    "Animation",
    "Music",
    "Sound",
    "Story",
    "Characters",
    "Character",
    "Enjoyment",
    "Pacing",
    "Ending",
    "Value",
    "Reviewer",
)
#: A page lists reviews when it holds at least this many author + score pairs.
MIN_LISTED = 2
#: A paragraph of a review body has more words than this and ends like a sentence.
BODY_MIN_WORDS = 12
NO_SCORE_WORDS = ("unevaluated", "unrated", "not rated", "n/a", "incomplete", "no rating")
_WATCHED = re.compile(
    r"^\(?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|all)"
    r"\s+episodes?\s+(?:watched|seen)\)?\s*:?$",
    re.I,
)
_CREATED = re.compile(r"\b(?:created|posted|published|written)\b[^.]*?", re.I)
_UPDATED = re.compile(r"\b(?:last updated|updated|edited)\b[^.]*?", re.I)


def extract_reviews(page: Page) -> list[Claim]:
    """Reviews a page lists in one of the two shapes of community review sites."""
    return _score_led_reviews(page) + _rating_tables(page)


# -- 1. score-led reviews ------------------------------------------------------


def _score_led_reviews(page: Page) -> list[Claim]:
    blocks = page.blocks
    starts = [
        i
        for i in range(1, len(blocks))
        if _leading_score(blocks[i].text) is not None
        and is_name_like(blocks[i - 1].text, 3)
        and any(ch.isalpha() for ch in blocks[i - 1].text)  # "12" over "9/10": a count
        and _leading_score(blocks[i - 1].text) is None
        and classify_label(blocks[i - 1].text)[0] == "none"  # "Story" over "9/10": a label
        and not page.is_heading(blocks[i - 1])
    ]
    if len(starts) < MIN_LISTED:
        return []  # one name over one score line is a title and its rating, not a list
    sites = [m.group("site") for i in starts if (m := _SYNDICATION.search(blocks[i].text))]
    bodies = []
    for n, i in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(blocks)
        body_blocks = [blocks[i]]
        for b in blocks[i + 1 : end]:
            if page.is_heading(b):
                break
            body_blocks.append(b)
        bodies.append(body_blocks)
    if sum(any(is_paragraph(b) for b in body) for body in bodies) < MIN_LISTED:
        return []  # names over scores and no one's text: a roundup's list, not users' reviews
    return [
        _score_led_review(blocks[i - 1], body, page, sites)
        for i, body in zip(starts, bodies, strict=True)
    ]


#: A media player's notice a scrape glues to the text after it: "(Video contains audio.
#: Be sure to unmute)", "(audio autoplays)": page furniture, not the review's words.
PLAYER_NOTICE = re.compile(
    r"\s*\([^()]{0,80}\b(?:video|audio|unmute|autoplays?|sound on)\b[^()]{0,80}\)\s*", re.I
)


def site_name(marker_word: str, all_marker_words: list[str]) -> str:
    """The site a "Continue on <Site>" marker names, where scrapes glue it to the body.

    Every review on a page is syndicated from the same site, so the marker
    words share the site name as their common prefix ("AniList(Video",
    "AniListSomething" -> "AniList"). A lone marker keeps its first word.
    """
    if len(all_marker_words) < 2:
        return re.split(r"[^\w.\-]", marker_word)[0]
    prefix = os.path.commonprefix(all_marker_words)  # noqa: RUF071 (characters are meant)
    return prefix if len(prefix) >= 2 else marker_word


def _leading_score(text: str) -> Score | None:
    """The score a block starts with, or None: "10/5" lies off its scale and is no score."""
    m = _SCORE_LED.match(text)
    if m is None:
        return None
    try:
        return parse_score(f"{m.group(2)}/{m.group(3)}")
    except UnknownScale:
        return None


def _score_led_review(author: Block, body: list[Block], page: Page, sites: list[str]) -> Claim:
    first = body[0]
    m = _SCORE_LED.match(first.text)
    score = _leading_score(first.text)
    assert m is not None and score is not None
    rest_at = m.start("rest")
    rest = m.group("rest")
    headline, site, text_at = None, None, rest_at
    if syn := _SYNDICATION.search(rest):
        headline = rest[: syn.start()].strip() or None
        site = site_name(syn.group("site"), sites)
        text_at = rest_at + syn.start("site") + len(site)
    if notice := PLAYER_NOTICE.match(first.text, text_at):
        text_at = notice.end()  # the embedded player's "(Video contains audio...)"
    text_start = first.start + text_at
    span = Span(author.start, body[-1].end)
    data: dict[str, Any] = {
        "author": author.text,
        "headline": headline,
        "score": {
            **score.to_dict(),
            "span": [first.start + m.start("score"), first.start + m.end("score")],
        },
        "status": "scored",
        "text": page.text[text_start : body[-1].end].strip(),
        "text_span": [text_start, body[-1].end],
        "syndicated_from": site,
    }
    return Claim(ClaimKind.REVIEW, data, span, NAME, 0.9)


# -- 3. rating tables -------------------------------------------------------------


def split_columns(header: str) -> list[str] | None:
    """The aspect columns of a header row, or None when the row is not all columns."""
    rest = re.sub(r"\s+", "", header).casefold()
    columns = []
    while rest:
        for name, squeezed in _SQUEEZED_COLUMNS:
            if rest.startswith(squeezed):
                columns.append(name)
                rest = rest[len(squeezed) :]
                break
        else:
            return None
    return columns if len(columns) >= 3 else None


#: Each aspect column with the folded, unspaced form a header row runs them together in.
_SQUEEZED_COLUMNS = tuple((n, n.replace(" ", "").casefold()) for n in ASPECT_COLUMNS)


_REVIEWER = re.compile("reviewer", re.I)


def _rating_tables(page: Page) -> list[Claim]:
    claims = []
    blocks = page.blocks
    for i, block in enumerate(blocks[:-1]):
        if not _REVIEWER.search(block.text):
            continue  # a rating table's header names its reviewer column
        columns = split_columns(block.text)
        if columns and "Reviewer" in columns:
            claims += _rating_row(columns, blocks, i + 1, page)
    return claims


def _rating_row(columns: list[str], blocks: list[Block], at: int, page: Page) -> list[Claim]:
    row = blocks[at]
    text = row.text
    folded = text.casefold()
    values = [c for c in columns if c != "Reviewer"]
    data: dict[str, Any] = {"aspects_rated": values, "score": None, "aspects": {}}
    no_score = next((w for w in NO_SCORE_WORDS if folded.startswith(w)), None)
    if no_score:
        data["status"] = "unevaluated"
        reviewer = text[len(no_score) :]
    else:
        tokens = text.split()
        if len(tokens) <= len(values):
            return []
        scores = tokens[: len(values)]
        reviewer = " ".join(tokens[len(values) :])
        data.update(_row_scores(values, scores))
    data["author"] = re.sub(r"\[[^\]]*\]", "", reviewer).strip() or None
    body_start, watched = at + 1, None
    if body_start < len(blocks) and (m := _WATCHED.match(blocks[body_start].text)):
        word = m.group("n").casefold()
        watched = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        body_start += 1
    data["episodes_seen"] = watched
    body, dates_block = _body_until_dates(blocks, body_start)
    data["headline"] = None
    data["text"] = "\n\n".join(b.text for b in body)
    data["text_span"] = [body[0].start, body[-1].end] if body else None
    if dates_block is not None:
        data.update(_review_dates(dates_block.text))
    end = (dates_block or (body[-1] if body else row)).end
    return [Claim(ClaimKind.REVIEW, data, Span(blocks[at - 1].start, end), NAME, 0.85)]


def _row_scores(columns: list[str], tokens: list[str]) -> dict[str, Any]:
    aspects: dict[str, Any] = {}
    overall = None
    for column, token in zip(columns, tokens, strict=True):
        try:
            score = parse_score(token).to_dict()
        except Exception:
            continue
        if column == "Overall":
            overall = score
        else:
            aspects[column] = score
    return {"aspects": aspects, "score": overall, "status": "scored" if overall else "unscored"}


def _body_until_dates(blocks: list[Block], start: int) -> tuple[list[Block], Block | None]:
    body: list[Block] = []
    for block in blocks[start:]:
        if _CREATED.search(block.text) and parse_date(block.text):
            return body, block
        if len(block.text.split()) <= 3 and body:
            break
        body.append(block)
    return body, None


def _review_dates(text: str) -> dict[str, str]:
    """ "Last updated <date>. Created <date>." as ``updated`` and ``date``."""
    out = {}
    for part in re.split(r"(?<=\d{4})\.\s*", text):
        found = parse_date(part)
        if not found:
            continue
        if _UPDATED.search(part):
            out["updated"] = found[0]
        elif _CREATED.search(part):
            out["date"] = found[0]
    return out
