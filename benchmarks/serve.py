"""Throughput and latency of ``kansou serve`` under wrk, against a minimal in-memory FastAPI app.

Ingests the bundled demo pages into a fresh SQLite file, starts the real
``kansou serve`` command on a free loopback port, fetches the title JSON
once, and starts a baseline server (a FastAPI app with one route returning
those same bytes from memory) under the same uvicorn settings (one worker,
no access log). wrk then loads, at ``--connections`` connections for
``--seconds`` each after a warm-up:

- the title JSON ``/api/v1/titles/{id}`` (kansou),
- the title HTML page ``/titles/{id}`` (kansou),
- the baseline route,

interleaved for ``--rounds`` rounds; each figure is the median over rounds.
The same three are also called in-process through ASGI with no network
(``cpu_us_per_request``, ``cpu_ratio``): the CPU each costs, a figure other
load on the machine barely moves.

Target: title JSON at least 0.5x the baseline's requests/s with p99 < 50 ms.
The last line printed is one JSON object.

    python benchmarks/serve.py [--seconds 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def baseline_main(port: int, body_file: str) -> None:
    """The baseline: FastAPI returning the same JSON bytes from memory, served as ``kansou
    serve`` serves (uvicorn's h11 protocol with kansou's timeouts and connection caps)."""
    from kansou.serve.server import serve_app

    serve_app(baseline_app(Path(body_file).read_bytes()), "127.0.0.1", port)


def wrk(url: str, seconds: int, connections: int, threads: int) -> dict[str, float]:
    subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", "2s", url],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    latency = {
        pct: float(v) * UNITS_MS[unit]
        for pct, v, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    return {
        "rps": round(rps, 1),
        "p50_ms": round(latency["50"], 2),
        "p99_ms": round(latency["99"], 2),
        "errors": 0.0 if errors is None else 1.0,
    }


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per figure, the median over rounds (errors: the sum)."""
    out = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50_ms", "p99_ms")}
    return {**out, "errors": sum(r["errors"] for r in runs)}


def baseline_app(body: bytes) -> Any:
    from fastapi import FastAPI
    from starlette.responses import Response

    app = FastAPI()

    @app.get("/title")
    async def title() -> Response:
        return Response(body, media_type="application/json")

    return app


async def _asgi_get(app: Any, path: str) -> None:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: dict[str, Any]) -> None:
        return None

    await app(scope, receive, send)


def asgi_cost(db: Path, title_id: int, body: bytes, n: int = 3000) -> dict[str, float]:
    """Microseconds of CPU per request with no network or load generator in the way
    (best of 3): a figure that other load on the machine barely moves."""
    from kansou.serve.app import create_app

    app = create_app(str(db))
    targets = {
        "title_json": (app, f"/api/v1/titles/{title_id}"),
        "title_html": (app, f"/titles/{title_id}"),
        "baseline": (baseline_app(body), "/title"),
    }

    async def run() -> dict[str, float]:
        best: dict[str, float] = {}
        for _ in range(3):
            for name, (target, path) in targets.items():
                await _asgi_get(target, path)
                start = time.perf_counter()
                for _ in range(n):
                    await _asgi_get(target, path)
                cost = (time.perf_counter() - start) / n * 1e6
                best[name] = round(min(best.get(name, cost), cost), 1)
        return best

    return asyncio.run(run())


def demo_database(tmp: Path) -> tuple[Path, int]:
    """A fresh SQLite file holding the bundled demo pages, and the demo title's id."""
    from kansou.demo import demo_inputs
    from kansou.pipeline import ingest
    from kansou.store import open_store

    db = tmp / "bench.sqlite"
    store = open_store(str(db))
    ingest(demo_inputs(), store)
    title_id = store.find_titles("Metallic Rouge")[0].id
    store.close()
    return db, title_id


def start_servers(
    tmp: Path, db: Path, title_id: int, procs: list[subprocess.Popen[bytes]]
) -> tuple[dict[str, str], bytes]:
    """``kansou serve`` and the baseline, both answering; the URLs to load and the JSON body."""
    port, base_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "KANSOU_API_TOKEN"}
    cmd = [sys.executable, "-m", "kansou", "--db", str(db), "serve", "--port", str(port)]
    procs.append(subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL))
    url = f"http://127.0.0.1:{port}"
    wait_ready(f"{url}/api/v1/titles", procs[-1])
    body = httpx.get(f"{url}/api/v1/titles/{title_id}").content
    (tmp / "title.json").write_bytes(body)
    procs.append(
        subprocess.Popen(
            [sys.executable, __file__, "--baseline", str(base_port), str(tmp / "title.json")],
            stderr=subprocess.DEVNULL,
        )
    )
    wait_ready(f"http://127.0.0.1:{base_port}/title", procs[-1])
    assert httpx.get(f"http://127.0.0.1:{base_port}/title").content == body
    targets = {
        "title_json": f"{url}/api/v1/titles/{title_id}",
        "title_html": f"{url}/titles/{title_id}",
        "baseline": f"http://127.0.0.1:{base_port}/title",
    }
    return targets, body


def measure(targets: dict[str, str], args: argparse.Namespace) -> dict[str, dict[str, float]]:
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for _ in range(args.rounds):  # interleaved, so load from elsewhere hits all alike
        for name, target in targets.items():
            rounds[name].append(wrk(target, args.seconds, args.connections, args.threads))
    return {name: median_run(r) for name, r in rounds.items()}


def report(
    runs: dict[str, dict[str, float]],
    cost: dict[str, float],
    body: bytes,
    args: argparse.Namespace,
) -> None:
    for name, r in runs.items():
        print(
            f"{name:11s} {r['rps']:9.1f} req/s  "
            f"p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms"
        )
    ratio = runs["title_json"]["rps"] / runs["baseline"]["rps"]
    figures = {
        "title_json_rps": runs["title_json"]["rps"],
        "title_json_p50_ms": runs["title_json"]["p50_ms"],
        "title_json_p99_ms": runs["title_json"]["p99_ms"],
        "title_html_rps": runs["title_html"]["rps"],
        "title_html_p99_ms": runs["title_html"]["p99_ms"],
        "baseline_rps": runs["baseline"]["rps"],
        "baseline_p99_ms": runs["baseline"]["p99_ms"],
        "ratio": round(ratio, 3),
        "cpu_us_per_request": cost,
        "cpu_ratio": round(cost["baseline"] / cost["title_json"], 3),
        "json_bytes": len(body),
        "connections": args.connections,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "errors": sum(r["errors"] for r in runs.values()),
        "target_met": ratio >= 0.5 and runs["title_json"]["p99_ms"] < 50,
    }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="kansou-serve-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        db, title_id = demo_database(tmp)
        targets, body = start_servers(tmp, db, title_id, procs)
        runs = measure(targets, args)
        cost = asgi_cost(db, title_id, body)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    report(runs, cost, body, args)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--baseline":
        baseline_main(int(sys.argv[2]), sys.argv[3])
    else:
        main()
