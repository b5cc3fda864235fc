"""Classify stage: what kind of document this is, decided from the shapes found in it.

The kind follows from what the page holds, in this order: a rating-table
review makes a community review; a page that is one review (even with an
episode guide in it) is a review; several listed reviews make a multi-review
page, or a title page when a facts box sits beside them; episode rows alone
make an episode guide; a facts box or a cast list makes a title or cast
page; a headline with key points or body text is news.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kansou.model import Claim, ClaimKind, DocumentKind

#: Facts-box claims that make a title page.
FACT_KINDS = frozenset(
    {
        ClaimKind.STATUS,
        ClaimKind.EPISODE_COUNT,
        ClaimKind.EPISODE_MINUTES,
        ClaimKind.MEDIA_TYPE,
        ClaimKind.SYNOPSIS,
        ClaimKind.SITE_SCORE,
        ClaimKind.DATE,
        ClaimKind.STAT,
    }
)
#: Facts-box claims needed before a page counts as a title page.
MIN_FACTS = 3


def classify_claims(claims: Sequence[Claim]) -> DocumentKind:
    kinds = Counter(c.kind for c in claims)
    reviews = [c for c in claims if c.kind == ClaimKind.REVIEW]
    facts = sum(n for k, n in kinds.items() if k in FACT_KINDS and k != ClaimKind.DATE)
    if any("aspects_rated" in r.data for r in reviews):
        return DocumentKind.COMMUNITY_REVIEW
    if len(reviews) == 1:
        return DocumentKind.REVIEW
    if len(reviews) >= 2:
        return DocumentKind.TITLE_PAGE if facts >= MIN_FACTS else DocumentKind.MULTI_REVIEW
    if kinds[ClaimKind.EPISODE] >= 2:
        return DocumentKind.EPISODE_GUIDE
    if facts >= MIN_FACTS:
        return DocumentKind.TITLE_PAGE
    if kinds[ClaimKind.CAST] >= 3:
        return DocumentKind.CAST_PAGE
    if kinds[ClaimKind.HEADLINE] and (kinds[ClaimKind.KEY_POINT] or len(claims) > 1):
        return DocumentKind.NEWS
    return DocumentKind.OTHER
