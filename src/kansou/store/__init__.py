"""Store stage: SQLite by default (a file in WAL mode), PostgreSQL for shared deployments.

``open_store(url)`` creates the database if needed and brings its schema to
the latest migration (Alembic, upgraded to every head, one transaction per
migration) before handing out a ``Store``.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from kansou.errors import UserError
from kansou.store.repository import (
    Store,
    StoredClaim,
    StoredDocument,
    StoredPerson,
    StoredTitle,
)

__all__ = [
    "Store",
    "StoredClaim",
    "StoredDocument",
    "StoredPerson",
    "StoredTitle",
    "database_url",
    "default_database",
    "open_store",
]

MIGRATIONS = Path(__file__).parent / "migrations"

#: How long a SQLite connection waits for the writer's lock before failing (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_database() -> Path:
    """The database used when neither ``--db`` nor ``KANSOU_DB`` names one."""
    return Path(user_data_dir("kansou", appauthor=False)) / "kansou.sqlite"


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` / ``KANSOU_DB`` (a path or a SQLAlchemy URL) into a URL."""
    value = str(db) if db else os.environ.get("KANSOU_DB") or str(default_database())
    if "://" in value:
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return value
    path = Path(value).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


#: Key of the PostgreSQL advisory lock that lets one process migrate at a time.
MIGRATION_LOCK_KEY = 0x6B616E73  # "kans"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling skips BEGIN before DDL, so a migration
    # killed halfway would leave tables without their alembic_version row. The
    # driver is put in autocommit mode and SQLAlchemy's "begin" event (below)
    # issues the BEGIN itself, so every transaction, DDL included, is real.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def switch_to_wal(cursor: Any) -> None:
    """Put the file in WAL mode, waiting (up to the busy timeout) for other processes.

    While one process turns a new file to WAL, another's switch can fail at once
    with "database is locked": SQLite answers that deadlock without calling the
    busy handler, so the driver's timeout does not cover it. The statement holds
    no lock after failing, so it is retried with backoff.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _sqlite_begin(conn: Any) -> None:
    """BEGIN IMMEDIATE for writers (they take the write lock up front and wait for it,
    instead of failing when a read transaction must turn into a write); BEGIN for readers."""
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take SQLite's write lock when they begin."""
    return engine.execution_options(sqlite_immediate=True)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own wording
        raise UserError(
            f"unknown database '{url}': expected a file path or a URL such as "
            "sqlite:///path.sqlite or postgresql://user@host/db"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        # The driver's own timeout (its default is 5 s) is the busy timeout from
        # the connection's first statement on: SQLAlchemy's first query and the
        # switch of a new file to WAL wait for a process creating the schema.
        timeout = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        engine = create_engine(url, connect_args=timeout)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        from kansou.extras import require

        require("postgres")
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser interpolation
    return cfg


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Upgrade the schema to ``revision`` (every head by default) if it is behind.

    One process migrates at a time (SQLite's write lock, a PostgreSQL advisory
    lock); the others wait, find the schema current, and go on. The whole
    upgrade is one transaction: a kill halfway leaves the previous schema.
    """
    cfg = alembic_config(engine)
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    if revision == "heads" and _current_heads(engine) == heads:
        return
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
        current = set(MigrationContext.configure(conn).get_current_heads())
        if revision == "heads" and current == heads:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _current_heads(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def open_store(db: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating and migrating if needed) the database named by ``db``."""
    engine = make_engine(database_url(db))
    try:
        migrate(engine)
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"cannot open database '{engine.url}': {exc}") from exc
    return Store(engine)
