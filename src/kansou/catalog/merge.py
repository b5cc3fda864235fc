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
- **One transaction per file.** Records are read and checked completely before
  anything is written, and the whole file is written in one transaction, so a
  bad file leaves nothing behind. A file already imported (same sha256) is
  recognised and skipped; a changed file updates its own facts in place.
- Rows are written with bulk ``insert``/``update`` executemany, never one ORM
  object per row: the MAL dump, mappings and AniDB titles import in seconds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from kansou.catalog.entities import merge_titles
from kansou.catalog.formats import detect_format, format_named
from kansou.catalog.records import UNIQUE_ID_SITES, CatalogRecord
from kansou.resolve.names import title_key
from kansou.store.catalog_schema import CatalogFactRow, CatalogIdLinkRow, CatalogImportRow
from kansou.store.schema import TitleAliasRow, TitleRow, TitleSourceIdRow, utcnow

#: Which catalog's value a title shows when catalogs disagree (lower wins).
#: MyAnimeList first: its ids are the ones reviews and listings link to.
SOURCE_PRIORITY = {"myanimelist": 0, "manami": 1, "anime-lists": 2, "anidb": 3, "cooperunion": 4}
#: Facts mirrored onto the ``titles`` row from the most trusted catalog.
TITLE_COLUMNS = ("name", "media_type", "episodes", "year")
Progress = Callable[[int, int], None]
_ID = tuple[str, str]


