"""MyAnimeList site adapter: reads MAL's own markup, 2018 and 2021 layouts alike.

A document is a MAL page when its HTML states a myanimelist.net address of its
own (``og:url`` or the canonical link); the path of that address says which
page it is (title, characters & staff, reviews, stats, recommendations,
episodes, news, a season or top-anime listing). Each page type has its own
module; this one identifies the page and assembles the extraction: the
anime's main title (with its MAL id in ``source_ids``) plus the page's facts,
each with the span of clean text that shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from kansou.clean.html import parse_html
from kansou.extract.adapters.myanimelist.cast import cast_claims
from kansou.extract.adapters.myanimelist.episodes import episode_claims
from kansou.extract.adapters.myanimelist.listings import listing_claims
from kansou.extract.adapters.myanimelist.news import news_claims
from kansou.extract.adapters.myanimelist.page import (
    SITE,
    Locator,
    MalPage,
    canonical_url,
    claim,
    identify,
    main_title,
)
from kansou.extract.adapters.myanimelist.recommendations import recommendation_claims
from kansou.extract.adapters.myanimelist.reviews import review_claims
from kansou.extract.adapters.myanimelist.stats import stats_claims
from kansou.extract.adapters.myanimelist.title import title_claims
from kansou.extract.base import Extractor, register
from kansou.model import Claim, ClaimKind, Cleaned, Document, DocumentKind, Extraction

PageReader = Callable[[MalPage, Locator], list[Claim]]

#: Page type -> (document kind, reader of the page's own facts).
PAGE_READERS: dict[str, tuple[DocumentKind, PageReader | None]] = {
    "title": (DocumentKind.TITLE_PAGE, title_claims),
    "cast": (DocumentKind.CAST_PAGE, cast_claims),
    "reviews": (DocumentKind.MULTI_REVIEW, review_claims),
    "stats": (DocumentKind.STATS_PAGE, stats_claims),
    "recommendations": (DocumentKind.RECOMMENDATIONS, recommendation_claims),
    "episodes": (DocumentKind.EPISODE_GUIDE, episode_claims),
    "listing": (DocumentKind.LISTING, listing_claims),
    "news": (DocumentKind.NEWS, news_claims),
    "pictures": (DocumentKind.OTHER, None),
}
#: A MAL page says so in its head; looking this far into the HTML is enough.
HEAD_BYTES = 30_000


def mal_page(document: Document, cleaned: Cleaned) -> MalPage | None:
    """The MAL page this document is, or None when it is not one kansou reads."""
    html = cleaned.html
    if not html or "myanimelist.net" not in html[:HEAD_BYTES]:
        return None
    tree = parse_html(html)
    url = canonical_url(tree) or document.url
    return identify(tree, url) if url else None


@register
class MyAnimeListAdapter(Extractor):
    """MyAnimeList pages (recognised by their own og:url / canonical myanimelist.net address):
    title, characters & staff, reviews, stats, recommendations, episodes and listings."""

    name = "myanimelist"
    route = "adapter"

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        return mal_page(document, cleaned) is not None

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        page = mal_page(document, cleaned)
        if page is None:
            return Extraction(DocumentKind.OTHER, None, (), (self.name,))
        kind, reader = PAGE_READERS[page.page_type]
        subject = main_title(page.tree) if page.anime_id else None
        loc = Locator(cleaned, subject)
        claims: list[Claim] = []
        if subject and page.anime_id:
            data = {"name": subject, "role": "subject", "source_ids": {SITE: page.anime_id}}
            claims.append(claim(ClaimKind.TITLE, data, loc.fallback))
        if reader is not None:
            claims.extend(reader(page, loc))
        return Extraction(kind, subject, tuple(claims), (self.name,))
