"""Fixtures of the reliability suite: hypothesis profiles, subprocess runs, fresh PostgreSQL.

Hypothesis runs the "ci" profile (few examples, a short default run) unless
``HYPOTHESIS_PROFILE=long`` asks for the thorough one used for the README figures.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Where the reliability tests find PostgreSQL; each test gets a fresh database on it.
POSTGRES_ADMIN_URL = os.environ.get(
    "KANSOU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def kansou_argv(db: str | Path, *args: str) -> list[str]:
    """The command line of a real ``python -m kansou`` process on ``db``."""
    return [sys.executable, "-m", "kansou", "--db", str(db), *args]


def run_kansou(
    db: str | Path, *args: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        kansou_argv(db, *args), capture_output=True, text=True, timeout=timeout, env=env
    )


def sqlite_rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"../shared is missing ({path}): clone the project with shared/ beside it")
    return path.resolve()


@pytest.fixture
def fresh_postgres() -> Iterator[Callable[[], str]]:
    """A factory of fresh, empty PostgreSQL databases, all dropped after the test."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    made: list[str] = []
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]

    def make() -> str:
        name = f"kansou_rel_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{base}/{name}"

    with admin:
        try:
            yield make
        finally:
            for name in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(fresh_postgres: Callable[[], str]) -> str:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    return fresh_postgres()
