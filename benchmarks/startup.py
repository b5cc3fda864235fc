"""How fast kansou starts: ``kansou --help`` and ``kansou show`` against the import of typer+rich.

    python benchmarks/startup.py [--runs 7]

Each command runs as a user runs it, a new Python process, interleaved with the
baseline in the same run: a process that imports typer and rich (what any CLI
built on them pays) and exits. Reported per command: the median wall time over
``--runs``, its ratio to the baseline's median, peak RSS (``ru_maxrss`` of the
child), and which heavy libraries the command imported (``-X importtime``):
``kansou --help`` must import none of them, ``kansou show`` only what computing
a reception uses (SQLAlchemy and Alembic to open the store, numpy and
scipy.special for the consensus, rapidfuzz for names). The target is
``kansou --help`` within 3x the baseline.

``kansou show`` runs on a database the benchmark builds in a temporary folder
(the bundled demo: four pages and the catalog slice), so the figure is what a
fan sees after ``kansou demo``. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Libraries ``kansou --help`` must not import (FastAPI, Dask, DuckDB, the numeric and
#: extraction stack) and that ``kansou show`` imports only where it uses them.
HEAVY = (
    "fastapi", "uvicorn", "dask", "distributed", "duckdb", "pyarrow", "numpy", "scipy",
    "scipy.stats", "implicit", "extruct", "py3langid", "selectolax", "lxml", "warcio",
    "httpx", "sqlalchemy", "alembic", "rapidfuzz", "jinja2",
)  # fmt: skip
#: The target of issue 15: ``kansou --help`` within this many times the baseline.
HELP_TARGET_RATIO = 3.0
BASELINE = [sys.executable, "-c", "import typer, rich.console"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, this child's own ``ru_maxrss``) of one run of ``argv``."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {errors.decode()[-1000:]}")
    return wall, usage.ru_maxrss / 1024


def imported_heavy(argv: list[str], env: dict[str, str]) -> list[str]:
    """The ``HEAVY`` libraries a run of ``argv`` imports (read from ``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv[1:]], env=env, capture_output=True, check=False
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines()}
    return sorted(name for name in HEAVY if name in names)


def demo_database(folder: Path, env: dict[str, str]) -> Path:
    db = folder / "demo.sqlite"
    argv = [sys.executable, "-m", "kansou", "--db", str(db), "demo", "--no-serve"]
    subprocess.run(argv, env=env, capture_output=True, check=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="Runs of each command.")
    args = parser.parse_args()
    kansou = [sys.executable, "-m", "kansou"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_DATA_HOME": tmp, "NO_COLOR": "1"}
        db = demo_database(Path(tmp), env)
        commands = {
            "baseline: import typer, rich": BASELINE,
            "kansou --help": [*kansou, "--help"],
            "kansou show": [*kansou, "--db", str(db), "show", "Metallic Rouge"],
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, float] = {}
        for _ in range(args.runs):  # interleaved: load changes hit every command alike
            for name, argv in commands.items():
                wall, peak = timed(argv, env)
                walls[name].append(wall)
                peaks[name] = max(peaks.get(name, 0.0), peak)
        heavy = {name: imported_heavy(argv, env) for name, argv in commands.items()}
    base = statistics.median(walls["baseline: import typer, rich"])
    figures = {}
    for name in commands:
        median = statistics.median(walls[name])
        figures[name] = {
            "median_s": round(median, 3),
            "ratio_to_baseline": round(median / base, 2),
            "peak_rss_mb": round(peaks[name], 1),
            "imports_heavy": heavy[name],
        }
        print(
            f"{name:32s} {median:6.3f} s  {median / base:5.2f}x baseline  "
            f"{peaks[name]:6.1f} MB  heavy imports: {', '.join(heavy[name]) or 'none'}"
        )
    ratio = figures["kansou --help"]["ratio_to_baseline"]
    print(f"kansou --help is {ratio}x the import of typer+rich (target {HELP_TARGET_RATIO}x)")
    print(
        json.dumps(
            {
                "benchmark": "startup",
                "runs": args.runs,
                "load_average": round(os.getloadavg()[0], 2),
                "help_ratio": ratio,
                "help_target_ratio": HELP_TARGET_RATIO,
                "commands": figures,
            }
        )
    )


if __name__ == "__main__":
    main()
