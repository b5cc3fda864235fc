"""Recommendation pages: each recommended title with its MAL id, votes and reasons.

A recommendation is a ``div.borderClass > table`` whose heading link goes to
``/anime/<id>/``; its reasons are the ``detail-user-recs-text`` blocks (the first
shown, the others behind "Read recommendations by N more users"). ``votes`` is
the number of users who recommended it: the first one plus the N more.
"""

from __future__ import annotations

import re

from kansou.extract.adapters.myanimelist.page import Locator, MalPage, claim, number, text_of
from kansou.model import Claim, ClaimKind, Span

_ANIME_ID = re.compile(r"/anime/(\d+)")
_MORE = re.compile(r"by\s+([\d,]+)\s+more\s+users?", re.I)


def recommendation_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """One ``similar`` claim per recommended title, in page order."""
    out = []
    for table in page.tree.css("div.borderClass > table"):
        link = table.css_first("td > div > a[href*='/anime/'] strong")
        anchor = link.parent if link is not None else None
        m = _ANIME_ID.search(anchor.attributes.get("href") or "") if anchor else None
        if link is None or m is None:
            continue
        name = text_of(link)
        reasons = [t for n in table.css(".detail-user-recs-text") if (t := text_of(n))]
        more = _MORE.search(text_of(table))
        votes = 1 + (number(more.group(1)) or 0) if more else len(reasons) or 1
        start = loc.find(name) or loc.fallback
        end = loc.find_loose(reasons[0][-40:]) if reasons else None
        span = Span(start.start, end.end) if end and end.end >= start.start else start
        data = {"name": name, "mal_id": m.group(1), "votes": votes,
                "reason": reasons[0] if reasons else None, "reasons": reasons}  # fmt: skip
        out.append(claim(ClaimKind.SIMILAR, data, span))  # about the page's own title
    return out
