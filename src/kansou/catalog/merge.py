"""Merging catalog records into the store: one entity per anime, every source id kept.

Decisions:

- **Identity** is by ids. A record joins the title that already holds one of
  its ids, directly or through a cross-site id group from a mapping file; if
  its ids reach two titles (an AniDB entry imported before the mapping that
  ties it to MAL), those titles are merged first, and the merge is recorded.
  Names never merge catalog entries: two anime may share a name.
- **Facts keep their source.** Each fact is stored per (title, catalog) with
  the file and line it came from; the title's own columns (name, type,
  episodes, year) show the most trusted catalog's value (``SOURCE_PRIORITY``),
  and disagreements stay visible as one fact row per catalog.
- **One transaction per file, written in batches.** Records stream from the
  reader and are written ``BATCH_RECORDS`` at a time: for each batch the
  writer loads only the rows it touches (``kansou.catalog.known``), writes,
  flushes and drops them, so memory does not grow with the file. The batches
  share the file's one transaction, so a bad record anywhere (a duplicate id
  on line 900,000 included) rolls back every batch before it and leaves
  nothing of the file behind. A file already imported (same sha256) is
  recognised and skipped; a changed file updates its own facts in place.
- Rows are written with bulk ``insert``/``update`` executemany, never one ORM
  object per row: the MAL dump, mappings and AniDB titles import in seconds.
- The report counts every conflicting fact but lists only the first
  ``CONFLICTS_KEPT``; a title that two batches of one file touch is counted
  (joined, conflicts) in each.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from kansou.catalog.entities import merge_titles
from kansou.catalog.formats import detect_format, format_named
from kansou.catalog.known import IN_LIST, Known, load_known, load_titles
from kansou.catalog.records import UNIQUE_ID_SITES, CatalogFile, CatalogRecord, batches
from kansou.catalog.unique_ids import IdRegister
from kansou.resolve.names import title_key
from kansou.store.catalog_schema import CatalogFactRow, CatalogIdLinkRow, CatalogImportRow
from kansou.store.schema import TitleAliasRow, TitleRow, TitleSourceIdRow, utcnow

#: Which catalog's value a title shows when catalogs disagree (lower wins).
#: MyAnimeList first: its ids are the ones reviews and listings link to.
SOURCE_PRIORITY = {"myanimelist": 0, "manami": 1, "anime-lists": 2, "anidb": 3, "cooperunion": 4}
#: Facts mirrored onto the ``titles`` row from the most trusted catalog.
TITLE_COLUMNS = ("name", "media_type", "episodes", "year")
#: Records written per batch. Measured on the three shared catalogs (MAL 2024,
#: Fribb's mappings, AniDB titles): 1,000, 2,000 and 5,000 import them in the
#: same time within a shared machine's noise (16-20 s), at peak RSS 107, 117
#: and 168 MB; 2,000 keeps a batch's rows to a few MB.
BATCH_RECORDS = 2_000
#: Conflicting facts listed on an ``ImportReport`` (all of them are counted).
CONFLICTS_KEPT = 100
#: Told after each batch: records written, bytes of the file read, the file's size.
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class ImportReport:
    """What importing one file did; ``unchanged`` when the file was imported before.

    ``conflicts`` lists the first ``CONFLICTS_KEPT`` conflicting facts and
    ``conflicts_total`` counts them all.
    """

    path: str
    format: str
    records: int
    titles_created: int = 0
    titles_joined: int = 0
    aliases_added: int = 0
    facts_written: int = 0
    titles_merged: int = 0
    conflicts: tuple[str, ...] = ()
    unchanged: bool = False
    conflicts_total: int = 0


def import_catalog(
    session: Session,
    path: Path,
    format_name: str | None = None,
    progress: Progress | None = None,
    *,
    batch_records: int = BATCH_RECORDS,
) -> ImportReport:
    """Stream ``path`` (format named or detected) into ``session``'s transaction in batches."""
    fmt = format_named(format_name) if format_name else detect_format(path)
    with path.open("rb") as fh:
        sha = hashlib.file_digest(fh, "sha256").hexdigest()
    if session.scalar(select(CatalogImportRow.id).where(CatalogImportRow.sha256 == sha)):
        return ImportReport(str(path), fmt.name, 0, unchanged=True)
    writer = CatalogWriter(session, str(path.resolve()))
    with CatalogFile(path) as file, IdRegister(path, fmt.unique_sites) as register:
        for batch in batches(fmt.read(file), batch_records):
            register.check(batch)
            writer.write(batch)
            if progress:
                progress(writer.tally.records, file.bytes_read(), file.size)
        if progress:
            progress(writer.tally.records, file.size, file.size)
    report = writer.report(fmt.name)
    session.add(
        CatalogImportRow(
            sha256=sha,
            path=str(path.resolve()),
            format=fmt.name,
            records=report.records,
            titles_created=report.titles_created,
        )
    )
    return report


