"""``kansou sync`` of one title across four services against the replay server, timed.

    python benchmarks/sync.py [--runs 3]

What it measures, for one title whose catalog ids name an anime on AniList,
MyAnimeList (through Jikan), Kitsu and AniDB:

- the wall time of ``kansou sync TITLE`` as a user runs it (a new process:
  start, fetch, store 9 documents, print the scores), beside ``kansou show``
  of the same title (start and print, nothing fetched: the baseline);
- for each service, when its requests went out (from the replay server's
  log) against the earliest moment its documented limits allow them
  (``SlidingWindowLimiter`` on zero-latency answers): Jikan's 6 requests at
  3 a second cannot end before 1.0 s, AniDB's one request per 2 s allows one
  at once; the limit, not kansou, should be the floor;
- the same fetches one service after another in this process (the baseline):
  services side by side should cost the slowest service, not the sum.

No title has recorded answers on all four services, so the catalog entry
used here borrows recorded ids (AniList 1 and Kitsu 1 are Cowboy Bebop,
AniDB 959 is Fumoffu, MyAnimeList 11757 Sword Art Online): the figure is the
clients' timing, not one anime's reception. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kansou.load.services import SERVICES, SessionSettings, fetch_service_documents  # noqa: E402
from kansou.load.services.client import SlidingWindowLimiter  # noqa: E402
from kansou.load.services.refs import ServiceRef  # noqa: E402
from tests.services.replay import APIS, replay_server  # noqa: E402

CATALOG = APIS.parent / "data" / "catalog"
MAL_ID = 11757
IDS = {"mal_id": MAL_ID, "anilist_id": 1, "kitsu_id": 1, "anidb_id": 959, "type": "TV"}
REFS = [ServiceRef("anilist", "1"), ServiceRef("jikan", str(MAL_ID)),
        ServiceRef("kitsu", "1"), ServiceRef("anidb", "959")]  # fmt: skip
SERVICE_OF_PREFIX = {"anilist": "anilist", "jikan": "jikan", "kitsu": "kitsu", "anidb": "anidb"}


def write_catalog(folder: Path) -> list[str]:
    """The real MAL catalog row of the title, and a mapping entry with the borrowed ids."""
    text = gzip.decompress((CATALOG / "mal-anime-2024.csv.gz").read_bytes()).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    rows = [r for r in reader if r and r[0] == str(MAL_ID)]
    with (folder / "mal.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    (folder / "anime-list.json").write_text(json.dumps([IDS]), encoding="utf-8")
    return [str(folder / "mal.csv"), str(folder / "anime-list.json")]


def kansou(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "kansou", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def floor_of(service: str, requests: int) -> float:
    """The earliest second the service's limits allow its last of ``requests`` requests."""
    limiter = SlidingWindowLimiter(SERVICES[service].windows)
    return max(limiter.reserve(0.0) for _ in range(requests))


def per_service(log: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    start = min(float(r["time"]) for r in log)  # type: ignore[arg-type]
    out = {}
    for service in SERVICE_OF_PREFIX:
        times = [float(r["time"]) for r in log if r["service"] == service]  # type: ignore[arg-type]
        if times:
            out[service] = {
                "requests": len(times),
                "last_request_s": round(max(times) - start, 3),
                "limit_floor_s": floor_of(service, len(times)),
            }
    return out


def one_sync(env: dict[str, str], folder: Path, run: int) -> tuple[float, float, str]:
    """A fresh database and cache, the catalog imported, then ``kansou sync`` timed, and
    ``kansou show`` of the same title after it (starting kansou and printing the scores,
    with nothing fetched or stored: the part of the wall time that is not the sync's)."""
    db = folder / f"run{run}.sqlite"
    cache = folder / f"cache{run}"
    imported = kansou(env, "--db", str(db), "catalog", "import", *write_catalog(folder))
    assert imported.returncode == 0, imported.stderr
    start = time.monotonic()
    synced = kansou(env, "--db", str(db), "sync", "Sword Art Online", "--allow-private",
                    "--cache-dir", str(cache))  # fmt: skip
    wall = time.monotonic() - start
    start = time.monotonic()
    shown = kansou(env, "--db", str(db), "show", "Sword Art Online")
    assert shown.returncode == 0, shown.stderr
    return wall, time.monotonic() - start, synced.stdout + synced.stderr


def sequential_baseline(env: dict[str, str], folder: Path) -> float:
    """The same fetches, one service after another, in this process."""
    start = time.monotonic()
    for ref in REFS:
        settings = SessionSettings(cache_dir=folder / f"seq-{ref.service}", allow_private=True)
        list(fetch_service_documents([ref], settings, env))
    return time.monotonic() - start


def side_by_side(env: dict[str, str], folder: Path) -> float:
    start = time.monotonic()
    settings = SessionSettings(cache_dir=folder / "side", allow_private=True)
    list(fetch_service_documents(REFS, settings, env))
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with replay_server() as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, **server.env(), "PYTHONPATH": str(ROOT / "src")}
        walls, shows, fetches, outputs = [], [], [], ""
        for run in range(args.runs):
            server.requests.clear()
            wall, show, outputs = one_sync(env, folder, run)
            walls.append(wall)
            shows.append(show)
            fetches.append(per_service(server.requests))
        services = {s: {k: statistics.median(f[s][k] for f in fetches) for k in fetches[0][s]}
                    for s in fetches[0]}  # fmt: skip
        server.requests.clear()
        sequential = statistics.median(sequential_baseline(env, folder / f"s{i}")
                                       for i in range(args.runs))  # fmt: skip
        parallel = statistics.median(side_by_side(env, folder / f"p{i}") for i in range(args.runs))
    floor = max(s["limit_floor_s"] for s in services.values())
    fetch_span = max(s["last_request_s"] for s in services.values())
    print(outputs.strip().splitlines()[-1])
    for name, s in services.items():
        print(f"{name:8} {s['requests']:.0f} requests, last sent at {s['last_request_s']:.3f} s "
              f"(its limits allow it at {s['limit_floor_s']:.3f} s)")  # fmt: skip
    wall, show = statistics.median(walls), statistics.median(shows)
    print(f"kansou sync wall time (new process, median of {args.runs}): {wall:.2f} s; "
          f"kansou show of the same title: {show:.2f} s")  # fmt: skip
    print(f"fetching side by side {parallel:.2f} s vs one service after another {sequential:.2f} s")
    figures = {
        "runs": args.runs,
        "sync_wall_s": round(wall, 3),
        "show_wall_s": round(show, 3),
        "sync_minus_show_s": round(wall - show, 3),
        "last_request_s": fetch_span,
        "limit_floor_s": floor,
        "last_request_over_floor": round(fetch_span / floor, 3) if floor else None,
        "fetch_side_by_side_s": round(parallel, 3),
        "fetch_sequential_s": round(sequential, 3),
        "sequential_over_side_by_side": round(sequential / parallel, 2),
        "services": services,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
