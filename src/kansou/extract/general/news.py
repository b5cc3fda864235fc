"""News articles: a headline, its key points, and the title the article is about.

A news page is one that has no review and no facts box but a headline line
followed by an article: the headline is the first line; key points come from
``lists.extract_key_points``.
"""

from __future__ import annotations

from kansou.extract.general.page import Page
from kansou.extract.patterns import block_span
from kansou.model import Claim, ClaimKind

NAME = "general.news"

#: A headline is a line of this many words at most, with no full stop at its end.
HEADLINE_MAX_WORDS = 20


def extract_headline(page: Page) -> list[Claim]:
    if not page.blocks:
        return []
    first = page.blocks[0]
    words = len(first.text.split())
    if not 3 <= words <= HEADLINE_MAX_WORDS or first.text.rstrip().endswith("."):
        return []
    return [Claim(ClaimKind.HEADLINE, {"text": first.text}, block_span(first), NAME, 0.8)]
