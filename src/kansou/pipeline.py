"""The pipeline: the stages wired together, in the one place they are wired.

    load -> clean -> extract (structured, adapter or general) -> classify
         -> store (resolve links inside the document's transaction)

``process`` runs the pure stages on one document; ``ingest`` runs a batch into
a store. A document that cannot be read becomes a ``Rejection`` with its
reason and the batch goes on; a stored document is stored whole, and storing
the same bytes again changes nothing.
"""

from __future__ import annotations

import gc
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kansou.classify import NO_ANIME
from kansou.clean import clean
from kansou.errors import DocumentRejected
from kansou.extract import extract
from kansou.load import FetchOptions, iter_inputs
from kansou.model import (
    ClaimKind,
    Cleaned,
    Document,
    DocumentKind,
    Extraction,
    IngestOutcome,
    Rejection,
)
from kansou.store import Store

log = logging.getLogger(__name__)

#: Claims that alone do not make a document worth storing: a page that only
#: names a title, or a headline about nothing kansou recognised.
_NAMING_ONLY = frozenset({ClaimKind.TITLE, ClaimKind.HEADLINE, ClaimKind.ALIAS})
#: Kinds of page stored for their headline alone when they are about anime.
_ARTICLE_KINDS = frozenset({DocumentKind.NEWS, DocumentKind.OTHER})
_ERROR_PAGE = re.compile(
    r"^(?:\d{3}\s*[-:|]?\s*)?(?:page\s+)?(?:not found|access denied|forbidden|error|"
    r"sign in|log ?in|just a moment|attention required|are you a robot)\b|\b404\b",
    re.I,
)


@dataclass(frozen=True)
class Processed:
    document: Document
    cleaned: Cleaned
    extraction: Extraction


