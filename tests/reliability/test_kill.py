"""Crash safety: SIGKILL a real ``kansou`` process at random moments, many times.

After every kill the database passes ``PRAGMA integrity_check`` and holds no
half document (each document has all the claims it counts), and the runs that
follow (each of which may be killed in turn) finish with exactly the state of
an uninterrupted run. ``KANSOU_KILLS`` sets how many kills each scenario
survives (12 for ingest and half as many for each import by default; the
``slow`` run does ``KANSOU_SLOW_KILLS`` = 200 in all, split across ingest,
catalog import (once that command exists) and ratings import).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import SHARED, kansou_argv, run_kansou, sqlite_rows
from tests.reliability.corpus import write_batch

KILLS = int(os.environ.get("KANSOU_KILLS", "4"))
#: Re-runs tried per kill before giving up on landing more kills (a fast command may
#: finish before the kill lands, every time, on a fast machine); the kills that landed count.
TRIES_PER_KILL = 12
SLOW_KILLS_TOTAL = int(os.environ.get("KANSOU_SLOW_KILLS", "200"))
SLOW_PAGES = int(os.environ.get("KANSOU_SLOW_PAGES", "60"))
#: Kill moments are drawn from [0, this x the uninterrupted run's time]: most land
#: inside the run, a few after it ended (those runs count as completed, not kills).
KILL_WINDOW = 1.1
#: ... and no earlier than this share of the time Python takes to start kansou, so
#: most kills land while it works rather than while it imports.
STARTUP_SHARE = 0.8


@dataclass
class Scenario:
    """One command under test: how to run it and how to read the state it leaves.

    ``progress`` (when given) counts the units of work already stored; kills then land
    after a random number of units instead of after a random time.
    """

    name: str
    args: Callable[[Path], list[str]]
    state: Callable[[Path], Any]
    check: Callable[[Path], None]
    progress: Callable[[Path], int] | None = None


def ingest_state(db: Path) -> Any:
    documents = sqlite_rows(db, "SELECT sha256, kind, n_claims FROM documents ORDER BY sha256")
    claims = sqlite_rows(db, "SELECT count(*) FROM claims")
    titles = sqlite_rows(db, "SELECT count(*), count(DISTINCT key) FROM titles")
    people = sqlite_rows(db, "SELECT count(*) FROM people")
    return documents, claims, titles, people


def database_whole(db: Path) -> None:
    """SQLite's own checks pass and no document is stored without all its claims."""
    if not db.exists():
        return  # killed before the database was created
    assert sqlite_rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert sqlite_rows(db, "PRAGMA foreign_key_check") == []
    tables = {r[0] for r in sqlite_rows(db, "SELECT name FROM sqlite_master")}
    if not {"documents", "claims"} <= tables:
        return  # killed during the first migration: no document can be there yet
    half = sqlite_rows(
        db,
        "SELECT d.source, d.n_claims, (SELECT count(*) FROM claims c WHERE c.document_id = d.id)"
        " FROM documents d WHERE d.n_claims != "
        "(SELECT count(*) FROM claims c WHERE c.document_id = d.id)",
    )
    assert half == [], f"half-stored documents: {half}"


def ratings_dir(db: Path) -> Path:
    return db.with_name(db.name + ".ratings")


def ratings_state(db: Path) -> Any:
    import pyarrow.parquet as pq

    directory = ratings_dir(db)
    metas = sorted(directory.glob("*.json")) if directory.is_dir() else []
    tables = []
    for meta in metas:
        data = json.loads(meta.read_text(encoding="utf-8"))
        parquet = directory / f"{data['sha256']}.parquet"
        if parquet.exists():
            tables.append((data["sha256"], data["rows"], pq.read_metadata(parquet).num_rows))
    return tables


def ratings_whole(db: Path) -> None:
    """Every table the store lists is complete: its Parquet file has the rows it claims."""
    for _sha, rows, in_file in ratings_state(db):
        assert rows == in_file


