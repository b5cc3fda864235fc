"""Backup, restore and the full archive: what it takes to never lose a curated database.

What it decides:

- **Backup** (SQLite) uses SQLite's online backup API, so a backup taken while
  an ingest or the web server writes is a consistent snapshot. The copy is
  written to a temporary file beside the target, switched out of WAL mode (one
  self-contained file) and then hard-linked into place, which fails rather
  than overwrite: a backup never replaces an existing file. The target must be
  a plain file path (not a URL, not an existing file or link, in an existing
  directory) and, when ``KANSOU_BACKUP_DIR`` is set, inside that directory
  once resolved, so a path cannot escape it with ``..`` or a symlink. The
  ratings directory beside the database (``<db>.ratings/``) is copied to
  ``<target>.ratings/``. PostgreSQL is backed up with ``pg_dump``: the
  message says the exact command.
- **Restore** validates the file on a private copy first (SQLite header,
  ``PRAGMA integrity_check``, kansou's tables, only schema revisions this
  kansou knows), keeps the current database as ``<db>.bak`` (``.bak.1``, ...
  when that exists), copies the backup in with the backup API (safe while
  other connections are open) and migrates it to the current schema.
- **Archive** (``export json --full``): the plain export plus every row of
  every table, raw bytes in base64, ids kept. ``import_archive`` writes it
  into an empty database in one transaction. The guarantee: ``export json
  --full`` of A, imported into an empty B, makes ``export json --full`` of B
  byte-identical to A's, and so ``export json`` too.
"""

from __future__ import annotations

import base64
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, Table, func, insert, select, text
from sqlalchemy.types import Date, DateTime, LargeBinary

from kansou.errors import UserError
from kansou.store import Store, alembic_config

ARCHIVE_FORMAT = "kansou-archive"
ARCHIVE_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
#: Tables every kansou database has; a file without them is not a kansou database.
REQUIRED_TABLES = frozenset({"alembic_version", "documents", "claims", "titles"})
#: Env var naming the directory backups must stay inside (a shared deployment sets it).
BACKUP_DIR_ENV = "KANSOU_BACKUP_DIR"
#: Rows per INSERT batch when importing an archive: large enough to amortize the
#: round trip, small enough to keep PostgreSQL's parameter count far below its limit.
IMPORT_BATCH_ROWS = 500
PG_DUMP_HINT = (
    "back up PostgreSQL with pg_dump: pg_dump --format=custom --file BACKUP.dump '{url}' "
    "and restore with pg_restore --clean --dbname '{url}' BACKUP.dump"
)


# -- paths -----------------------------------------------------------------------


def sqlite_path(store: Store) -> Path | None:
    """The database file of a SQLite store, or None for a server database."""
    if store.engine.url.get_backend_name() != "sqlite":
        return None
    database = store.engine.url.database
    if not database or database == ":memory:":
        raise UserError("an in-memory database has no file to back up or restore")
    return Path(database)


def checked_target(value: str | os.PathLike[str], database: Path) -> Path:
    """The backup target as a plain new file path, or a ``UserError`` saying why not."""
    raw = os.fspath(value)
    if not raw or "\x00" in raw or "://" in raw:
        raise UserError(f"backup target '{raw}' is not a file path: give a new file name")
    path = Path(raw).expanduser()
    resolved = path.parent.resolve() / path.name
    live = database.resolve()
    if resolved in {live, *(live.with_name(live.name + s) for s in ("-wal", "-shm"))}:
        raise UserError(f"backup target '{raw}' is the database itself")
    if os.path.lexists(path):
        raise UserError(f"backup target '{raw}' already exists: backups never overwrite")
    parent = path.parent
    if not parent.is_dir():
        raise UserError(f"backup target '{raw}': directory '{parent}' does not exist")
    root = os.environ.get(BACKUP_DIR_ENV)
    if root and not resolved.is_relative_to(Path(root).expanduser().resolve()):
        raise UserError(
            f"backup target '{raw}' lies outside {BACKUP_DIR_ENV} ({root}): "
            "give a path inside that directory"
        )
    return path


def ratings_dir(database: Path) -> Path:
    """The ratings directory kept beside a SQLite database (see ``kansou.ratings.store``)."""
    return database.with_name(database.name + ".ratings")


# -- backup ----------------------------------------------------------------------


