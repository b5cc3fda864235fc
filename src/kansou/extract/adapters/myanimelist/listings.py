"""Listings (season pages, the top-anime ranking): each title with score, members and rank.

Two shapes: the ranking's ``tr.ranking-list`` rows (rank cell, title link,
"N members" line, score cell) and the season page's ``div.seasonal-anime`` cards
(title link, ``span.member``, ``span.score``; no rank). A score of "N/A" is
missing, never zero.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from kansou.extract.adapters.myanimelist.page import (
    Locator,
    MalPage,
    claim,
    number,
    text_of,
    written_score,
)
from kansou.model import Claim, ClaimKind

_ANIME_ID = re.compile(r"/anime/(\d+)")
_MEMBERS = re.compile(r"([\d,]+)\s+members", re.I)


def listing_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """One ``listing_entry`` claim per ranked row or season card."""
    out = []
    for row in page.tree.css("tr.ranking-list"):
        link = row.css_first("div.detail a.hoverinfo_trigger") or row.css_first("td.title a")
        members = _MEMBERS.search(text_of(row.css_first("div.information")))
        out.append(_entry(link, text_of(row.css_first("td.score")),
                          members.group(1) if members else "",
                          text_of(row.css_first("td.rank")), loc))  # fmt: skip
    for card in page.tree.css("div.seasonal-anime"):
        link = card.css_first("a.link-title") or card.css_first("p.title-text a")
        out.append(_entry(link, text_of(card.css_first("span.score")),
                          text_of(card.css_first("span.member")), "", loc))  # fmt: skip
    return [c for c in out if c is not None]


def _entry(
    link: LexborNode | None, score: str, members: str, rank: str, loc: Locator
) -> Claim | None:
    name = text_of(link)
    m = _ANIME_ID.search(link.attributes.get("href") or "") if link is not None else None
    if not name or m is None:
        return None
    data = {
        "name": name, "mal_id": m.group(1),
        "score": written_score(score, 10.0),
        "members": number(members), "rank": number(rank),
    }  # fmt: skip
    span = loc.after_line(rank, name)
    return claim(ClaimKind.LISTING_ENTRY, data, span, subject=name)
