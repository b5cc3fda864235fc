"""Shared fixtures: where ``../shared`` is, the database each test gets, and a CLI runner.

The database backend is chosen by ``KANSOU_TEST_DB``: unset (or ``sqlite``), every
test that asks for ``db_url`` gets a fresh SQLite file; ``postgresql``, it gets a
fresh PostgreSQL database (``CREATE DATABASE kansou_test_<random>`` on the server
of ``KANSOU_TEST_PG_URL``, default ``postgresql://postgres@127.0.0.1:5432/test``),
dropped after the test. Tests marked ``postgres`` always use PostgreSQL and are
skipped, with the reason, when the server cannot be reached; with
``KANSOU_TEST_DB=postgresql`` an unreachable server fails the run at once.
"""

from __future__ import annotations

import functools
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kansou.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PG_BASE_URL = os.environ.get("KANSOU_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
USE_POSTGRES = os.environ.get("KANSOU_TEST_DB", "sqlite").lower() in ("postgresql", "postgres")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip that says it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is missing ({path}): clone the project with shared/ beside it")
    return path


@functools.cache
def postgres_problem() -> str | None:
    """Why the test PostgreSQL server cannot be used, or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(PG_BASE_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL at {PG_BASE_URL} cannot be reached ({first})"


def pytest_configure(config: pytest.Config) -> None:
    if USE_POSTGRES and postgres_problem():
        raise pytest.UsageError(f"KANSOU_TEST_DB=postgresql but {postgres_problem()}")


def pytest_report_header(config: pytest.Config) -> str:
    backend = f"postgresql ({PG_BASE_URL})" if USE_POSTGRES else "sqlite"
    return f"kansou test database: {backend}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_BASE_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards, or a skip naming the reason."""
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    name = f"kansou_test_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    base, _sep, _db = PG_BASE_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_test_database(directory: Path) -> Iterator[str]:
    """A fresh database for a fixture of any scope: a SQLite file in ``directory``, or a
    PostgreSQL database under ``KANSOU_TEST_DB=postgresql``."""
    if USE_POSTGRES:
        with postgres_database() as url:
            yield url
    else:
        yield str(directory / "kansou.sqlite")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test, whatever ``KANSOU_TEST_DB`` says."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """The database a test stores into: a SQLite file, or PostgreSQL under KANSOU_TEST_DB."""
    with fresh_test_database(tmp_path) as url:
        yield url


class Kansou:
    """Runs ``kansou --db <database>`` in-process and parses its JSON output."""

    def __init__(self, db: str | Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        return self.runner.invoke(app, ["--db", str(self.db), *args])

    def export(self, *args: str) -> dict[str, Any]:
        result = self("export", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def kansou(db_url: str) -> Kansou:
    return Kansou(db_url)


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def expected_seeds() -> dict[str, Any]:
    return json.loads(shared_path("expected", "metallic-rouge.json").read_text(encoding="utf-8"))


#: Fixtures that hand a test a database; a test without one never touches the store.
DATABASE_FIXTURES = frozenset({"db_url", "kansou", "postgres_url", "fresh_postgres"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL run, repeat only the tests that store something.

    Cleaning, extraction, scoring math and recommendation quality do not depend
    on the database and already ran in the SQLite run; running them again would
    only double CI's time.
    """
    if not USE_POSTGRES:
        return
    skip = pytest.mark.skip(reason="uses no database: it ran once, in the SQLite run")
    for item in items:
        if not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)
