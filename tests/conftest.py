"""Shared fixtures: where ``../shared`` is, and a CLI runner bound to a fresh database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kansou.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip that says it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is missing ({path}): clone the project with shared/ beside it")
    return path


class Kansou:
    """Runs ``kansou --db <file>`` in-process and parses its JSON output."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        return self.runner.invoke(app, ["--db", str(self.db), *args])

    def export(self, *args: str) -> dict[str, Any]:
        result = self("export", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def kansou(tmp_path: Path) -> Kansou:
    return Kansou(tmp_path / "kansou.sqlite")


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def expected_seeds() -> dict[str, Any]:
    return json.loads(shared_path("expected", "metallic-rouge.json").read_text(encoding="utf-8"))
