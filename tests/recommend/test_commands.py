"""``kansou ratings ...`` and ``kansou recommend`` on a small Typer app of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kansou.errors import UserError
from kansou.ratings.commands import register_commands as register_ratings
from kansou.recommend.commands import register_commands as register_recommend


def make_app(db: Path) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def options(ctx: typer.Context) -> None:
        ctx.obj = {"db": str(db)}

    register_ratings(app)
    register_recommend(app)
    return app


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.delenv("KANSOU_RATINGS_DIR", raising=False)
    monkeypatch.delenv("KANSOU_CATALOG_CSV", raising=False)
    return make_app(tmp_path / "k.sqlite")


def test_import_twice_then_stats(app: typer.Typer, taste_csv: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["ratings", "import", str(taste_csv)])
    assert first.exit_code == 0, first.output
    assert "imported tastes.csv: 360 rows (360 scored) as ratings" in first.output
    assert (tmp_path / "k.sqlite.ratings").is_dir()
    second = runner.invoke(app, ["ratings", "import", str(taste_csv)])
    assert "already imported tastes.csv" in second.output
    stats = runner.invoke(app, ["ratings", "stats", "101", "--json"])
    data = json.loads(stats.output)
    assert data["anime_id"] == 101 and data["count"] == sum(data["histogram"].values())
    table = runner.invoke(app, ["ratings", "stats", "101"])
    assert "Ratings of MyAnimeList 101" in table.output  # no title 101 in the database


def test_recommend_typed_titles_as_json(
    app: typer.Typer, taste_csv: Path, catalog_csv: Path
) -> None:
    runner = CliRunner()
    runner.invoke(app, ["ratings", "import", str(taste_csv)])
    result = runner.invoke(
        app,
        ["recommend", "Cowboy Bebop", "Trigun", "--json", "-n", "3", "--catalog", str(catalog_csv)],
    )
    assert result.exit_code == 0, result.output
    picks = json.loads(result.output)
    assert len(picks) == 3
    assert all(100 < p["mal_id"] < 200 and p["reasons"] for p in picks)
    assert {101, 102}.isdisjoint(p["mal_id"] for p in picks)
    table = runner.invoke(app, ["recommend", "--user", "25", "--catalog", str(catalog_csv)])
    assert table.exit_code == 0 and "Watch next" in table.output


def test_bad_requests_are_user_errors(app: typer.Typer, taste_csv: Path, catalog_csv: Path) -> None:
    runner = CliRunner()
    nothing = runner.invoke(app, ["recommend"])
    assert isinstance(nothing.exception, UserError)
    assert nothing.exception.message == (
        "nothing to recommend from: give liked titles, --user ID, or both"
    )
    runner.invoke(app, ["ratings", "import", str(taste_csv)])
    unknown = runner.invoke(app, ["recommend", "Naruto", "--catalog", str(catalog_csv)])
    assert isinstance(unknown.exception, UserError)
    assert unknown.exception.message.startswith("unknown title 'Naruto': no catalog title matches")
    missing = runner.invoke(app, ["ratings", "import", "nope.csv"])
    assert isinstance(missing.exception, UserError)
    assert missing.exception.message == (
        "no such rating table 'nope.csv': expected a CSV file (.csv, .csv.gz) or .parquet"
    )


def test_names_need_a_catalog(app: typer.Typer, taste_csv: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["ratings", "import", str(taste_csv)])
    named = runner.invoke(app, ["recommend", "Cowboy Bebop"])
    assert isinstance(named.exception, UserError)
    assert named.exception.message == (
        "cannot look up 'Cowboy Bebop': the database holds no title with a MyAnimeList id; "
        "import a catalog (kansou catalog import FILE), give MAL ids, or name a MAL catalog "
        "CSV with --catalog FILE"
    )
    by_id = runner.invoke(app, ["recommend", "101", "--json", "-n", "2"])
    assert by_id.exit_code == 0, by_id.output
    assert json.loads(by_id.output)[0]["name"].startswith("MyAnimeList ")
