"""Which title a document is about.

In order of trust:

1. A title field ("Title: X") on the page.
2. A review headline ("X Season 1 Review – ...") names X.
3. On an HTML page, the first heading that the page's ``<title>`` also names;
   in plain text, a short first line that is a name, not a sentence (a
   database page opens with the show's name), confirmed when the page repeats it
   or when a facts box follows it directly.
4. For articles: the capitalised phrase (two to four words) of the headline
   that recurs most often in the body, at least ``MIN_MENTIONS`` times.
"""

from __future__ import annotations

import re
from collections import Counter

from kansou.extract.general.page import Page
from kansou.extract.general.reviews import review_headline
from kansou.model import Claim, ClaimKind

#: A phrase must recur this often in an article to be taken as its subject.
MIN_MENTIONS = 3
_CAPITALISED = re.compile(r"[A-Z][\w'’☆:\-]*")


def find_subject(page: Page, claims: list[Claim]) -> str | None:
    for claim in claims:
        if claim.kind == ClaimKind.TITLE:
            return str(claim.data["name"])
    if found := review_headline(page):
        return found[1]
    if page.is_html:
        return _html_heading_in_title(page) or _most_mentioned_phrase(page)
    first = page.blocks[0].text if page.blocks else ""
    short_name = 1 <= len(first.split()) <= 6 and not re.search(r"[.!?,]$", first)
    if short_name and (_repeated_elsewhere(page, first) or _opens_facts_box(page)):
        return first
    return _most_mentioned_phrase(page)


def _html_heading_in_title(page: Page) -> str | None:
    """The first heading that the page's ``<title>`` also names (sites put the
    show's name in both; navigation headings are not in the title)."""
    title = (page.html_title or "").casefold()
    for block in page.blocks:
        short = 1 <= len(block.text.split()) <= 12
        if block.tag == "heading" and short and block.text.casefold() in title:
            return block.text
    return None


def _opens_facts_box(page: Page) -> bool:
    """The first line sits right above label/value facts (a database page's header)."""
    return any(b.index in page.field_lines for b in page.blocks[1:4])


def _repeated_elsewhere(page: Page, name: str) -> bool:
    key = name.casefold()
    return any(key in b.text.casefold() for b in page.blocks[1:])


#: Words of the first line searched for the subject's phrase: a headline is far shorter
#: (the seeds' longest is 14 words); the cap bounds the work on a first "line" that is a
#: megabyte of text (2 s of n-grams before).
FIRST_LINE_WORDS = 200


def _most_mentioned_phrase(page: Page) -> str | None:
    if not page.blocks:
        return None
    headline = page.blocks[0].text
    words = headline.split()[:FIRST_LINE_WORDS]
    body = "\n".join(b.text for b in page.blocks[1:])
    counts: Counter[str] = Counter()
    for size in (4, 3, 2):
        for i in range(len(words) - size + 1):
            gram = words[i : i + size]
            if all(_CAPITALISED.fullmatch(w.strip(",")) for w in gram):
                phrase = " ".join(w.strip(",") for w in gram)
                counts[phrase] = body.count(phrase)
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])), default=None)
    return best[0] if best and best[1] >= MIN_MENTIONS else None
