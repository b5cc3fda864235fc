"""Classify stage: what kind of page this is, decided from what was found in it.

The kinds, tried in this order (the first that holds wins, and its reason is
kept for ``kansou inspect``):

1. **rating scale**: a legend of at least three rungs ("***** Five Stars",
   "3 stars Recommended.") and no score outside it, or a headline that says
   it is a rating system with no anime reviewed: every number there says
   what a score would mean. Such a page is not stored.
2. **listed reviews** (a site listing other people's reviews): a rating-table
   review makes a community review; reviews beside a facts box make a title
   page; otherwise a multi-review page.
3. **news** with key points: a headline over a short bulleted summary, the shape
   news sites give an article (and no review headline or score).
4. **roundup** (multi-review): two or more anime reviewed, each with its own
   section.
5. **title page** (a database page): a facts box of at least ``MIN_FACTS``
   facts, with no headline that says "review" and little first-person
   opinion (``OPINION_MIN``) around it.
6. **review** / **episode review**: one anime, and the page says it reviews
   it (its headline), scores it, gives an opinion in the first person, or
   writes paragraphs about it without a news report's wording ("announced",
   "revealed", "Source:"); an episode named makes it an episode review.
7. **episode guide**: episode rows and nothing else.
8. **news**: a headline over an article about anime.
9. **other**: about anime, but none of the above (a glossary, a studio
   ranking); or about no anime at all. A page that names another medium (a video
   game's platforms, a live-action film, a K-drama) and no anime word is about no
   anime whatever its headline says; this is tried right after the rating scale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

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
#: The reason of a page about no anime: it is not stored.
NO_ANIME = "about no anime"
#: Facts-box claims needed before a page counts as a title page.
MIN_FACTS = 3
#: First-person words ("I", "my", "je", "ich", "私" ...) that make a page someone's
#: opinion rather than a database entry or a report.
OPINION_MIN = 4
#: Rows that make a page an episode guide or a listing (database pages, not roundups).
MIN_ROWS = 3
#: Paragraphs around a facts box that make the page a blog review rather than a
#: database page (whose prose is a synopsis of one or two paragraphs).
BLOG_PARAGRAPHS = 5


@dataclass(frozen=True)
class PageSummary:
    """What the extractors found on a page, as the classifier needs it."""

    claims: Sequence[Claim]
    reviews_held: int = 0
    subject_says_review: bool = False
    has_subject: bool = False
    episode: bool = False
    scores_outside_ladder: int = 0
    ladder_rungs: int = 0
    scale_words: bool = False
    about_anime: bool = False
    #: Another medium's words, on a page that holds no word naming anime (see
    #: ``vocabulary.OTHER_MEDIUM_RE``).
    other_medium: tuple[str, ...] = ()
    opinion: int = 0
    has_headline: bool = False
    news_cues: int = 0
    paragraphs: int = 0
    key_points: bool = False
    opinion_dense: bool = False


def page_kind(s: PageSummary) -> tuple[DocumentKind, str]:
    """The page's kind and the reason, in the order of the module docstring."""
    kinds = Counter(c.kind for c in s.claims)
    listed = [c for c in s.claims if c.kind == ClaimKind.REVIEW]
    facts = sum(n for k, n in kinds.items() if k in FACT_KINDS and k != ClaimKind.DATE)
    if s.ladder_rungs >= 3 and s.scores_outside_ladder == 0:
        return DocumentKind.RATING_SCALE, f"a rating-scale legend of {s.ladder_rungs} rungs"
    if s.scale_words and s.scores_outside_ladder == 0 and not s.subject_says_review:
        return DocumentKind.RATING_SCALE, "the headline says it explains a rating system"
    if s.other_medium:
        words = ", ".join(f"'{w}'" for w in s.other_medium[:3])
        return DocumentKind.OTHER, f"{NO_ANIME}: another medium's words ({words})"
    if listed:
        return classify_claims(s.claims), f"{len(listed)} listed review(s)"
    if s.key_points and not s.subject_says_review and not s.scores_outside_ladder:
        return DocumentKind.NEWS, "a headline over key points, as news sites summarise"
    if not s.subject_says_review:
        if facts >= MIN_FACTS and not _blog_around(s):
            return DocumentKind.TITLE_PAGE, f"a facts box of {facts} facts"
        if kinds[ClaimKind.EPISODE] >= MIN_ROWS:
            return DocumentKind.EPISODE_GUIDE, f"{kinds[ClaimKind.EPISODE]} episode rows"
        if kinds[ClaimKind.LISTING_ENTRY] >= MIN_ROWS:
            return DocumentKind.LISTING, f"a list of {kinds[ClaimKind.LISTING_ENTRY]} titles"
    if s.reviews_held >= 2:
        return DocumentKind.MULTI_REVIEW, f"{s.reviews_held} anime reviewed, each in its section"
    commentary = s.paragraphs >= 2 and s.news_cues == 0
    if s.has_subject and (
        s.subject_says_review or s.scores_outside_ladder or s.opinion >= OPINION_MIN or commentary
    ):
        why = (
            "its headline says it reviews the anime"
            if s.subject_says_review
            else "it scores the anime"
            if s.scores_outside_ladder
            else "an opinion written in the first person"
            if s.opinion >= OPINION_MIN
            else "paragraphs about the anime, with no news report's wording"
        )
        if s.episode:
            return DocumentKind.EPISODE_REVIEW, why + ", an episode"
        return DocumentKind.REVIEW, why
    if kinds[ClaimKind.EPISODE] >= 2:
        return DocumentKind.EPISODE_GUIDE, "episode rows"
    if facts >= MIN_FACTS:
        return DocumentKind.TITLE_PAGE, f"a facts box of {facts} facts"
    if kinds[ClaimKind.CAST] >= 3:
        return DocumentKind.CAST_PAGE, "a cast list"
    if s.about_anime and s.has_headline:
        return DocumentKind.NEWS, "a headline over an article about anime"
    return DocumentKind.OTHER, "about anime" if s.about_anime else NO_ANIME


