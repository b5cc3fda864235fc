"""Migration 0002 goes up and down, leaving the foundation tables alone."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from kansou.store import alembic_config, open_store

CATALOG_TABLES = {"catalog_imports", "catalog_facts", "catalog_id_links", "match_decisions"}


def test_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "k.sqlite"))
    engine = store.engine
    assert set(inspect(engine).get_table_names()) >= CATALOG_TABLES
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002-1")
    tables = set(inspect(engine).get_table_names())
    assert not CATALOG_TABLES & tables
    assert {"titles", "title_aliases", "claims"} <= tables
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    assert set(inspect(engine).get_table_names()) >= CATALOG_TABLES
    store.close()
