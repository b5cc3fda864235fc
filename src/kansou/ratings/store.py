"""The ratings store: one Parquet file per imported rating table, beside the database.

Decisions made here:

- **Where**: for a SQLite database ``kansou.sqlite`` the store is the directory
  ``kansou.sqlite.ratings/`` next to it, so copying the database and its
  neighbour moves everything. A PostgreSQL deployment has no file to sit
  beside: ``KANSOU_RATINGS_DIR`` names the directory (default: ``ratings/`` in
  the user data directory). ``KANSOU_RATINGS_DIR`` wins for SQLite too.
- **Columnar and streamed**: DuckDB's CSV reader feeds Arrow record batches
  straight into a Parquet writer, so tens of millions of rows never become
  Python objects; each batch moves the progress bar.
- **Idempotent**: a file is known by the sha256 of its bytes and stored as
  ``<sha256>.parquet``; importing the same bytes again adds nothing. A write
  goes to a temporary name and is renamed into place when complete, so a
  crashed import leaves no half table behind.
- **One user space**: ``user_id`` means the same rater in every table of a
  store (MAL ratings and MAL lists of the same users combine); tables from
  unrelated sites whose ids collide belong in separate stores.
- **Fingerprint**: the sorted sha256 list of the imports; models trained from
  the store are keyed by it and retrained when it changes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from platformdirs import user_data_dir

from kansou.errors import UserError
from kansou.ratings.formats import RatingFormat, detect_format, select_sql

#: Rows per Arrow batch pulled from DuckDB and written as one Parquet row group;
#: 1M rows of 5 narrow columns is ~15 MB in memory, large enough for fast scans.
BATCH_ROWS = 1_000_000

RATING_SCHEMA = pa.schema(
    [
        ("user_id", pa.int64()),
        ("anime_id", pa.int64()),
        ("rating", pa.int8()),
        ("status", pa.int8()),
        ("episodes", pa.int32()),
    ]
)


@dataclass(frozen=True)
class ImportedTable:
    """One imported rating table: its hash, where it came from and what it held."""

    sha256: str
    source: str
    format: str
    rows: int
    scored: int
    imported_at: str
    added: bool


def ratings_dir_for(db_url: str) -> Path:
    """The ratings directory that belongs to the database at ``db_url``."""
    override = os.environ.get("KANSOU_RATINGS_DIR")
    if override:
        return Path(override).expanduser()
    if db_url.startswith("sqlite:///"):
        db_path = Path(db_url[len("sqlite:///") :])
        return db_path.with_name(db_path.name + ".ratings")
    return Path(user_data_dir("kansou", appauthor=False)) / "ratings"


class RatingsStore:
    """Reads and writes the Parquet rating tables of one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @classmethod
    def for_database(cls, db_url: str) -> RatingsStore:
        return cls(ratings_dir_for(db_url))

    def imports(self) -> list[ImportedTable]:
        """Every imported table, oldest first."""
        if not self.directory.is_dir():
            return []
        tables = []
        for meta in self.directory.glob("*.json"):
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # cut short by a kill: that table is imported again
            if (self.directory / f"{data['sha256']}.parquet").exists():
                tables.append(ImportedTable(**{**data, "added": False}))
        return sorted(tables, key=lambda t: (t.imported_at, t.sha256))

    def parquet_files(self) -> list[Path]:
        return [self.directory / f"{t.sha256}.parquet" for t in self.imports()]

    def fingerprint(self) -> str:
        """A short key that changes whenever the set of imported tables changes."""
        shas = sorted(t.sha256 for t in self.imports())
        return hashlib.sha256("\n".join(shas).encode()).hexdigest()[:16]

    def relation_sql(self) -> str:
        """A DuckDB table expression over every imported row."""
        files = self.parquet_files()
        if not files:
            raise UserError(
                f"no ratings imported yet in '{self.directory}': "
                "run 'kansou ratings import FILE' first"
            )
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        return f"read_parquet([{listed}])"

    def import_file(
        self,
        path: Path,
        fmt: RatingFormat | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> ImportedTable:
        """Stream one CSV rating table into ``<sha256>.parquet`` (a no-op if already there)."""
        path = Path(path)
        if not path.is_file():
            raise UserError(
                f"no such rating table '{path}': expected a CSV file (.csv, .csv.gz) or .parquet"
            )
        with path.open("rb") as handle:
            sha = hashlib.file_digest(handle, "sha256").hexdigest()
        existing = {t.sha256: t for t in self.imports()}
        if sha in existing:
            return existing[sha]
        fmt = fmt or detect_format(path)
        self.directory.mkdir(parents=True, exist_ok=True)
        rows, scored = self._write_parquet(path, fmt, sha, on_batch)
        table = ImportedTable(
            sha256=sha,
            source=str(path),
            format=fmt.value,
            rows=rows,
            scored=scored,
            imported_at=datetime.now(UTC).isoformat(timespec="microseconds"),
            added=True,
        )
        meta = {k: v for k, v in table.__dict__.items() if k != "added"}
        meta_path = self.directory / f"{sha}.json"
        part = meta_path.with_suffix(".json.part")
        part.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        part.replace(meta_path)  # atomic: a kill leaves the old state or the new, never half
        return table

    def _write_parquet(
        self,
        path: Path,
        fmt: RatingFormat,
        sha: str,
        on_batch: Callable[[int], None] | None,
    ) -> tuple[int, int]:
        final = self.directory / f"{sha}.parquet"
        partial = final.with_suffix(".parquet.part")
        rows = scored = 0
        con = duckdb.connect()
        try:
            reader = con.sql(select_sql(path, fmt)).to_arrow_reader(BATCH_ROWS)
            with pq.ParquetWriter(partial, RATING_SCHEMA, compression="zstd") as writer:
                for table in _chunks(reader, BATCH_ROWS):
                    writer.write_table(table, row_group_size=BATCH_ROWS)
                    rows += table.num_rows
                    scored += table.num_rows - table.column("rating").null_count
                    if on_batch:
                        on_batch(table.num_rows)
        except duckdb.Error as exc:
            partial.unlink(missing_ok=True)
            raise UserError(f"cannot read rating table '{path}' as {fmt.value}: {exc}") from exc
        finally:
            con.close()
        partial.replace(final)
        return rows, scored

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with the view ``ratings`` over every table."""
        con = duckdb.connect()
        con.execute(f"CREATE VIEW ratings AS SELECT * FROM {self.relation_sql()}")
        return con


def _chunks(reader: pa.RecordBatchReader, rows: int) -> Iterable[pa.Table]:
    """DuckDB's record batches (~100k rows) regrouped into tables of about ``rows`` rows."""
    pending: list[pa.RecordBatch] = []
    size = 0
    for batch in reader:
        pending.append(batch)
        size += batch.num_rows
        if size >= rows:
            yield pa.Table.from_batches(pending).cast(RATING_SCHEMA)
            pending, size = [], 0
    if pending:
        yield pa.Table.from_batches(pending).cast(RATING_SCHEMA)
