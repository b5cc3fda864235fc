"""Hypothesis strategies for hostile pages: text and HTML shaped like the pages kansou reads,
broken in every way a stranger's page can be broken."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

#: Pieces of real page shapes (score lines, episode rows, fact labels, review
#: headers) so generated pages reach the extractors' rules, not only the cleaner.
FRAGMENTS = (
    "Score: ",
    "Rating: 7/10",
    "Review Score – 3.5/5",
    "Episode 1: Crimson Dawn -| Review Score – 3/5",
    "Episode 12:",
    "★★★½",
    "★★★★☆",
    "Overall Rating",
    "Overall Rating: 9",
    "Story 8 Animation 9 Sound 7 Character 8 Enjoyment 9",
    "Reviewer’s Rating: 8",
    "Unevaluated",
    "Recommended",
    "Not Recommended",
    "Mixed Feelings",
    "A+",
    "F",
    "thumbs up",
    "1/0",
    "0/0",
    "10/5",
    "-3/10",
    "99999999999999999999/1",
    "85%",
    "3 out of 4 stars",
    "Episodes: 12",
    "Episodes: Unknown",
    "Duration: 24 min. per ep.",
    "Aired: Apr 4, 2024 to Jun 27, 2024",
    "Aired: Feb 30, 2024",
    "RELEASE April 4, 2024",
    "Status: Finished Airing",
    "Studios: Bones",
    "Genres: Action, Sci-Fi",
    "Type: TV",
    "Source: Original",
    "Characters & Voice Actors",
    "Naomi Orthmann Main Tomori, Kanata",
    "By Someone on March 3, 2024",
    "Written by",
    "helpful",
    "Metallic Rouge",
    "Season 1 Review – A sci-fi anime",
    "Key points",
    "Ranked #1234",
    "Members 1,234,567",
    "Favorites 12",
)

TAGS = (
    "div", "p", "span", "article", "section", "h1", "h2", "h3", "li", "ul", "ol", "table",
    "tr", "td", "th", "a", "b", "i", "br", "nav", "footer", "header", "aside", "figure",
    "figcaption", "script", "style", "noscript", "template", "iframe", "svg", "main", "pre",
    "blockquote", "meta", "title", "body", "html", "head", "form", "button", "img",
)  # fmt: skip
ATTRS = (
    'class="review"', 'class="score"', 'itemprop="ratingValue" content="8"',
    'itemprop="bestRating" content="0"', 'itemscope itemtype="https://schema.org/Review"',
    'itemprop="name"', 'id="content"', 'hidden', 'style="display:none"', 'lang="ja"',
    'class="spaceit_pad"', 'class="dark_text"', 'href="javascript:alert(1)"',
)  # fmt: skip

loose_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40) | st.sampled_from(
    FRAGMENTS
)
numbers = st.one_of(
    st.integers(-10, 10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["8", "8.5", "abc", "", "1e400", "NaN", "-1", "10/10", "0"]),
)


def _json_value() -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.none(), st.booleans(), numbers, loose_text)
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(loose_text, inner, max_size=3),
        max_leaves=12,
    )


@st.composite
def json_ld(draw: st.DrawFn) -> str:
    """A schema.org block with the keys kansou reads, holding anything."""
    rating = {
        "@type": draw(st.sampled_from(["Rating", "AggregateRating", "Thing"])),
        "ratingValue": draw(numbers | _json_value()),
        "bestRating": draw(numbers | _json_value()),
        "worstRating": draw(numbers),
        "ratingCount": draw(numbers),
    }
    item = {
        "@context": "https://schema.org",
        "@type": draw(st.sampled_from(["Review", "TVSeries", "Movie", "CreativeWork", "Person"])),
        "name": draw(loose_text | _json_value()),
        "reviewRating": rating,
        "aggregateRating": rating,
        "author": draw(_json_value()),
        "itemReviewed": draw(_json_value()),
        "datePublished": draw(loose_text),
        "numberOfEpisodes": draw(numbers),
    }
    drop = draw(st.sets(st.sampled_from(sorted(item)), max_size=6))
    body = json.dumps({k: v for k, v in item.items() if k not in drop}, allow_nan=True)
    if draw(st.booleans()):
        body = body[: draw(st.integers(0, len(body)))]  # cut short, as scrapes are
    return f'<script type="application/ld+json">{body}</script>'


def _wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def element(draw: st.DrawFn) -> str:
        tag = draw(st.sampled_from(TAGS))
        attrs = " ".join(draw(st.lists(st.sampled_from(ATTRS), max_size=2)))
        inner = "".join(draw(st.lists(children, max_size=4)))
        close = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"  # some never closed
        return f"<{tag} {attrs}>{inner}{close}"

    return element()


html_fragments = st.recursive(
    loose_text.map(lambda t: t.replace("<", "&lt;")) | json_ld(),
    _wrap,
    max_leaves=30,
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["<!doctype html><html><head><title>", "<html><title>", ""]))
    title = draw(loose_text)
    body = "".join(draw(st.lists(html_fragments, min_size=1, max_size=6)))
    return f"{head}{title}</title></head><body>{body}</body></html>"


text_pages = st.lists(loose_text, min_size=1, max_size=40).map("\n".join) | st.lists(
    loose_text, max_size=40
).map(" ".join)
