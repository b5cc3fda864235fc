"""Fixtures: a ratings CSV with two opposite audiences, and a tiny MAL catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.recommend.recommend_fixtures import CATALOG_CSV, taste_table


@pytest.fixture
def taste_csv(tmp_path: Path) -> Path:
    path = tmp_path / "tastes.csv"
    lines = ["user_id,anime_id,rating"] + [f"{u},{t},{r}" for u, t, r in taste_table()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def catalog_csv(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(CATALOG_CSV, encoding="utf-8")
    return path
