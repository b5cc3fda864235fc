"""The CLI in a fan's first hour: commands use what the database holds, say which database
holds what, word the verdict as the page does, and start without loading what they do not use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kansou import extras
from kansou.cli import app
from tests.conftest import Kansou, shared_path

CATALOG = ("data", "catalog", "mal-anime-2024.csv.gz")
RATINGS = ("data", "ratings", "mal-user-ratings-2023.csv.gz")
#: What ``kansou --help`` must not import, and ``kansou show`` neither (it uses none).
NOT_FOR_HELP = ("fastapi", "dask", "distributed", "duckdb", "pyarrow", "numpy", "scipy",
                "implicit", "extruct", "py3langid", "sqlalchemy", "alembic", "selectolax")  # fmt: skip
NOT_FOR_SHOW = ("fastapi", "uvicorn", "dask", "distributed", "duckdb", "pyarrow", "implicit",
                "extruct", "py3langid", "scipy.stats", "selectolax", "warcio", "httpx")  # fmt: skip


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """Every module a run of ``kansou ARGS`` imports, read from ``-X importtime``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kansou", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines()}


def test_help_imports_no_stage_of_kansou() -> None:
    modules = imported("--help")
    assert not [m for m in NOT_FOR_HELP if m in modules]
    assert not [m for m in modules if m.startswith(("kansou.store", "kansou.extract"))]


def test_show_imports_only_what_a_reception_uses(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    ingest = subprocess.run(
        [sys.executable, "-m", "kansou", "--db", str(db), "ingest", str(shared_path("seeds"))],
        capture_output=True,
        check=False,
    )
    assert ingest.returncode == 0, ingest.stderr.decode()[-2000:]
    modules = imported("--db", str(db), "show", "Metallic Rouge")
    assert not [m for m in NOT_FOR_SHOW if m in modules]


def test_a_missing_extra_is_named(kansou: Kansou, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(extras.EXTRAS, "scale", ("kansou_without_dask", "distributed ingest"))
    result = kansou("ingest", "--workers", "2", str(shared_path("seeds")))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: distributed ingest needs the 'scale' extra (kansou_without_dask is not "
        "installed): pip install 'kansou[scale]'\n"
    )
    monkeypatch.setitem(extras.EXTRAS, "postgres", ("kansou_without_psycopg", "a PostgreSQL db"))
    pg = CliRunner().invoke(app, ["--db", "postgresql://nobody@127.0.0.1/none", "show", "x"])
    assert pg.exit_code == 1 and "pip install 'kansou[postgres]'" in pg.stderr


def test_show_words_the_verdict_and_names_its_sources(kansou: Kansou) -> None:
    assert kansou("ingest", str(shared_path("seeds"))).exit_code == 0
    out = kansou("show", "Metallic Rouge").stdout
    assert (
        "Consensus 51.6/100: mixed or average  (90% interval 34.6–68.5, 4 reviews; "
        "the reviews' own mean 36.2)"
    ) in out
    assert (
        "The 4 reviews average 36.2; the consensus (51.6) also counts a typical title's 72" in out
    )
    assert "(1 review)" in out and "(1 reviews)" not in out
    assert "voice acting" in out and "voice_acting" not in out
    assert "author not named" in out and "anonymous" not in out
    assert "001_74e65dcd4a379021.txt" not in out and "title page “METALLIC ROUGE”" in out
    assert "tagged #メタリックルージュ" in out and "also written: METALLIC ROUGE" in out


def test_ingest_summary_says_what_was_found_in_words(
    kansou: Kansou, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # a wide terminal: each cell on one line
    out = kansou("ingest", str(shared_path("seeds"))).stdout
    assert "3 key points" in out and "key_point" not in out
    assert "25 cast entries" in out and "1 episode count" in out


def test_recommend_and_ratings_stats_name_titles_from_the_imported_catalog(
    kansou: Kansou, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANSOU_RATINGS_DIR", str(tmp_path / "ratings"))
    monkeypatch.delenv("KANSOU_CATALOG_CSV", raising=False)
    assert kansou("catalog", "import", str(shared_path(*CATALOG))).exit_code == 0
    assert kansou("ratings", "import", str(shared_path(*RATINGS))).exit_code == 0
    typed = kansou("recommend", "Cowboy Bebop", "Trigun", "--json", "-n", "5")
    assert typed.exit_code == 0, typed.output
    picks = json.loads(typed.stdout)
    assert len(picks) == 5 and not [p for p in picks if p["name"].startswith("MyAnimeList ")]
    user = json.loads(kansou("recommend", "--user", "0", "--json").stdout)
    assert user and not [p for p in user if p["name"].startswith(("MyAnimeList ", "MAL #"))]
    stats = kansou("ratings", "stats", "1")
    assert "Ratings of Cowboy Bebop (MyAnimeList 1)" in stats.stdout
    [resolved] = json.loads(kansou("resolve", "Cowboy Bebop", "--json").stdout)
    assert "alias: matched the title's own name" in resolved["evidence"]
    assert not [line for line in resolved["evidence"] if "a own" in line]


def test_the_demo_says_which_database_it_wrote_and_how_to_use_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("KANSOU_DB", raising=False)
    runner = CliRunner()
    demo = runner.invoke(app, ["demo", "--no-serve"])
    assert demo.exit_code == 0, demo.output
    target = tmp_path / "kansou" / "demo.sqlite"
    assert f"The demo wrote its own database: {target}" in demo.stdout
    command = f"kansou --db {target} show 'Metallic Rouge'"
    assert command in demo.stdout
    shown = runner.invoke(app, ["--db", str(target), "show", "Metallic Rouge"])
    assert shown.exit_code == 0 and "mixed or average" in shown.stdout
    elsewhere = runner.invoke(app, ["show", "Metallic Rouge"])  # the user's own, empty database
    assert elsewhere.exit_code == 1
    assert f"the demo wrote {target}: {command}" in elsewhere.stderr
