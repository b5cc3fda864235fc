"""Review pages: every review with its overall and aspect scores, date, episodes, helpful, text.

A review is a ``div.borderDark`` holding a score table (``div[id^=score]``): that
table, not the words "Overall Rating", is what makes a block a review, so a
reviewer quoting "Overall Rating: 9" inside the text adds nothing. MAL prints
0 for an aspect the reviewer did not rate (its scale is 1-10), so an aspect of
0 is left out of ``aspects`` rather than stored as a zero score.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from kansou.extract.adapters.myanimelist.page import (
    Locator,
    MalPage,
    claim,
    iso_date,
    number,
    score_dict,
    text_of,
)
from kansou.model import Claim, ClaimKind, Span
from kansou.scales import ratio

#: MAL's score-table row labels and the aspect names kansou uses.
ASPECTS = {
    "story": "story", "animation": "animation", "sound": "sound",
    "character": "characters", "characters": "characters", "enjoyment": "enjoyment",
}  # fmt: skip
SCALE_MAX = 10.0
#: How much of a review's first and last words locate its text in the clean text.
ANCHOR_CHARS = 48
_EPISODES = re.compile(r"(\d+|\?)\s+of\s+(\d+|\?)\s+episodes?\s+seen", re.I)
_TEXT_SKIP = frozenset({"div", "script", "style"})


def review_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """One ``review`` claim per review block on the page, in page order."""
    out = []
    for node in page.tree.css("div.borderDark"):
        table = node.css_first("div[id^=score] table")
        if table is not None and (review := _review(node, table, loc)) is not None:
            out.append(review)
    return out


def _score_rows(table: LexborNode) -> list[tuple[str, int]]:
    rows = []
    for tr in table.css("tr"):
        cells = [text_of(td) for td in tr.css("td")]
        if len(cells) == 2 and cells[1].isdigit():
            rows.append((cells[0].lower(), int(cells[1])))
    return rows


def _review(node: LexborNode, table: LexborNode, loc: Locator) -> Claim | None:
    rows = _score_rows(table)
    if not rows or rows[0][0] != "overall" or not 1 <= rows[0][1] <= SCALE_MAX:
        return None
    header = node.css_first("div.mb8")
    date_text = text_of(header.css_first("div[title]")) if header is not None else ""
    seen = _EPISODES.search(text_of(header))
    author = next((t for a in node.css("a[href*='/profile/']") if (t := text_of(a))
                   and t != "All reviews"), None)  # fmt: skip
    helpful = number(text_of(node.css_first("span[id^=rhelp]")))
    text, span = _review_text(node, loc)
    aspects = {ASPECTS[label]: score_dict(ratio(value, SCALE_MAX, str(value)))
               for label, value in rows[1:] if label in ASPECTS and value > 0}  # fmt: skip
    review_id = (table.parent.attributes.get("id") or "")[5:] if table.parent else ""
    data = {
        "author": author, "headline": None, "status": "scored",
        "score": score_dict(ratio(rows[0][1], SCALE_MAX, str(rows[0][1]))),
        "aspects": aspects, "aspects_rated": sorted(aspects),
        "date": iso_date(date_text), "updated": None,
        "episodes_seen": _count(seen.group(1)) if seen else None,
        "episodes_total": _count(seen.group(2)) if seen else None,
        "helpful": helpful, "text": text, "review_id": review_id or None,
        "syndicated_from": None,
    }  # fmt: skip
    return claim(ClaimKind.REVIEW, data, span)


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _review_text(node: LexborNode, loc: Locator) -> tuple[str, Span]:
    """The review's own words as the clean text shows them, and their span."""
    body = node.css_first("div.textReadability")
    plain = " ".join(_body_parts(body)) if body is not None else ""
    plain = " ".join(plain.split())
    if not plain:
        return "", loc.fallback
    start = loc.find_loose(plain[:ANCHOR_CHARS])
    end = loc.find_loose(plain[-ANCHOR_CHARS:], start.start if start else None)
    if start is None or end is None or end.end < start.start:
        return plain, loc.fallback
    return loc.text[start.start : end.end], Span(start.start, end.end)


def _body_parts(body: LexborNode) -> list[str]:
    """Text of the review body without its score table, helpful button and "read more" link."""
    parts: list[str] = []
    for child in body.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "span":
            parts.extend(
                (c.text_content or "") if c.tag == "-text" else c.text(deep=True)
                for c in child.iter(include_text=True)
                if c.tag not in _TEXT_SKIP
            )
        elif tag not in _TEXT_SKIP and tag != "a":
            parts.append(child.text(deep=True))
    return parts