def write_ratings(directory: Path, n_files: int, rows: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    files = []
    for i in range(n_files):
        lines = ["user_id,anime_id,rating"]
        lines += [
            f"{rng.randint(1, 5000)},{rng.randint(1, 20000)},{rng.randint(1, 10)}"
            for _ in range(rows)
        ]
        path = directory / f"ratings-{i}.csv.gz"
        path.write_bytes(gzip.compress("\n".join(lines).encode() + b"\n"))
        files.append(path)
    return files


def run_once(
    db: Path, args: list[str], delay: float, until: Callable[[], bool] | None = None
) -> bool:
    """Start the command and SIGKILL it after ``delay`` s, or once ``until()`` holds
    (then ``delay`` more seconds, to land inside the next unit's transaction).
    True when it was still running when killed."""
    proc = subprocess.Popen(
        kansou_argv(db, *args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        if until is not None:
            while proc.poll() is None and not until():
                time.sleep(0.02)
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert "Traceback" not in stderr and "error:" not in stderr, stderr
    return False


def _reached(count: Callable[[Path], int], db: Path, target: int) -> bool:
    return count(db) >= target


def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def survive_kills(scenario: Scenario, tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    """Kill the scenario's command ``kills`` times; every chain of re-runs ends exact."""
    reference = tmp_path / "reference.sqlite"
    started = time.monotonic()
    run_kansou(reference, "--version")
    startup = time.monotonic() - started
    started = time.monotonic()
    run_kansou(reference, *scenario.args(reference))
    full_run = time.monotonic() - started
    expected = scenario.state(reference)
    total_units = scenario.progress(reference) if scenario.progress else 0
    rng = random.Random(seed)
    done = chains = 0
    db = new_database(tmp_path / "chain-0.sqlite")
    tries = 0
    while done < kills and tries < kills * TRIES_PER_KILL:
        tries += 1
        if scenario.progress is None:
            delay = rng.uniform(STARTUP_SHARE * startup, KILL_WINDOW * full_run)
            killed = run_once(db, scenario.args(db), delay)
        else:
            target = scenario.progress(db) + rng.randint(0, total_units)
            until = partial(_reached, scenario.progress, db, target)
            killed = run_once(db, scenario.args(db), rng.uniform(0, 0.3), until)
        scenario.check(db)
        done += killed
        progress(scenario.name, done, killed)
        if not killed:  # this re-run finished: it must hold exactly what one clean run does
            assert scenario.state(db) == expected, f"{scenario.name}: state differs after kills"
            chains += 1
            db = new_database(tmp_path / f"chain-{chains}.sqlite")
    finished = run_kansou(db, *scenario.args(db))
    assert finished.returncode in (0, 1), finished.stderr
    scenario.check(db)
    assert scenario.state(db) == expected
    return {
        "kills": done,
        "chains": chains + 1,
        "seconds_per_run": round(full_run, 2),
        "startup_seconds": round(startup, 2),
    }


def new_database(db: Path) -> Path:
    """A database with its schema in place: kills during a first migration are
    ``test_a_kill_during_the_first_migration_leaves_a_database_that_opens``'s subject."""
    from kansou.store import open_store

    open_store(db).close()
    return db


def progress(name: str, kills: int, killed: bool) -> None:
    out = os.environ.get("KANSOU_KILL_REPORT")
    if out:
        with open(out + ".progress", "a", encoding="utf-8") as handle:
            handle.write(f"{name}: {kills} kills{'' if killed else ' (run completed)'}\n")


def ingest_scenario(batch: Path) -> Scenario:
    from kansou.demo import demo_inputs

    inputs = [str(batch), *demo_inputs()]  # the seeds bundled in the package
    return Scenario(
        "ingest", lambda _db: ["ingest", *inputs], ingest_state, database_whole, stored_documents
    )


def has_command(*words: str) -> bool:
    return run_kansou(":memory:", *words, "--help").returncode == 0


def catalog_state(db: Path) -> Any:
    tables = {r[0] for r in sqlite_rows(db, "SELECT name FROM sqlite_master")}
    if "catalog_facts" not in tables:
        return None
    return (
        sqlite_rows(db, "SELECT sha256, records FROM catalog_imports ORDER BY sha256"),
        sqlite_rows(db, "SELECT count(*), count(DISTINCT key) FROM titles"),
        sqlite_rows(db, "SELECT count(*) FROM title_source_ids"),
        sqlite_rows(db, "SELECT count(*) FROM catalog_facts"),
    )


def catalog_scenario() -> Scenario:
    catalog = SHARED / "data" / "catalog" / "mal-anime-2024.csv.gz"
    if not catalog.exists():
        pytest.skip(f"../shared is missing ({catalog})")
    if not has_command("catalog", "import"):
        pytest.skip("this build has no 'kansou catalog import' command")
    return Scenario(
        "catalog import",
        lambda _db: ["catalog", "import", str(catalog.resolve())],
        catalog_state,
        database_whole,
    )


def ratings_scenario(files: list[Path]) -> Scenario:
    return Scenario(
        "ratings import",
        lambda _db: ["ratings", "import", *map(str, files)],
        ratings_state,
        ratings_whole,
    )


def report(name: str, figures: dict[str, int]) -> None:
    """Append the figures to ``KANSOU_KILL_REPORT`` (the README's numbers come from there)."""
    out = os.environ.get("KANSOU_KILL_REPORT")
    if out:
        with open(out, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"scenario": name, **figures}) + "\n")


def test_ingest_survives_kills(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch", 40)
    figures = survive_kills(ingest_scenario(batch), tmp_path, KILLS, seed=1)
    assert 1 <= figures["kills"] <= KILLS
    report("ingest", figures)


def test_ratings_import_survives_kills(tmp_path: Path) -> None:
    files = write_ratings(tmp_path / "csv", 3, 200_000)
    figures = survive_kills(ratings_scenario(files), tmp_path, max(KILLS // 2, 1), seed=2)
    report("ratings import", figures)


@pytest.mark.slow
def test_catalog_import_survives_kills(tmp_path: Path) -> None:
    figures = survive_kills(catalog_scenario(), tmp_path, max(KILLS // 2, 1), seed=3)
    report("catalog import", figures)


@pytest.mark.slow
def test_two_hundred_kills_across_commands(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch", SLOW_PAGES)
    files = write_ratings(tmp_path / "csv", 4, 150_000)
    scenarios = [ingest_scenario(batch), ratings_scenario(files)]
    if has_command("catalog", "import"):
        scenarios.append(catalog_scenario())
    share = SLOW_KILLS_TOTAL // len(scenarios)
    total = 0
    for i, scenario in enumerate(scenarios):
        kills = SLOW_KILLS_TOTAL - share * (len(scenarios) - 1) if i == 0 else share
        figures = survive_kills(scenario, tmp_path / f"s{i}", kills, seed=10 + i)
        report(scenario.name, figures)
        total += figures["kills"]
    assert total == SLOW_KILLS_TOTAL


#: Run in a child: open a new database and die (as if SIGKILLed) on its Nth CREATE statement.
DIE_DURING_MIGRATION = """
import os, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

target, seen = int(sys.argv[2]), [0]

@event.listens_for(Engine, "connect")
def _trace(dbapi_connection, _record):
    def count(sql):
        if sql.lstrip().upper().startswith("CREATE"):
            seen[0] += 1
            if seen[0] == target:
                os._exit(137)
    dbapi_connection.set_trace_callback(count)

from kansou.store import open_store
open_store(sys.argv[1]).close()
"""


def test_a_kill_during_the_first_migration_leaves_a_database_that_opens(tmp_path: Path) -> None:
    import sys

    from kansou.store import open_store

    for statement in (3, 10, 25):
        db = tmp_path / f"new-{statement}.sqlite"
        child = subprocess.run(
            [sys.executable, "-c", DIE_DURING_MIGRATION, str(db), str(statement)], check=False
        )
        assert child.returncode == 137, f"the migration has fewer than {statement} statements"
        database_whole(db)
        store = open_store(db)
        try:
            assert store.counts()["documents"] == 0
        finally:
            store.close()


def test_a_ratings_meta_file_cut_short_by_a_kill_is_imported_again(tmp_path: Path) -> None:
    (table,) = write_ratings(tmp_path / "csv", 1, 1_000)
    db = tmp_path / "db.sqlite"
    assert run_kansou(db, "ratings", "import", str(table)).returncode == 0
    meta = next(ratings_dir(db).glob("*.json"))
    meta.write_text(meta.read_text()[:20])  # what a kill in the middle of that write leaves
    again = run_kansou(db, "ratings", "import", str(table))
    assert again.returncode == 0, again.stderr[-500:]
    assert [rows for _sha, rows, _in_file in ratings_state(db)] == [1_000]
