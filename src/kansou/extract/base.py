"""The one small interface every extractor implements, and the registry that holds them.

An extractor is one class in one module, registered by name with
``@register``. Built-in extractors use the same mechanism as third-party ones,
which are found through the ``kansou.extractors`` entry-point group.

Routes, tried in this order for each document:

1. ``structured``: embedded schema.org data (JSON-LD, microdata). Always run.
2. ``adapter``: a site adapter for a well-known site; ``applies`` says whether
   the document comes from that site. The first adapter that applies wins.
3. ``general``: rules about the shape of pages that work on unseen sites. Run
   only when no adapter applied.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from importlib.metadata import entry_points
from typing import ClassVar, TypeVar

from kansou.model import Cleaned, Document, Extraction

ROUTES = ("structured", "adapter", "general")


class Extractor(ABC):
    """Reads one document's clean text (and HTML, when it has some) into claims."""

    name: ClassVar[str]
    route: ClassVar[str]

    def applies(self, document: Document, cleaned: Cleaned) -> bool:
        """Whether this extractor should run on the document; general ones always do."""
        return True

    @abstractmethod
    def extract(self, document: Document, cleaned: Cleaned) -> Extraction:
        """Return the document's kind, subject and claims (possibly none)."""


_REGISTRY: dict[str, Extractor] = {}
E = TypeVar("E", bound=type[Extractor])
_ENTRY_POINTS_LOADED = False


def register(cls: E) -> E:
    """Class decorator: register one instance of ``cls`` under ``cls.name``."""
    if cls.route not in ROUTES:
        raise ValueError(f"extractor {cls.name!r} has unknown route {cls.route!r}: {ROUTES}")
    if not (cls.__doc__ or "").strip():
        raise ValueError(f"extractor {cls.name!r} needs a docstring saying what it recognises")
    _REGISTRY[cls.name] = cls()
    return cls


def registered() -> dict[str, Extractor]:
    """Every registered extractor by name, built-ins and entry-point plugins alike."""
    global _ENTRY_POINTS_LOADED
    if not _ENTRY_POINTS_LOADED:
        _ENTRY_POINTS_LOADED = True
        for ep in entry_points(group="kansou.extractors"):
            ep.load()
    return dict(_REGISTRY)


def by_route(route: str) -> list[Extractor]:
    return [e for e in registered().values() if e.route == route]