def backup(store: Store, target: str | os.PathLike[str]) -> Path:
    """Write a consistent copy of the SQLite database to ``target``; return its path."""
    database = sqlite_path(store)
    if database is None:
        raise UserError(PG_DUMP_HINT.format(url=_public_url(store.engine)))
    path = checked_target(target, database)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _copy_database(database, tmp)
        _fsync(tmp)
        try:
            os.link(tmp, path)  # fails if the target appeared meanwhile: never overwrite
        except FileExistsError as exc:
            raise UserError(
                f"backup target '{path}' already exists: backups never overwrite"
            ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    ratings = ratings_dir(database)
    if ratings.is_dir():
        shutil.copytree(ratings, ratings_dir(path))
    return path


def _copy_database(source: Path, dest: Path) -> None:
    """Online backup of ``source`` into ``dest`` as one self-contained (non-WAL) file."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as dst:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _public_url(engine: Engine) -> str:
    return engine.url.set(drivername=engine.url.get_backend_name()).render_as_string(
        hide_password=True
    )


# -- restore ---------------------------------------------------------------------


def known_revisions(store: Store) -> set[str]:
    """Every schema revision this kansou's migrations define."""
    script = ScriptDirectory.from_config(alembic_config(store.engine))
    return {rev.revision for rev in script.walk_revisions()}


def validate_backup(path: Path, known: set[str], *, shown: Path | None = None) -> None:
    """Raise ``UserError`` unless ``path`` is an intact kansou SQLite database.

    ``shown`` is the name used in messages (the user's file when ``path`` is a copy).
    """
    name = shown or path
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(f"cannot read backup '{name}': {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise UserError(f"'{name}' is not a SQLite database (no SQLite header)")
    try:
        with closing(sqlite3.connect(path)) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revisions = (
                {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
                if "alembic_version" in tables
                else set()
            )
    except sqlite3.DatabaseError as exc:
        raise UserError(f"'{name}' is not a readable SQLite database: {exc}") from exc
    if check != [("ok",)]:
        raise UserError(f"'{name}' fails SQLite's integrity check: {check[0][0]}")
    missing = sorted(REQUIRED_TABLES - tables)
    if missing:
        raise UserError(f"'{name}' is not a kansou database (no table {', '.join(missing)})")
    unknown = sorted(revisions - known)
    if not revisions or unknown:
        raise UserError(
            f"'{name}' has schema revision {', '.join(unknown) or 'none'}, unknown to this "
            f"kansou (known: {', '.join(sorted(known))}): restore it with the kansou that made it"
        )


def restore(store: Store, source: str | os.PathLike[str]) -> Path | None:
    """Replace the SQLite database with the backup at ``source``.

    Returns where the previous database was kept (None when there was none).
    The caller opens the store again to migrate the restored schema.
    """
    database = sqlite_path(store)
    if database is None:
        raise UserError(PG_DUMP_HINT.format(url=_public_url(store.engine)))
    path = Path(source).expanduser()
    if not path.is_file():
        raise UserError(f"backup '{path}' does not exist or is not a file")
    known = known_revisions(store)
    with _private_copy(path, database.parent) as copy:
        validate_backup(copy, known, shown=path)
        kept = _keep_previous(database)
        _copy_into(copy, database)
    _restore_ratings(path, database, kept)
    return kept


@contextmanager
def _private_copy(path: Path, directory: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=".kansou-restore.", suffix=".sqlite", dir=directory)
    os.close(fd)
    copy = Path(name)
    try:
        shutil.copyfile(path, copy)
        yield copy
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(copy) + suffix).unlink(missing_ok=True)


def _keep_previous(database: Path) -> Path | None:
    """Copy the live database to the first free ``.bak`` name; return it."""
    if not database.exists():
        return None
    kept = database.with_name(database.name + ".bak")
    n = 0
    while os.path.lexists(kept):
        n += 1
        kept = database.with_name(f"{database.name}.bak.{n}")
    _copy_database(database, kept)
    return kept


def _copy_into(source: Path, database: Path) -> None:
    """Overwrite the live database's pages with ``source`` (backup API: one transaction)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(database)) as dst:
        dst.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")


def _restore_ratings(source: Path, database: Path, kept: Path | None) -> None:
    backed_up = ratings_dir(source)
    if not backed_up.is_dir():
        return
    live = ratings_dir(database)
    if live.exists():
        live.rename(ratings_dir(kept) if kept else live.with_name(live.name + ".bak"))
    shutil.copytree(backed_up, live)


# -- archive ---------------------------------------------------------------------


def export_archive(store: Store) -> dict[str, Any]:
    """The plain export plus every table's rows: what ``import_archive`` rebuilds from."""
    from kansou.aggregate.export import export_data

    data = export_data(store, include_text=True)
    with store.engine.connect() as conn:
        tables = _reflect(conn)
        data["archive"] = {
            "format": ARCHIVE_FORMAT,
            "version": ARCHIVE_VERSION,
            "schema": sorted(conn.scalars(text("SELECT version_num FROM alembic_version"))),
            "tables": {t.name: _dump_table(conn, t) for t in tables},
        }
    return data


def _reflect(conn: Connection) -> list[Table]:
    """The database's own tables (as they are, not as this code declares them), parents first.

    Indexes the database maintains itself (SQLite FTS5 tables and their shadow
    tables, filled by triggers) are left out: importing the rows re-creates them.
    """
    metadata = MetaData()
    metadata.reflect(conn)
    derived = _derived_tables(conn)
    return [
        t
        for t in metadata.sorted_tables
        if t.name != "alembic_version" and not any(t.name.startswith(d) for d in derived)
    ]


def _derived_tables(conn: Connection) -> tuple[str, ...]:
    """Name prefixes of SQLite virtual tables and their shadow tables."""
    if conn.dialect.name != "sqlite":
        return ()
    virtual = conn.scalars(
        text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")
    )
    return tuple(name for v in virtual for name in (v, f"{v}_"))


def _kind(table: Table, column: str) -> str:
    type_ = table.c[column].type
    if isinstance(type_, LargeBinary):
        return "base64"
    if isinstance(type_, DateTime):
        return "datetime"
    if isinstance(type_, Date):
        return "date"
    return "value"


def _dump_table(conn: Connection, table: Table) -> dict[str, Any]:
    columns = [c.name for c in table.columns]
    kinds = {c: k for c in columns if (k := _kind(table, c)) != "value"}
    order = list(table.primary_key.columns) or list(table.columns)
    rows = conn.execute(select(table).order_by(*order))
    return {
        "columns": columns,
        "encoded": kinds,
        "rows": [[_encode(v, kinds.get(c)) for c, v in zip(columns, r, strict=True)] for r in rows],
    }


def _encode(value: Any, kind: str | None) -> Any:
    if value is None or kind is None:
        return value
    if kind == "base64":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value.isoformat()


def _decode(value: Any, kind: str | None) -> Any:
    if value is None or kind is None:
        return value
    if kind == "base64":
        return base64.b64decode(value)
    if kind == "date":
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def import_archive(store: Store, data: dict[str, Any]) -> dict[str, int]:
    """Write an archive into an empty database, ids kept; return rows per table."""
    archive = _checked_archive(data, known_revisions(store))
    counts: dict[str, int] = {}
    with store.engine.begin() as conn:
        tables = _reflect(conn)
        _check_empty(conn, tables)
        _check_tables(archive["tables"], {t.name: t for t in tables})
        for table in tables:
            dumped = archive["tables"].get(table.name)
            if dumped is not None:
                counts[table.name] = _load_table(conn, table, dumped)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, tables)
    return counts


def _checked_archive(data: Any, known: set[str]) -> dict[str, Any]:
    archive = data.get("archive") if isinstance(data, dict) else None
    if not isinstance(archive, dict) or archive.get("format") != ARCHIVE_FORMAT:
        raise UserError(
            "this JSON holds no archive (it has no raw documents): "
            "make one with 'kansou export json --full'"
        )
    if archive.get("version") != ARCHIVE_VERSION:
        raise UserError(
            f"archive version {archive.get('version')!r} is not supported "
            f"(this kansou reads version {ARCHIVE_VERSION})"
        )
    unknown = sorted(set(archive.get("schema") or []) - known)
    if unknown:
        raise UserError(
            f"archive schema revision {', '.join(unknown)} is unknown to this kansou: "
            "import it with the kansou that made it"
        )
    return archive


def _check_empty(conn: Connection, tables: Iterable[Table]) -> None:
    busy = [t.name for t in tables if conn.scalar(select(func.count()).select_from(t))]
    if busy:
        raise UserError(
            f"import json needs an empty database; this one has rows in {', '.join(busy)}"
        )


def _check_tables(dumped: dict[str, Any], tables: dict[str, Table]) -> None:
    for name, table in dumped.items():
        if name not in tables:
            raise UserError(f"archive table '{name}' does not exist in this database's schema")
        extra = sorted(set(table["columns"]) - set(tables[name].c.keys()))
        if extra:
            raise UserError(f"archive table '{name}' has unknown columns: {', '.join(extra)}")


def _load_table(conn: Connection, table: Table, dumped: dict[str, Any]) -> int:
    columns: list[str] = dumped["columns"]
    kinds: dict[str, str] = dumped.get("encoded", {})
    rows = dumped["rows"]
    for start in range(0, len(rows), IMPORT_BATCH_ROWS):
        batch = [
            {c: _decode(v, kinds.get(c)) for c, v in zip(columns, row, strict=True)}
            for row in rows[start : start + IMPORT_BATCH_ROWS]
        ]
        conn.execute(insert(table), batch)
    return len(rows)


def _reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """Move each serial id's sequence past the imported ids (PostgreSQL only)."""
    for table in tables:
        for column in table.primary_key.columns:
            seq = conn.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            )
            if seq:
                top = conn.scalar(select(func.max(column)))
                conn.execute(
                    text("SELECT setval(:s, :v, :called)"),
                    {"s": seq, "v": top or 1, "called": top is not None},
                )