@dataclass
class _Pending:
    source_ids: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)
    new_facts: list[dict[str, Any]] = field(default_factory=list)
    changed_facts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Tally:
    """The counts of a file's import so far, summed over its batches."""

    records: int = 0
    titles_created: int = 0
    titles_joined: int = 0
    aliases_added: int = 0
    facts_written: int = 0
    titles_merged: int = 0
    conflicts: list[str] = field(default_factory=list)
    conflicts_total: int = 0

    def add_conflicts(self, found: list[str]) -> None:
        self.conflicts.extend(found[: max(0, CONFLICTS_KEPT - len(self.conflicts))])
        self.conflicts_total += len(found)


class CatalogWriter:
    """Merges one file's records into the store a batch at a time, through bulk statements."""

    def __init__(self, session: Session, file: str) -> None:
        self.s = session
        self.file = file
        self.tally = _Tally()

    def report(self, fmt: str) -> ImportReport:
        t = self.tally
        return ImportReport(
            self.file,
            fmt,
            t.records,
            titles_created=t.titles_created,
            titles_joined=t.titles_joined,
            aliases_added=t.aliases_added,
            facts_written=t.facts_written,
            titles_merged=t.titles_merged,
            conflicts=tuple(t.conflicts),
            conflicts_total=t.conflicts_total,
        )

    # -- the passes, per batch -------------------------------------------------

    def write(self, records: list[CatalogRecord]) -> None:
        """Load what ``records`` touch, merge them, write; keep only the counts."""
        known = load_known(self.s, (i for r in records for i in r.ids.items()))
        self._store_links(known, [r for r in records if r.mapping_only])
        merged = self._merge_joined(known, records)
        targets = [known.titles_of(r) for r in records]
        created = self._create_titles(records, targets)
        load_titles(self.s, known, (t for found in targets for t in found))
        pending = _Pending()
        touched: set[int] = set()
        for i, (record, found) in enumerate(zip(records, targets, strict=True)):
            title_id = found[0] if found else created.get(i)
            if title_id is not None:
                self._attach(known, record, title_id, pending)
                touched.add(title_id)
        self._flush(pending)
        t = self.tally
        t.add_conflicts(self._refresh_titles(known, touched))
        t.records += len(records)
        t.titles_created += len(created)
        t.titles_joined += len(touched) - len(created)
        t.aliases_added += len(pending.aliases)
        t.facts_written += len(pending.new_facts) + len(pending.changed_facts)
        t.titles_merged += merged

    def _merge_joined(self, known: Known, records: list[CatalogRecord]) -> int:
        merged = 0
        for record in records:
            found = known.titles_of(record)
            for lose in found[1:]:
                merge_titles(
                    self.s, found[0], lose, f"joined by {record.source} ids in {self.file}"
                )
                for key, tid in list(known.source_ids.items()):
                    if tid == lose:
                        known.source_ids[key] = found[0]
                merged += 1
        return merged

    def _store_links(self, known: Known, records: list[CatalogRecord]) -> None:
        """Record mapping entries' id groups; an entry with a known id joins that id's group."""
        rows: list[dict[str, Any]] = []
        for record in records:
            ids = sorted(record.ids.items(), key=lambda i: (i[0] != "myanimelist", i))
            joined = [known.link_group[i] for i in ids if i in known.link_group]
            group = joined[0] if joined else f"{ids[0][0]}:{ids[0][1]}"
            facts = json.dumps(dict(record.facts), ensure_ascii=False, sort_keys=True)
            for n, key in enumerate(ids):
                if key in known.link_group:
                    continue
                anchor = n == 0 and not joined
                rows.append(
                    {
                        "group_key": group,
                        "site": key[0],
                        "external_id": key[1],
                        "facts": facts if anchor else None,
                        "file": self.file if anchor else None,
                        "line": record.line if anchor else None,
                    }
                )
                known.link_group[key] = group
                known.groups.setdefault(group, {})[key[0]] = key[1]
            if not joined:
                known.group_facts[group] = (dict(record.facts), self.file, record.line)
        self._insert(CatalogIdLinkRow.__table__, rows)

    def _create_titles(
        self, records: list[CatalogRecord], targets: list[list[int]]
    ) -> dict[int, int]:
        """Insert a title for every record that names an anime no title holds yet."""
        new = [i for i, r in enumerate(records) if not targets[i] and not r.mapping_only and r.name]
        if not new:
            return {}
        rows = [{"name": records[i].name, "key": title_key(records[i].name or "")} for i in new]
        table: Table = TitleRow.__table__  # type: ignore[assignment]
        now = utcnow()
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        result = self.s.connection().execute(stmt, [{**r, "created_at": now} for r in rows])
        ids = list(result.scalars())
        return dict(zip(new, ids, strict=True))

    def _attach(
        self, known: Known, record: CatalogRecord, title_id: int, pending: _Pending
    ) -> None:
        ids = known.expanded(record.ids.items())
        for key in sorted(ids):
            if key[0] in UNIQUE_ID_SITES and key not in known.source_ids:
                known.source_ids[key] = title_id
                pending.source_ids.append(
                    {"title_id": title_id, "site": key[0], "external_id": key[1]}
                )
        for group in {known.link_group[i] for i in ids if i in known.link_group}:
            if group in known.group_facts:
                facts, file, line = known.group_facts[group]
                self._fact_rows(known, title_id, "anime-lists", facts, file, line, pending)
        facts = dict(record.facts)
        if record.name:
            facts["name"] = record.name
        self._fact_rows(known, title_id, record.source, facts, self.file, record.line, pending)
        for alias in record.aliases:
            alias_key = title_key(alias.name)
            if alias_key and (title_id, alias_key) not in known.alias_keys:
                known.alias_keys.add((title_id, alias_key))
                pending.aliases.append(
                    {
                        "title_id": title_id,
                        "name": alias.name,
                        "key": alias_key,
                        "language": alias.language,
                        "origin": f"{record.source}:{alias.kind}",
                    }
                )

    def _fact_rows(
        self,
        known: Known,
        title_id: int,
        source: str,
        facts: dict[str, Any],
        file: str,
        line: int,
        pending: _Pending,
    ) -> None:
        for name, value in facts.items():
            encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
            stored = known.facts.get((title_id, source, name))
            if stored is None:
                pending.new_facts.append(
                    {
                        "title_id": title_id,
                        "source": source,
                        "field": name,
                        "value": encoded,
                        "file": file,
                        "line": line,
                    }
                )
                known.facts[(title_id, source, name)] = (0, encoded)
            elif stored[1] != encoded and stored[0]:
                pending.changed_facts.append(
                    {"id": stored[0], "value": encoded, "file": file, "line": line}
                )
                known.facts[(title_id, source, name)] = (stored[0], encoded)

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        """Core executemany: one statement for all rows (the ORM splits on None values)."""
        if rows:
            self.s.connection().execute(insert(table), rows)

    def _update(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Core executemany by primary key; every row must carry the same keys."""
        if not rows:
            return
        columns = [k for k in rows[0] if k != "id"]
        stmt = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(c) for c in columns})
        )
        self.s.connection().execute(
            stmt, [{"row_id": r["id"], **{c: r[c] for c in columns}} for r in rows]
        )

    def _flush(self, pending: _Pending) -> None:
        self._insert(TitleSourceIdRow.__table__, pending.source_ids)
        self._insert(TitleAliasRow.__table__, pending.aliases)
        self._insert(CatalogFactRow.__table__, pending.new_facts)
        self._update(CatalogFactRow.__table__, pending.changed_facts)  # type: ignore[arg-type]

    def _refresh_titles(self, known: Known, touched: set[int]) -> list[str]:
        """Mirror the most trusted facts onto title rows; list the fields catalogs disagree on."""
        by_title: dict[int, dict[str, list[tuple[int, str, Any]]]] = {}
        for (tid, src, fld), (_, value) in known.facts.items():
            if tid in touched and fld in TITLE_COLUMNS and src in SOURCE_PRIORITY:
                by_title.setdefault(tid, {}).setdefault(fld, []).append(
                    (SOURCE_PRIORITY[src], src, json.loads(value))
                )
        wanted, conflicts = {}, []
        for tid, fields in by_title.items():
            row: dict[str, Any] = {}
            for fld, values in fields.items():
                values.sort(key=lambda v: v[0])
                row[fld] = values[0][2]
                if fld != "name" and len({json.dumps(v[2]) for v in values}) > 1:
                    sides = ", ".join(f"{src} says {val}" for _, src, val in values)
                    conflicts.append(f"title {tid} {fld}: {sides}")
            wanted[tid] = row
        self._write_title_columns(wanted)
        return conflicts

    def _write_title_columns(self, wanted: dict[int, dict[str, Any]]) -> None:
        """Update only the title columns that change, names apart from the rest.

        Renames are rare and may be costly (search indexes follow names), so a
        title whose name stays is never written with its name.
        """
        table: Table = TitleRow.__table__  # type: ignore[assignment]
        columns = (table.c.id, table.c.name, table.c.media_type, table.c.episodes, table.c.year)
        current = {
            tid: {"name": n, "media_type": m, "episodes": e, "year": y}
            for chunk in batches(sorted(wanted), IN_LIST)
            for tid, n, m, e, y in self.s.execute(select(*columns).where(table.c.id.in_(chunk)))
        }
        renames, facts = [], []
        for tid, row in wanted.items():
            now = current.get(tid, {})
            if "name" in row and row["name"] != now.get("name"):
                renames.append({"id": tid, "name": row["name"], "key": title_key(row["name"])})
            values = {c: row.get(c, now.get(c)) for c in ("media_type", "episodes", "year")}
            if any(values[c] != now.get(c) for c in values):
                facts.append({"id": tid, **values})
        self._update(table, renames)
        self._update(table, facts)
