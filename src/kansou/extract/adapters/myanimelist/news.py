"""An anime's news page: each news item's headline, with its date and author as printed.

An item is a ``p.spaceit`` whose link goes to ``/news/<id>`` and holds the headline
in ``strong``; the following ``p.lightLink`` says "Apr 30, 3:26 AM by author". MAL
leaves the year out for the current year, so ``date`` is ISO only when a year is
printed; ``as_written`` always keeps the printed form.
"""

from __future__ import annotations

import re

from kansou.extract.adapters.myanimelist.page import Locator, MalPage, claim, iso_date, text_of
from kansou.model import Claim, ClaimKind

_BYLINE = re.compile(r"^(?P<when>.+?)\s+by\s+(?P<author>\S+)")
_NEWS_ID = re.compile(r"/news/(\d+)")


def news_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """One ``headline`` claim per news item on the page."""
    out = []
    for strong in page.tree.css("p.spaceit > a[href*='/news/'] > strong"):
        link = strong.parent
        item = link.parent.parent if link is not None and link.parent is not None else None
        headline = text_of(strong)
        m = _NEWS_ID.search(link.attributes.get("href") or "") if link is not None else None
        if not headline or item is None:
            continue
        byline = _BYLINE.match(text_of(item.css_first("p.lightLink")))
        when = byline.group("when") if byline else None
        written_date = re.sub(r",?\s+\d{1,2}:\d{2}\s*[AP]M$", "", when) if when else None
        data = {"text": headline, "news_id": m.group(1) if m else None,
                "date": iso_date(written_date) if written_date else None, "as_written": when,
                "author": byline.group("author") if byline else None}  # fmt: skip
        out.append(claim(ClaimKind.HEADLINE, data, loc.span(headline)))
    return out
