"""Small catalogs for resolution tests: every title's own name, plus the aliases given."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kansou.resolve.index import IndexedName, TitleIndex
from kansou.resolve.titles import TitleFacts


def title_index(facts: Mapping[int, TitleFacts], aliases: Iterable[IndexedName] = ()) -> TitleIndex:
    """The index of each title's catalog name (as its main name) and ``aliases``."""
    return TitleIndex([*(IndexedName(t, f.name, "main") for t, f in facts.items()), *aliases])
