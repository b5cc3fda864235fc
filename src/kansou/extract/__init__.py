"""Extract stage: the best available route for each document, in a fixed order.

Structured data (schema.org) is read whenever present; a site adapter that
recognises the page takes precedence over general extraction, which reads
pages from sites kansou has never seen. Kind and subject come from the most
specific route that named them (adapter, then general, then structured).
Every claim's numbers are then checked for their field's range
(``kansou.extract.validate``): a wrong value drops that claim, with its reason
in ``Extraction.dropped``, and never the document.
"""

from __future__ import annotations

from dataclasses import replace

from kansou.classify import settle_kind
from kansou.extract import general  # noqa: F401  (registers the general extractor)
from kansou.extract.base import Extractor, by_route, register, registered
from kansou.extract.validate import valid_claims
from kansou.model import Claim, ClaimKind, Cleaned, Document, DocumentKind, Extraction
from kansou.scales import score_key

__all__ = ["Extractor", "by_route", "extract", "register", "registered"]

_OPTIONAL_BUILTINS = (
    "kansou.extract.structured",
    "kansou.extract.adapters.myanimelist",
    "kansou.extract.adapters.anilist",
    "kansou.extract.adapters.jikan",
    "kansou.extract.adapters.kitsu",
    "kansou.extract.adapters.anidb",
    "kansou.extract.adapters.malapi",
)


def _load_builtins() -> None:
    import importlib

    for module in _OPTIONAL_BUILTINS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_load_builtins()


def _weak_subject(results: list[Extraction]) -> bool:
    """General extraction named the subject only by counting the names a page repeats: a
    name the page's schema.org data states is surer."""
    subject = next((r.explanation.get("subject") for r in results if r.explanation), None)
    return subject is None or subject.get("found_by") == "mentions"


def _without_restated_site_scores(claims: list[Claim]) -> list[Claim]:
    """A site's score read from a rating line ("general.scores") that the page's markup or
    schema.org data also state (with its votes) is the same statement: the line's copy goes."""
    stated = {
        score_key(c.data["score"])
        for c in claims
        if c.kind == ClaimKind.SITE_SCORE and c.extractor != "general.scores"
    }
    return [
        c
        for c in claims
        if not (
            c.kind == ClaimKind.SITE_SCORE
            and c.extractor == "general.scores"
            and score_key(c.data["score"]) in stated
        )
    ]


def _same_value_stated_scale(read: dict[str, object], stated: dict[str, object]) -> bool:
    """The text's score and the markup's are one value, the text stating no maximum or
    counting stars (whose maximum the page's stars do not say)."""
    if read.get("value") is None or read.get("value") != stated.get("value"):
        return False
    return read.get("scale_max") is None or read.get("scale") == "stars"


def _one_review(claims: list[Claim]) -> list[Claim]:
    """A page that is one review, read by general extraction and also stated in its
    schema.org data, holds that review once: the reading's claim (whose spans point into
    the text) completed with what the markup states and the reading lacks (author, date,
    the score of a review the text gives none). Two scores that differ are two statements,
    and both stay."""
    reviews = [c for c in claims if c.kind == ClaimKind.REVIEW]
    read = [c for c in reviews if c.extractor.startswith("general")]
    stated = [c for c in reviews if c.extractor.startswith("structured")]
    if len(read) != 1 or len(stated) != 1:
        return claims
    (mine,), (theirs,) = read, stated
    score, other = mine.data.get("score"), theirs.data.get("score")
    if score and other and score_key(score) != score_key(other):
        if not _same_value_stated_scale(score, other):
            return claims
        # "8" in a score ring or "★★★★" on a four-star site, whose schema.org data says
        # 8 of 10 or 4 of 4: one statement, on the scale the publisher states
        score = {**score, "scale_max": other["scale_max"], "normalized": other["normalized"]}
    data = dict(mine.data)
    data["score"] = score
    for key, value in theirs.data.items():
        if data.get(key) in (None, "", [], {}) and value not in (None, "", [], {}):
            data[key] = value
    if not score and other:
        data["status"] = theirs.data.get("status", "scored")
    merged = replace(mine, data=data, subject=mine.subject or theirs.subject)
    return [merged if c is mine else c for c in claims if c is not theirs]


def extract(document: Document, cleaned: Cleaned) -> Extraction:
    """Run the routes on one document and merge what they found.

    A site adapter knows its site better than the page's embedded schema.org
    data: when both state a kind of fact, the adapter's claims are kept and
    the structured ones of that kind dropped (MyAnimeList pages carry
    microdata that repeats the title, genres and score the adapter reads).
    """
    structured = [
        e.extract(document, cleaned) for e in by_route("structured") if e.applies(document, cleaned)
    ]
    adapter = next((e for e in by_route("adapter") if e.applies(document, cleaned)), None)
    if adapter is not None:
        main = [adapter.extract(document, cleaned)]
    else:
        main = [
            e.extract(document, cleaned)
            for e in by_route("general")
            if e.applies(document, cleaned)
        ]
    covered = {c.kind for r in main for c in r.claims} if adapter is not None else set()
    claims: list[Claim] = [c for r in main for c in r.claims]
    claims += [c for r in structured for c in r.claims if c.kind not in covered]
    claims = _one_review(_without_restated_site_scores(claims))
    results = main + structured
    named = [r for r in results if r.kind != DocumentKind.OTHER]
    kind = named[0].kind if named else DocumentKind.OTHER
    reviewed = bool(next((r.explanation for r in main if r.explanation), {}).get("reviewed"))
    kind = settle_kind(kind, claims, reviewed)
    subject = next((r.subject for r in results if r.subject), None)
    if adapter is None and _weak_subject(main):
        subject = next((r.subject for r in structured if r.subject), subject)
    extractors = tuple(name for r in results for name in r.extractors)
    explanation = next((r.explanation for r in main if r.explanation), {})
    foreign = next((r for r in structured if r.kind == DocumentKind.OTHER and r.explanation), None)
    if adapter is None and foreign is not None:  # its stated data reviews a game or a book
        explanation = {**explanation, "kind": str(DocumentKind.OTHER), "subject": None}
        explanation.update(foreign.explanation)
        return Extraction(DocumentKind.OTHER, None, (), extractors, explanation, ())
    kept, dropped = valid_claims(claims)
    return Extraction(kind, subject, kept, extractors, explanation, dropped)
