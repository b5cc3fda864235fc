"""Refusing a catalog file that lists the same site id twice, while it streams.

A file may hold millions of records, so the ids seen so far cannot live in a
dict. They go to a private temporary SQLite database on disk (``sqlite3``'s
empty file name: deleted when closed) with ``(site, external_id)`` as its
primary key, and each batch is checked against it before it is written: one
``INSERT OR IGNORE`` per batch, and the lines are looked up only when an id
came back. The error names both lines: ``duplicate myanimelist id 5 in field
'myanimelist' (first on line 3)``. Within a batch the first site (in the
order given) with a repeated id is reported, at its earliest repeat, as when
the whole file was checked at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from kansou.catalog.records import CatalogFormatError, CatalogRecord

#: Page cache of the register (KiB, SQLite's negative ``cache_size``): what it may hold
#: in memory before pages spill to its file.
REGISTER_CACHE_KIB = 8_192


class IdRegister:
    """The ids of ``sites`` one file has listed so far, and the line of each."""

    def __init__(self, path: Path, sites: Iterable[str]) -> None:
        self.path = path
        self.sites = tuple(sites)
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute(f"PRAGMA cache_size=-{REGISTER_CACHE_KIB}")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE seen (site TEXT, external_id TEXT, line INTEGER,"
            " PRIMARY KEY (site, external_id)) WITHOUT ROWID"
        )

    def __enter__(self) -> IdRegister:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._db.close()

    def check(self, batch: list[CatalogRecord]) -> None:
        """Refuse ``batch`` if it repeats an id (of its own or listed before); else remember it.

        Every id is inserted, keeping the first line of each; when fewer rows
        went in than were offered, the lines kept show which ids came back.
        """
        rows = [(s, r.ids[s], r.line) for r in batch for s in self.sites if s in r.ids]
        before = self._db.total_changes
        self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", rows)
        if self._db.total_changes - before == len(rows):
            return
        repeats = [(site, ext, line, self._first(site, ext)) for site, ext, line in rows]
        site, ext, line, first = min(
            (r for r in repeats if r[2] != r[3]), key=lambda r: (self.sites.index(r[0]), r[2])
        )
        raise CatalogFormatError(
            self.path, line, f"duplicate {site} id {ext} in field '{site}' (first on line {first})"
        )

    def _first(self, site: str, ext: str) -> int:
        query = "SELECT line FROM seen WHERE site = ? AND external_id = ?"
        return int(self._db.execute(query, (site, ext)).fetchone()[0])
