"""How a reader names a source: the site, the headline, the author, the date.

A reader says "MyAnimeList", "the Anime News Network review", "Stretch's review
of January 12", never "001_74e65dcd4a379021.txt". ``source_name`` composes the
name of one stored document from what is known about it:

- the **site**: the site a site adapter recognised, else the address's host
  (``www.`` dropped);
- the **headline**: the page's headline, else the headline of its one review;
- the **author** and **date** of its one review (a page of many reviews has
  no single author);
- the **file** name (never its directory: that is the server's business) or
  the address, one click away on the document page.

``label`` is what a link shows: the site and headline when both are known,
the headline alone, "<kind> by <author>", "<kind> about <subject>", and only
when nothing else is known, the file name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any
from urllib.parse import urlparse

from kansou.aggregate.services import SITE_NAMES
from kansou.resolve.names import title_key
from kansou.store import Store, StoredDocument
from kansou.store.queries import document_bylines
from kansou.wording import shorten, words

#: Characters of a headline kept in a label (cut at a word, with an ellipsis).
LABEL_HEADLINE_CHARS = 90


#: Extractors every page may pass through; only a site adapter's name says which site it is.
GENERIC_EXTRACTORS = frozenset({"general", "schema.org"})


def source_label(document: StoredDocument) -> str:
    """Where a document came from, in one word: the site a site adapter recognised, else
    the address's host, else the file name. (Sources' leniency is learned under it.)"""
    if any(name not in GENERIC_EXTRACTORS for name in document.extractors):
        from kansou.extract import by_route  # only pages a site adapter read need the registry

        adapters = {e.name: e for e in by_route("adapter")}
        for name in document.extractors:
            if name in adapters:
                return str(getattr(adapters[name], "site", name))
    if document.url:
        return urlparse(document.url).netloc or document.url
    return file_name(document)


def site_of(document: StoredDocument) -> str | None:
    """The site a reader knows the document by: an adapter's site, else the address's host."""
    named = source_label(document)
    if document.url:
        host = urlparse(document.url).netloc.lower()
        if named.lower() != host:
            return SITE_NAMES.get(named.lower(), named)
        return host.removeprefix("www.") or None
    return None if named == file_name(document) else SITE_NAMES.get(named.lower(), named)


def file_name(document: StoredDocument) -> str:
    return PurePath(document.source.replace("\\", "/")).name or document.source


def kind_words(kind: str | None) -> str:
    return words(kind or "page")


def source_name(document: StoredDocument, byline: Mapping[str, Any]) -> dict[str, Any]:
    """The document as a reader names it (see the module's docstring)."""
    reviews = list(byline.get("reviews") or [])
    single = reviews[0] if len(reviews) == 1 else {}
    headline = next(iter(byline.get("headlines") or []), None) or single.get("headline")
    site = site_of(document)
    author = single.get("author")
    name = {
        "site": site,
        "headline": headline,
        "author": author,
        "date": single.get("date"),
        "kind": kind_words(document.kind),
        "file": None if document.url else file_name(document),
        "url": document.url,
    }
    name["label"] = _label(document, site, headline, author)
    return name


def _label(
    document: StoredDocument, site: str | None, headline: str | None, author: str | None
) -> str:
    kind = kind_words(document.kind)
    headline_part: str | None
    if headline and document.subject and title_key(headline) == title_key(document.subject):
        headline_part = f"{kind} “{shorten(headline, LABEL_HEADLINE_CHARS)}”"
    else:
        headline_part = f"“{shorten(headline, LABEL_HEADLINE_CHARS)}”" if headline else None
    if site and headline_part:
        return f"{site}: {headline_part}"
    if site or headline_part:
        return str(site or headline_part)
    if author:
        return f"{kind} by {author}"
    if document.subject:
        return f"{kind} about {document.subject}"
    return file_name(document)


def source_names(store: Store, documents: Mapping[int, StoredDocument]) -> dict[int, dict]:
    """``{document id: source_name(...)}`` for ``documents``, in one query."""
    bylines = document_bylines(store, documents)
    return {i: source_name(d, bylines.get(i, {})) for i, d in documents.items()}
