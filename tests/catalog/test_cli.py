"""The catalog commands through Typer, on a small app of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kansou.catalog.commands import register_commands
from kansou.errors import UserError


def _app(db: Path) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = {"db": str(db)}

    register_commands(app)
    return app


def _run(db: Path, *args: str):
    return CliRunner().invoke(_app(db), list(args), env={"COLUMNS": "200"})


def test_import_then_resolve_json(tmp_path: Path, catalog_dir: Path) -> None:
    db = tmp_path / "k.sqlite"
    result = _run(
        db,
        "catalog",
        "import",
        str(catalog_dir / "mal.csv.gz"),
        str(catalog_dir / "mappings.json"),
        str(catalog_dir / "anidb.xml"),
    )
    assert result.exit_code == 0, result.output
    assert "25777" not in result.output and "5 records, 5 new titles" in result.output
    result = _run(
        db, "resolve", "Attack on Titan", "Attack on Titan Season 2", "Nothing Alike", "--json"
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [r["query"] for r in out] == [
        "Attack on Titan",
        "Attack on Titan Season 2",
        "Nothing Alike",
    ]
    assert out[0]["match"]["source_ids"]["myanimelist"] == "16498"
    assert out[0]["strength"] == "strong" and out[0]["distance"] < 0.05
    assert out[1]["match"]["source_ids"]["myanimelist"] == "25777"
    assert out[2] == {
        "query": "Nothing Alike",
        "match": None,
        "strength": "none",
        "distance": None,
        "matched_name": None,
        "evidence": [],
    }


def test_reimport_says_nothing_changed(tmp_path: Path, catalog_dir: Path) -> None:
    db = tmp_path / "k.sqlite"
    _run(db, "catalog", "import", str(catalog_dir / "mal.csv.gz"))
    result = _run(db, "catalog", "import", str(catalog_dir / "mal.csv.gz"))
    assert result.exit_code == 0
    assert "already imported, nothing changed" in result.output


def test_resolve_table_shows_evidence(tmp_path: Path, catalog_dir: Path) -> None:
    db = tmp_path / "k.sqlite"
    _run(db, "catalog", "import", str(catalog_dir / "mal.csv.gz"))
    result = _run(db, "resolve", "Cowboy Bebop", "--episodes", "26")
    assert result.exit_code == 0, result.output
    assert "Cowboy Bebop -> Cowboy Bebop (title 1; myanimelist 1): strong" in result.output
    assert "title: 'Cowboy Bebop' is 1.00 similar to 'Cowboy Bebop'" in result.output


def test_bad_file_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("hello\n", encoding="utf-8")
    result = _run(tmp_path / "k.sqlite", "catalog", "import", str(bad))
    assert result.exit_code == 1
    assert isinstance(result.exception, UserError)
    assert result.exception.message.startswith(f"{bad}, line 1: unknown catalog format")
    missing = _run(tmp_path / "k.sqlite", "catalog", "import", str(tmp_path / "nope.csv"))
    assert isinstance(missing.exception, UserError)
    assert missing.exception.message == f"no such catalog file '{tmp_path / 'nope.csv'}'"


def test_resolve_without_catalog_is_a_user_error(tmp_path: Path) -> None:
    result = _run(tmp_path / "k.sqlite", "resolve", "Cowboy Bebop")
    assert isinstance(result.exception, UserError)
    assert result.exception.message.startswith("no titles to resolve against")


@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_review_matches_remembers_decisions(
    tmp_path: Path, catalog_dir: Path, decision: str
) -> None:
    from kansou.catalog.link import match_title
    from kansou.store import open_store

    db = tmp_path / "k.sqlite"
    _run(db, "catalog", "import", str(catalog_dir / "mal.csv.gz"))
    store = open_store(str(db))
    with store.session() as s:
        assert match_title(s, "Metalic Ruge") is None  # too far: queued, not linked
    store.close()
    listing = _run(db, "review-matches")
    assert "Metalic Ruge" in listing.output and "Metallic Rouge" in listing.output
    result = _run(db, "review-matches", f"--{decision}", "1")
    status = "confirmed" if decision == "confirm" else "rejected"
    assert f"match 1 'Metalic Ruge' {status}" in result.output
    assert "no matches awaiting review" in result.output
    resolved = json.loads(_run(db, "resolve", "Metalic Ruge", "--json").output)[0]
    if decision == "confirm":
        assert resolved["match"]["name"] == "Metallic Rouge"
        assert resolved["evidence"] == ["review: confirmed by review"]
    else:
        assert resolved["match"] is None or resolved["match"]["name"] != "Metallic Rouge"
    unknown = _run(db, "review-matches", "--confirm", "99")
    assert isinstance(unknown.exception, UserError)
