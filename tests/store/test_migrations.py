"""Alembic migrations go up to every head, down to nothing, and up again, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from kansou.store import alembic_config, database_url, make_engine, open_store

CORE_TABLES = {"documents", "claims", "titles", "title_aliases", "people", "characters"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / "migrations.sqlite")


def _tables(url: str) -> set[str]:
    engine = make_engine(database_url(url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _run(url: str, direction: str, revision: str) -> None:
    engine = make_engine(database_url(url))
    try:
        cfg = alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            getattr(command, direction)(cfg, revision)
    finally:
        engine.dispose()


def test_migrations_go_up_down_and_up_again(empty_database: str) -> None:
    _run(empty_database, "upgrade", "heads")
    created = _tables(empty_database)
    assert created >= CORE_TABLES
    _run(empty_database, "downgrade", "base")
    assert _tables(empty_database) == set()
    _run(empty_database, "upgrade", "heads")
    assert _tables(empty_database) == created


def test_a_store_opened_after_a_round_trip_works(empty_database: str) -> None:
    _run(empty_database, "upgrade", "heads")
    _run(empty_database, "downgrade", "base")
    store = open_store(empty_database)
    try:
        assert store.counts() == {"documents": 0, "claims": 0, "titles": 0, "people": 0}
    finally:
        store.close()