@dataclass
class IngestReport:
    """What a batch did: one outcome per input document."""

    outcomes: list[IngestOutcome] = field(default_factory=list)

    @property
    def rejected(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "rejected"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def process(document: Document) -> Processed:
    """Clean and extract one document; raise ``DocumentRejected`` with the reason."""
    cleaned = clean(document)
    extraction = extract(document, cleaned)
    if extraction.kind == DocumentKind.RATING_SCALE:
        raise DocumentRejected(
            f"a rating scale, not a review ({extraction.explanation.get('why', 'a legend')})"
        )
    if not _worth_storing(extraction):
        raise DocumentRejected(_nothing_reason(cleaned, extraction))
    return Processed(document, cleaned, extraction)


def _worth_storing(extraction: Extraction) -> bool:
    """A page states something beyond names, or it is an article about anime: a headline
    with a subject, or a page the classifier found to be news or about anime."""
    kinds = {c.kind for c in extraction.claims}
    if kinds - _NAMING_ONLY:
        return True
    if ClaimKind.HEADLINE in kinds and extraction.subject is not None:
        return True
    about_anime = not str(extraction.explanation.get("why", "")).startswith(NO_ANIME)
    return bool(kinds) and about_anime and extraction.kind in _ARTICLE_KINDS


def _nothing_reason(cleaned: Cleaned, extraction: Extraction | None = None) -> str:
    first = cleaned.title or next((b.text for b in cleaned.blocks), "")
    if _ERROR_PAGE.search(first[:120]):
        return f"an error or login page ('{first[:60]}'), not content"
    why = str(extraction.explanation.get("why", "")) if extraction else ""
    if why.startswith(f"{NO_ANIME}:"):
        return f"not about anime: {why.removeprefix(NO_ANIME + ':').strip()}"
    return "nothing to extract: no scores, reviews, facts or title found"


def inspect(item: Document | Rejection) -> dict[str, Any]:
    """How kansou reads one input, storing nothing: whether it would be stored (or why
    not), its kind and language, the anime it is about, every score candidate with its
    decision and the reasons, and the facts found. What ``kansou inspect`` prints."""
    if isinstance(item, Rejection):
        return {"source": item.source, "stored": False, "reason": item.reason}
    try:
        cleaned = clean(item)
    except DocumentRejected as exc:
        return {"source": item.source, "stored": False, "reason": exc.message}
    extraction = extract(item, cleaned)
    out: dict[str, Any] = {
        "source": item.source,
        "address": item.url or cleaned.address,
        "language": cleaned.language,
        "kind": str(extraction.kind),
        "subject": extraction.subject,
        "extractors": list(extraction.extractors),
        "reading": dict(extraction.explanation),
        "facts": dict(Counter(str(c.kind) for c in extraction.claims)),
        "reviews": [
            _review_line(c.data, c.subject) for c in extraction.claims if c.kind == "review"
        ],
    }
    try:
        process(item)
        out["stored"] = True
    except DocumentRejected as exc:
        out.update(stored=False, reason=exc.message)
    return out


def _review_line(data: Mapping[str, Any], subject: str | None) -> dict[str, Any]:
    score = data.get("score")
    return {
        "subject": subject,
        "episode": data.get("episode"),
        "score": score.get("as_written") if score else None,
        "normalized": score.get("normalized") if score else None,
        "status": data.get("status"),
        "aspects": {k: v.get("as_written") for k, v in (data.get("aspects") or {}).items()},
        "author": data.get("author"),
    }


def store_processed(store: Store, processed: Processed) -> IngestOutcome:
    doc_id, created = store.add_document(
        processed.document, processed.cleaned, processed.extraction
    )
    counts = Counter(str(c.kind) for c in processed.extraction.claims)
    return IngestOutcome(
        source=processed.document.source,
        status="stored" if created else "unchanged",
        document_id=doc_id,
        kind=str(processed.extraction.kind),
        n_claims=len(processed.extraction.claims),
        counts=dict(counts),
        dropped=processed.extraction.dropped,
    )


def ingest_one(store: Store, item: Document | Rejection) -> IngestOutcome:
    """Ingest one loaded input; a bad document becomes a rejection, never an exception.

    Errors of the store itself (a locked or full database) are not a document's
    fault: they propagate and stop the batch with the database's message.
    """
    if isinstance(item, Rejection):
        return IngestOutcome(item.source, "rejected", reason=item.reason)
    known = store.document_id(item.sha256)
    if known is not None:
        return IngestOutcome(item.source, "unchanged", document_id=known)
    processed = process_or_reject(item)
    if isinstance(processed, IngestOutcome):
        return processed
    return store_processed(store, processed)


def process_or_reject(item: Document | Rejection) -> Processed | IngestOutcome:
    """``process`` that turns every failure of one document into its rejection outcome."""
    if isinstance(item, Rejection):
        return IngestOutcome(item.source, "rejected", reason=item.reason)
    try:
        return process(item)
    except DocumentRejected as exc:
        return IngestOutcome(item.source, "rejected", reason=exc.message)
    except Exception as exc:  # an extractor bug must not sink the batch
        log.exception("cannot read %s", item.source)
        reason = f"extraction failed ({type(exc).__name__}: {exc}); this is a kansou bug"
        return IngestOutcome(item.source, "rejected", reason=reason)


def ingest(
    inputs: Sequence[str],
    store: Store,
    *,
    fetch: FetchOptions | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestReport:
    """Ingest files, directories, WARC archives and URLs into ``store``."""
    return ingest_items(iter_inputs(inputs, fetch), store, on_outcome=on_outcome)


def ingest_items(
    items: Iterable[Document | Rejection],
    store: Store,
    *,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    with long_lived_frozen():
        for item in items:
            outcome = ingest_one(store, item)
            report.outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return report


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Keep the objects alive when a batch starts (modules, vocabularies, compiled rules,
    the ORM's mappers) out of the cyclic garbage collector's full passes while it runs.

    A page's objects are freed by reference counting; the full passes that a batch's
    allocations trigger found nothing to collect and took 12% of the time of reading the
    86 HTML pages of ``benchmarks/ingest.py``, walking those long-lived objects
    (``gc.freeze``, as CPython documents for this). They go back to the collector when
    the batch ends, so a server that ingests many batches leaks nothing."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
