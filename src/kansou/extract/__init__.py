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

from kansou.extract import general  # noqa: F401  (registers the general extractor)
from kansou.extract.base import Extractor, by_route, register, registered
from kansou.extract.validate import valid_claims
from kansou.model import Claim, Cleaned, Document, DocumentKind, Extraction

__all__ = ["Extractor", "by_route", "extract", "register", "registered"]

_OPTIONAL_BUILTINS = ("kansou.extract.structured", "kansou.extract.adapters.myanimelist")


def _load_builtins() -> None:
    import importlib

    for module in _OPTIONAL_BUILTINS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_load_builtins()


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
        main = [e.extract(document, cleaned) for e in by_route("general")]
    covered = {c.kind for r in main for c in r.claims} if adapter is not None else set()
    claims: list[Claim] = [c for r in main for c in r.claims]
    claims += [c for r in structured for c in r.claims if c.kind not in covered]
    results = main + structured
    named = [r for r in results if r.kind != DocumentKind.OTHER]
    kind = named[0].kind if named else DocumentKind.OTHER
    subject = next((r.subject for r in results if r.subject), None)
    extractors = tuple(name for r in results for name in r.extractors)
    kept, dropped = valid_claims(claims)
    return Extraction(kind, subject, kept, extractors, dropped)