@dataclass(frozen=True)
class ImportReport:
    """What importing one file did; ``unchanged`` when the file was imported before."""

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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_catalog(
    session: Session, path: Path, format_name: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Read ``path`` (format named or detected) and merge it in ``session``'s transaction."""
    fmt = format_named(format_name) if format_name else detect_format(path)
    sha = file_sha256(path)
    if session.scalar(select(CatalogImportRow.id).where(CatalogImportRow.sha256 == sha)):
        return ImportReport(str(path), fmt.name, 0, unchanged=True)
    records = fmt.read(path)
    report = CatalogWriter(session, str(path.resolve())).write(records, fmt.name, progress)
    session.add(
        CatalogImportRow(
            sha256=sha,
            path=str(path.resolve()),
            format=fmt.name,
            records=len(records),
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


class CatalogWriter:
    """Merges one file's records into the store through bulk statements on one session."""

    def __init__(self, session: Session, file: str) -> None:
        self.s = session
        self.file = file
        self._load()

    def _load(self) -> None:
        s = self.s
        self.source_ids: dict[_ID, int] = {
            (site, ext): tid
            for site, ext, tid in s.execute(
                select(
                    TitleSourceIdRow.site, TitleSourceIdRow.external_id, TitleSourceIdRow.title_id
                )
            )
        }
        self.link_group: dict[_ID, str] = {}
        self.groups: dict[str, dict[str, str]] = {}
        self.group_facts: dict[str, tuple[dict[str, Any], str, int]] = {}
        for row in s.execute(select(CatalogIdLinkRow)).scalars():
            self.link_group[(row.site, row.external_id)] = row.group_key
            self.groups.setdefault(row.group_key, {})[row.site] = row.external_id
            if row.facts is not None:
                self.group_facts[row.group_key] = (
                    json.loads(row.facts),
                    row.file or "",
                    row.line or 0,
                )
        self.alias_keys: set[tuple[int, str]] = {
            (tid, key) for tid, key in s.execute(select(TitleAliasRow.title_id, TitleAliasRow.key))
        }
        self.facts: dict[tuple[int, str, str], tuple[int, str]] = {
            (tid, src, fld): (fid, value)
            for fid, tid, src, fld, value in s.execute(
                select(
                    CatalogFactRow.id,
                    CatalogFactRow.title_id,
                    CatalogFactRow.source,
                    CatalogFactRow.field,
                    CatalogFactRow.value,
                )
            )
        }

    # -- the passes ------------------------------------------------------------

    def write(
        self, records: list[CatalogRecord], fmt: str, progress: Progress | None
    ) -> ImportReport:
        self._store_links([r for r in records if r.mapping_only])
        merged = self._merge_joined(records)
        if merged:
            self._load()
        targets = [self._titles_of(r) for r in records]
        created = self._create_titles(records, targets)
        pending = _Pending()
        touched: set[int] = set()
        for i, (record, found) in enumerate(zip(records, targets, strict=True)):
            title_id = found[0] if found else created.get(i)
            if title_id is not None:
                self._attach(record, title_id, pending)
                touched.add(title_id)
            if progress and (i % 500 == 0 or i == len(records) - 1):
                progress(i + 1, len(records))
        self._flush(pending)
        conflicts = self._refresh_titles(touched)
        return ImportReport(
            self.file,
            fmt,
            len(records),
            titles_created=len(created),
            titles_joined=len(touched) - len(created),
            aliases_added=len(pending.aliases),
            facts_written=len(pending.new_facts) + len(pending.changed_facts),
            titles_merged=merged,
            conflicts=tuple(conflicts),
        )

    def _expanded(self, ids: Iterable[_ID]) -> set[_ID]:
        out = set(ids)
        for key in list(out):
            group = self.link_group.get(key)
            if group is not None:
                out.update(self.groups[group].items())
        return out

    def _titles_of(self, record: CatalogRecord) -> list[int]:
        """Titles holding one of the record's ids; the MAL holder first, then by age."""
        ids = self._expanded(record.ids.items())
        found = {self.source_ids[i] for i in ids if i in self.source_ids}
        mal = {self.source_ids[i] for i in ids if i[0] == "myanimelist" and i in self.source_ids}
        return sorted(found, key=lambda t: (t not in mal, t))

    def _merge_joined(self, records: list[CatalogRecord]) -> int:
        merged = 0
        for record in records:
            found = self._titles_of(record)
            for lose in found[1:]:
                merge_titles(
                    self.s, found[0], lose, f"joined by {record.source} ids in {self.file}"
                )
                for key, tid in list(self.source_ids.items()):
                    if tid == lose:
                        self.source_ids[key] = found[0]
                merged += 1
        return merged

    def _store_links(self, records: list[CatalogRecord]) -> None:
        rows: list[dict[str, Any]] = []
        for record in records:
            ids = sorted(record.ids.items(), key=lambda i: (i[0] != "myanimelist", i))
            known = [self.link_group[i] for i in ids if i in self.link_group]
            group = known[0] if known else f"{ids[0][0]}:{ids[0][1]}"
            facts = json.dumps(dict(record.facts), ensure_ascii=False, sort_keys=True)
            for n, key in enumerate(ids):
                if key in self.link_group:
                    continue
                anchor = n == 0 and not known
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
                self.link_group[key] = group
                self.groups.setdefault(group, {})[key[0]] = key[1]
            if not known:
                self.group_facts[group] = (dict(record.facts), self.file, record.line)
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

    def _attach(self, record: CatalogRecord, title_id: int, pending: _Pending) -> None:
        ids = self._expanded(record.ids.items())
        for key in sorted(ids):
            if key[0] in UNIQUE_ID_SITES and key not in self.source_ids:
                self.source_ids[key] = title_id
                pending.source_ids.append(
                    {"title_id": title_id, "site": key[0], "external_id": key[1]}
                )
        for group in {self.link_group[i] for i in ids if i in self.link_group}:
            if group in self.group_facts:
                facts, file, line = self.group_facts[group]
                self._fact_rows(title_id, "anime-lists", facts, file, line, pending)
        facts = dict(record.facts)
        if record.name:
            facts["name"] = record.name
        self._fact_rows(title_id, record.source, facts, self.file, record.line, pending)
        for alias in record.aliases:
            alias_key = title_key(alias.name)
            if alias_key and (title_id, alias_key) not in self.alias_keys:
                self.alias_keys.add((title_id, alias_key))
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
        title_id: int,
        source: str,
        facts: dict[str, Any],
        file: str,
        line: int,
        pending: _Pending,
    ) -> None:
        for name, value in facts.items():
            encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
            known = self.facts.get((title_id, source, name))
            if known is None:
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
                self.facts[(title_id, source, name)] = (0, encoded)
            elif known[1] != encoded and known[0]:
                pending.changed_facts.append(
                    {"id": known[0], "value": encoded, "file": file, "line": line}
                )
                self.facts[(title_id, source, name)] = (known[0], encoded)

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

    def _refresh_titles(self, touched: set[int]) -> list[str]:
        """Mirror the most trusted facts onto title rows; list the fields catalogs disagree on."""
        by_title: dict[int, dict[str, list[tuple[int, str, Any]]]] = {}
        for (tid, src, fld), (_, value) in self.facts.items():
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
        current = {
            tid: {"name": n, "media_type": m, "episodes": e, "year": y}
            for tid, n, m, e, y in self.s.execute(
                select(table.c.id, table.c.name, table.c.media_type, table.c.episodes, table.c.year)
            )
            if tid in wanted
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