def database_page(claims: Sequence[Claim], paragraphs: int, opinion: int) -> bool:
    """The page is a title page, an episode guide or a listing whatever its sections say
    (its headline not saying it reviews anything): a facts box with no blog's opinion
    around it, or enough episode or listing rows. Its sections need not be read as
    reviews, since no section count changes its kind."""
    kinds = Counter(c.kind for c in claims)
    facts = sum(n for k, n in kinds.items() if k in FACT_KINDS and k != ClaimKind.DATE)
    if facts >= MIN_FACTS and (paragraphs < BLOG_PARAGRAPHS or opinion < OPINION_MIN):
        return True
    return kinds[ClaimKind.EPISODE] >= MIN_ROWS or kinds[ClaimKind.LISTING_ENTRY] >= MIN_ROWS


def _blog_around(s: PageSummary) -> bool:
    """A facts box inside a blog review (copied from a database site): many paragraphs of
    first-person opinion around it, not a database page's synopsis."""
    many = s.paragraphs >= BLOG_PARAGRAPHS and s.opinion >= OPINION_MIN
    return many and (bool(s.scores_outside_ladder) or s.opinion_dense)


def settle_kind(kind: DocumentKind, claims: Sequence[Claim], reviewed: bool) -> DocumentKind:
    """The kind once every route's claims are in: a page whose schema.org data states the
    facts of one title is that title's page, unless its headline said it reviews it."""
    if reviewed or kind not in _SETTLED_BY_FACTS:
        return kind
    facts = sum(1 for c in claims if c.kind in FACT_KINDS and c.kind != ClaimKind.DATE)
    return DocumentKind.TITLE_PAGE if facts >= MIN_FACTS else kind


_SETTLED_BY_FACTS = frozenset(
    {DocumentKind.MULTI_REVIEW, DocumentKind.NEWS, DocumentKind.OTHER, DocumentKind.CAST_PAGE}
)


def classify_claims(claims: Sequence[Claim]) -> DocumentKind:
    """The kind of a page that lists reviews (or of an adapter's page), from its claims:
    a rating-table review makes a community review; several reviews beside a facts
    box a title page; several alone a multi-review page; one a review."""
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
