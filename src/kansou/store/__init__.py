"""Store stage: SQLite by default (a file in WAL mode), PostgreSQL for shared deployments.

``open_store(url)`` creates the database if needed and brings its schema to
the latest migration (Alembic, upgraded to every head, one transaction per
migration) before handing out a ``Store``.
"""

from __future__ import annotations

import os
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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own wording
        raise UserError(
            f"unknown database '{url}': expected a file path or a URL such as "
            "sqlite:///path.sqlite or postgresql://user@host/db"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Upgrade the schema to ``revision`` (every head by default) if it is behind."""
    cfg = alembic_config(engine)
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    if revision == "heads" and current == heads:
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


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
