"""General extraction: rules about the shape of pages, for sites kansou has no adapter for.

Each module recognises one shape (label/value facts, sentences, lists under
headings, reviews, episode rows, headlines) on the document's live lines;
this module runs them in order and names the document's subject.
"""

from __future__ import annotations

from dataclasses import replace

from kansou.classify import classify_claims
from kansou.extract.base import Extractor, register
from kansou.extract.general.episodes import extract_episodes
from kansou.extract.general.fields import extract_fields
from kansou.extract.general.lists import extract_cast, extract_key_points, extract_similar
from kansou.extract.general.news import extract_headline
from kansou.extract.general.page import Page
from kansou.extract.general.prose import extract_prose
from kansou.extract.general.reviews import extract_reviews
from kansou.extract.general.subject import find_subject
from kansou.extract.general.tables import with_markup_facts
from kansou.extract.patterns import block_span
from kansou.model import Claim, ClaimKind, Cleaned, Document, DocumentKind, Extraction


@register
class GeneralExtractor(Extractor):
    """Label/value facts, cast and similar-title lists, reviews with their scores, episode
    rows, headlines and key points, read from the shape of any page's text lines."""

    name = "general"
    route = "general"

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        page = Page.from_cleaned(cleaned)
        claims = extract_fields(page)  # first: marks value lines, which are not headings
        claims += extract_prose(page)
        claims += extract_cast(page)
        claims += extract_similar(page)
        claims += extract_episodes(page)
        claims += extract_reviews(page)
        claims = with_markup_facts(cleaned, claims)
        kind = classify_claims(claims)
        if kind in (DocumentKind.NEWS, DocumentKind.OTHER):
            claims += extract_headline(page)
            claims += extract_key_points(page)
            kind = classify_claims(claims)
        claims = reconcile_dates(claims)
        subject = find_subject(page, claims)
        if subject and not any(c.kind == ClaimKind.TITLE for c in claims):
            claims.insert(0, _subject_claim(page, subject))
        return Extraction(kind, subject, tuple(claims), (self.name,))


def reconcile_dates(claims: list[Claim]) -> list[Claim]:
    """A vague "release" date that equals the page's own end (or start) date is that date.

    Streaming pages label the last air date "RELEASE" and also say "Ended in"
    the same day; the claim keeps its role as written and gains
    ``reconciled_role`` so the conflict with a start date elsewhere resolves.
    """
    dated = {(c.data.get("role"), c.data.get("date")) for c in claims if c.kind == ClaimKind.DATE}
    out = []
    for claim in claims:
        if claim.kind == ClaimKind.DATE and claim.data.get("role") == "release":
            for role in ("end", "start"):
                if (role, claim.data.get("date")) in dated:
                    claim = replace(claim, data={**claim.data, "reconciled_role": role})
                    break
        out.append(claim)
    return out


def _subject_claim(page: Page, subject: str) -> Claim:
    """A ``title`` claim pointing at the subject's first appearance on the page."""
    for block in page.blocks:
        at = block.text.find(subject)
        if at >= 0:
            span = block_span(block, at, at + len(subject))
            break
    else:
        span = block_span(page.blocks[0])
    return Claim(ClaimKind.TITLE, {"name": subject, "role": "subject"}, span, "general.subject")
