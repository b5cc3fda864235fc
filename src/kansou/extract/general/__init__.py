"""General extraction: rules about the shape of pages, for sites kansou has no adapter for.

Each module recognises one shape (label/value facts, sentences, lists under
headings, reviews, episode rows, headlines) on the document's live lines;
this module runs them in order and names the document's subject.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kansou.extract.base import Extractor, register
from kansou.extract.general.page import Page
from kansou.extract.general.reading import Reading, read_page
from kansou.extract.patterns import block_span
from kansou.model import Claim, ClaimKind, Cleaned, Document, Extraction, Span

#: Media types of data answers, not pages: general extraction leaves them to adapters.
DATA_MEDIA_TYPES = re.compile(r"json|xml(?!.*html)", re.I)


@register
class GeneralExtractor(Extractor):
    """Reads any page from the shape of its text: its kind, the anime it is about (or the
    anime of each roundup entry), every score candidate with a decision, reviews with or
    without a score, label/value facts, cast and similar-title lists, episode rows,
    headlines and key points."""

    name = "general"
    route = "general"

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        """Pages of text and HTML; a data answer (JSON, XML) is read by its service's adapter."""
        return not DATA_MEDIA_TYPES.search(document.media_type)

    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        reading = read(document, cleaned)
        claims = reconcile_dates(reading.claims)
        subject = reading.subject_name
        if subject and not any(c.kind == ClaimKind.TITLE for c in claims):
            claims.insert(0, _subject_claim(reading, subject))
        return Extraction(reading.kind, subject, tuple(claims), (self.name,), reading.explanation())


def read(document: Document, cleaned: Cleaned) -> Reading:
    """How general extraction reads the document (``kansou inspect`` shows it)."""
    return read_page(Page.from_cleaned(cleaned, document.url))


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


def _subject_claim(reading: Reading, subject: str) -> Claim:
    """A ``title`` claim pointing at where the page names its subject."""
    page = reading.page
    found = reading.subject
    if found is not None and found.end > found.start:
        span = Span(found.start, found.end)
        return Claim(ClaimKind.TITLE, {"name": subject, "role": "subject"}, span, "general.subject")
    for block in page.blocks:
        at = block.text.find(subject)
        if at >= 0:
            span = block_span(block, at, at + len(subject))
            break
    else:
        span = block_span(page.blocks[0])
    return Claim(ClaimKind.TITLE, {"name": subject, "role": "subject"}, span, "general.subject")
