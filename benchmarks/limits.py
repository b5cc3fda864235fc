"""Resource limits, measured: the largest document kansou accepts, a WARC gzip bomb, deep
nesting, regex-hostile lines, and imports of millions of rows, each in a fresh
``python -m kansou`` (or ``python -c``) child whose peak RSS comes from ``wait4``;
and what hostile clients cost a running ``kansou serve`` (its peak RSS read from
/proc): a 100 MB unauthenticated upload, 10,000 distinct highlight requests, and
20,000 idle connections while a normal request is timed.

The baseline, run first in this same script, is ingesting the four bundled seed
pages: every other figure reads against it. The last line is one JSON object.

    python benchmarks/limits.py                 # full sizes (a few minutes)
    python benchmarks/limits.py --quick         # small sizes, to check the script
    python benchmarks/limits.py --parts catalog --catalog-rows 1000000   # one measurement
    python benchmarks/limits.py --parts upload,highlights,slow_clients  # the server's limits
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.clients import (  # noqa: E402
    ServedKansou,
    hold_connections,
    outcome,
    ready,
    server_side_sockets,
    streamed,
    timed_get,
)
from tests.reliability.test_limits import (  # noqa: E402
    PATHOLOGICAL_LINES,
    TIME_PAGES,
    warc_bomb,
)

MB = 1_000_000


def measure(argv: list[str], stdin: bytes | None = None) -> dict[str, Any]:
    """Run ``argv`` to its end; wall seconds, exit code, peak RSS (MB) and stderr's tail."""
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = proc.communicate(stdin)
    return {
        "seconds": round(time.monotonic() - started, 2),
        "exit": proc.returncode,
        "stdout": out.decode(errors="replace"),
        "stderr_tail": err.decode(errors="replace")[-300:],
    }


def measured(argv: list[str], stdin: bytes | None = None) -> dict[str, Any]:
    """``measure`` plus the child's own peak RSS, read by a wrapper process with wait4."""
    wrapper = (
        "import os, subprocess, sys, json\n"
        "p = subprocess.Popen(sys.argv[1:])\n"
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "sys.stderr.write('\\nPEAK_RSS_KB=' + str(usage.ru_maxrss) + '\\n')\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    result = measure([sys.executable, "-c", wrapper, *argv], stdin)
    tail = result["stderr_tail"]
    marker = tail.rfind("PEAK_RSS_KB=")
    result["peak_rss_mb"] = round(int(tail[marker + 12 :].split()[0]) / 1024, 1)
    result["stderr_tail"] = tail[:marker].strip()[-200:]
    return result


def kansou(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kansou", "--db", str(db), *args]


def big_html_page(path: Path, size: int) -> Path:
    """A review page of ``size`` bytes: a headline, a score and distinct paragraphs."""
    rng = random.Random(5)
    words = [
        "story",
        "pacing",
        "animation",
        "music",
        "cast",
        "finale",
        "studio",
        "episode",
        "arc",
        "mecha",
    ]
    parts = ["<html><head><title>Starfall Academy review</title></head><body><article>"]
    parts.append("<h1>Starfall Academy review</h1><p>Rating: 7/10</p>")
    total = sum(map(len, parts))
    n = 0
    while total < size - 200:
        line = f"<p>Paragraph {n}: " + " ".join(rng.choice(words) for _ in range(40)) + ".</p>\n"
        parts.append(line)
        total += len(line)
        n += 1
    parts.append("</article></body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def ratings_csv(path: Path, rows: int) -> Path:
    rng = random.Random(7)
    with path.open("w", encoding="ascii") as handle:
        handle.write("user_id,anime_id,rating\n")
        for start in range(0, rows, 100_000):
            chunk = min(100_000, rows - start)
            handle.write(
                "".join(
                    f"{rng.randint(1, 300_000)},{rng.randint(1, 60_000)},{rng.randint(1, 10)}\n"
                    for _ in range(chunk)
                )
            )
    return path


def pathological(quick: bool) -> dict[str, Any]:
    pages = PATHOLOGICAL_LINES
    if quick:
        pages = {k: v[:50_000] for k, v in pages.items()}
    result = measured([sys.executable, "-c", TIME_PAGES, "text/plain"], json.dumps(pages).encode())
    times = {r["name"]: round(r["cpu"], 3) for r in map(json.loads, result["stdout"].splitlines())}
    worst = max(times, key=times.__getitem__)
    return {
        "pages": len(pages),
        "bytes_each": max(map(len, pages.values())),
        "max_cpu_seconds": times[worst],
        "slowest": worst,
        "peak_rss_mb": result["peak_rss_mb"],
    }


def nested(depth: int) -> dict[str, Any]:
    page = "<html><body>" + "<div>" * depth + "Deep. Score: 7/10" + "</div>" * depth
    result = measured(
        [sys.executable, "-c", TIME_PAGES, "text/html"],
        json.dumps({"nested": page + "</body></html>"}).encode(),
    )
    cpu = json.loads(result["stdout"].splitlines()[-1])["cpu"]
    return {"depth": depth, "cpu_seconds": round(cpu, 3), "peak_rss_mb": result["peak_rss_mb"]}


def baseline(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    from kansou.demo import demo_inputs

    base = measured(kansou(work / "base.sqlite", "ingest", *demo_inputs()))
    return {"baseline_seeds": {k: base[k] for k in ("seconds", "peak_rss_mb", "exit")}}


def documents(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    from kansou.load.files import MAX_DOCUMENT_BYTES

    size = 2 * MB if options.quick else MAX_DOCUMENT_BYTES - 1000
    page = big_html_page(work / "largest.html", size)
    big = measured(kansou(work / "big.sqlite", "ingest", str(page)))
    over = work / "over.txt"
    with over.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    refused = measured(kansou(work / "over.sqlite", "ingest", str(over)))
    return {
        "largest_document": {
            "bytes": page.stat().st_size,
            "limit_bytes": MAX_DOCUMENT_BYTES,
            "stored": big["exit"] == 0,
            "seconds": big["seconds"],
            "peak_rss_mb": big["peak_rss_mb"],
        },
        "over_limit": {"refused": "too large" in refused["stderr_tail"]},
    }


def bomb(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    inflated = 50 * MB if options.quick else options.bomb_mb * MB
    path = warc_bomb(work / "bomb.warc.gz", inflated)
    boom = measured(kansou(work / "bomb.sqlite", "ingest", str(path)))
    return {
        "warc_gzip_bomb": {
            "compressed_bytes": path.stat().st_size,
            "inflated_bytes": inflated,
            "refused": boom["exit"] == 1 and "Traceback" not in boom["stderr_tail"],
            "seconds": boom["seconds"],
            "peak_rss_mb": boom["peak_rss_mb"],
        }
    }


def hostile(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    return {
        "nested_divs": nested(10_000 if options.quick else 100_000),
        "pathological_lines": pathological(options.quick),
    }


def ratings(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    rows = 200_000 if options.quick else options.ratings_rows
    csv = ratings_csv(work / "ratings.csv", rows)
    imported = measured(kansou(work / "ratings.sqlite", "ratings", "import", str(csv)))
    return {
        "ratings_import": {
            "rows": rows,
            "csv_bytes": csv.stat().st_size,
            "ok": imported["exit"] == 0,
            "seconds": imported["seconds"],
            "peak_rss_mb": imported["peak_rss_mb"],
        }
    }


def catalog_part(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    return {"catalog_import": catalog(work, 20_000 if options.quick else options.catalog_rows)}


TOKEN = "limits-benchmark-token"


def served_db(work: Path, document_mb: float) -> Path:
    """A database of the seed pages and one review page of ``document_mb`` MB (id 5)."""
    from kansou.demo import demo_inputs

    db = work / f"serve-{document_mb:g}.sqlite"
    if not db.exists():
        page = big_html_page(work / f"review-{document_mb:g}.html", int(document_mb * MB))
        done = measure(kansou(db, "ingest", *demo_inputs(), str(page)))
        assert done["exit"] == 0, done["stderr_tail"]
    return db


def upload(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Peak RSS of the server while unauthenticated clients send 100 MB bodies, declared
    (Content-Length) and chunked, with a parallel GET timed; and an authenticated 20 MB
    body of nested empty objects."""
    size = (10 if options.quick else 100) * MB
    server = ServedKansou(served_db(work, 0.1), work / "upload.log", token=TOKEN)
    figures: dict[str, Any] = {"body_bytes": size, "idle_rss_mb": server.rss_mb()}
    url = f"{server.url}/api/v1/documents"
    try:
        for name, headers in (
            ("declared", {"content-length": str(size)}),
            ("chunked", {}),
            ("authenticated_nested", {"authorization": f"Bearer {TOKEN}"}),
        ):
            body: Any = streamed(size)
            if name == "authenticated_nested":
                body = b'{"x":[' + b"{}," * (19_999_000 // 3) + b"{}]}"
            server.reset_peak()
            started = time.monotonic()
            with ThreadPoolExecutor(1) as pool:
                probe = pool.submit(_probe_during, server.url, 0.05)
                answer = _post(url, body, headers)
                probe_seconds = probe.result()
            figures[name] = {
                "status": answer,
                "seconds": round(time.monotonic() - started, 2),
                "peak_rss_mb": server.peak_mb(),
                "parallel_get_max_s": probe_seconds,
            }
    finally:
        server.stop()
    return {"unauthenticated_upload": figures}


def _post(url: str, body: Any, headers: dict[str, str]) -> int | str:
    import httpx

    try:
        return httpx.post(url, content=body, headers=headers, timeout=120).status_code
    except httpx.HTTPError as exc:  # the server may close while a refused body still streams
        return f"{type(exc).__name__}"


def _probe_during(base: str, after: float) -> float:
    """The slowest of a few GETs sent while another request runs."""
    time.sleep(after)
    return max(timed_get(f"{base}/api/v1/titles")[1] for _ in range(5))


def highlights(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Peak RSS of the server over distinct ``?hl=`` requests on a large document."""
    import httpx

    from kansou.serve.settings import DEFAULT_CACHE_BYTES

    count, doc_mb = (500, 1.0) if options.quick else (options.highlights, 4.0)
    server = ServedKansou(served_db(work, doc_mb), work / "highlights.log")
    figures: dict[str, Any] = {"requests": count, "document_mb": doc_mb}
    try:
        figures["idle_rss_mb"] = server.rss_mb()
        server.reset_peak()
        started, peaks = time.monotonic(), []
        with httpx.Client(base_url=server.url, timeout=120) as client:
            for i in range(count):
                answer = client.get(f"/documents/5?hl={i}-{i + 40}")
                assert answer.status_code == 200, answer.text[:200]
                if (i + 1) % max(1, count // 10) == 0:
                    peaks.append(server.peak_mb())
        figures.update(
            seconds=round(time.monotonic() - started, 1),
            peak_rss_mb=server.peak_mb(),
            peak_rss_mb_each_tenth=peaks,
            cache_budget_mb=DEFAULT_CACHE_BYTES // MB,
        )
    finally:
        server.stop()
    return {"distinct_highlights": figures}


def slow_clients(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Idle connections (nothing sent, part of a request line, a byte every 5 s) from one
    address and from many, while a normal request is timed from inside and outside the flood."""
    total = 2_000 if options.quick else options.idle_connections
    figures: dict[str, Any] = {}
    for scenario, sources in (("one_address", ["127.0.0.1"]), ("forty_addresses", _many(40))):
        figures[scenario] = _flood(work, scenario, total, sources)
    return {"idle_connections": figures}


def _many(n: int) -> list[str]:
    return [f"127.0.1.{i}" for i in range(1, n + 1)]


def _flood(work: Path, scenario: str, total: int, sources: list[str]) -> dict[str, Any]:
    server = ServedKansou(served_db(work, 0.1), work / f"{scenario}.log")
    kinds = ("nothing", "partial", "drip")
    hold_s = 25.0
    try:
        cpu_before = server.cpu_seconds()
        holders = [
            hold_connections(server.port, total // (len(kinds) * len(sources)), kind, hold_s, src)
            for kind in kinds
            for src in sources
        ]
        opened = sum(ready(h) for h in holders)
        time.sleep(1.0)
        during = {
            "server_descriptors": server.open_descriptors(),
            "server_rss_mb": server.rss_mb(),
            "get_from_flood_address": timed_get(f"{server.url}/api/v1/titles", sources[0]),
            "get_from_other_address": timed_get(f"{server.url}/api/v1/titles", "127.0.0.2"),
        }
        time.sleep(hold_s - 2.0)
        after = {
            "server_descriptors": server.open_descriptors(),
            "kernel_sockets_on_port": server_side_sockets(server.port),
        }
        results = [outcome(h) for h in holders]
        cpu = server.cpu_seconds() - cpu_before
        log = server.log_text()
    finally:
        server.stop()
    ended = [r["ended_after_s"]["max"] for r in results if r["ended_after_s"]["max"] is not None]
    return {
        "connections_opened": opened,
        "held_to_the_end": sum(r["held_to_end"] for r in results),
        "ended_by_server": sum(r["ended_by_server"] for r in results),
        "last_ended_after_s": max(ended, default=None),
        "seconds_to_open_all": max(r["open_seconds"] for r in results),
        "server_cpu_seconds": round(cpu, 2),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "during_flood": during,
        "near_the_end_of_the_hold": after,
        "server_log_lines": len(log.splitlines()),
        "server_log_bytes": len(log.encode()),
        "tracebacks_in_log": log.count("Traceback"),
    }


#: The measurements by name (``--parts``), in the order they run.
PARTS = {
    "baseline": baseline,
    "documents": documents,
    "bomb": bomb,
    "hostile": hostile,
    "ratings": ratings,
    "catalog": catalog_part,
    "upload": upload,
    "highlights": highlights,
    "slow_clients": slow_clients,
}


def run(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for name in options.parts.split(","):
        figures.update(PARTS[name.strip()](options, work))
    return figures


def catalog(work: Path, rows: int) -> dict[str, Any]:
    """``kansou catalog import`` of a MAL-format CSV of ``rows`` rows (real rows, new ids)."""
    probe = subprocess.run(
        kansou(work / "probe.sqlite", "catalog", "import", "--help"), capture_output=True
    )
    if probe.returncode != 0:
        return {"skipped": "this build has no 'kansou catalog import' command"}
    import csv as csv_module
    import gzip

    source = ROOT / ".." / "shared" / "data" / "catalog" / "mal-anime-2024.csv.gz"
    if not source.exists():
        return {"skipped": f"{source} is missing"}
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        reader = csv_module.DictReader(handle)
        header, real = reader.fieldnames or [], list(reader)
    big = work / "catalog.csv"
    with big.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_module.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for i in range(rows):
            row = dict(real[i % len(real)])
            row["uid"] = str(1_000_000 + i)
            row["title"] = f"{row['title']} ({i})"
            writer.writerow(row)
    result = measured(kansou(work / "catalog.sqlite", "catalog", "import", str(big)))
    return {
        "rows": rows,
        "csv_bytes": big.stat().st_size,
        "ok": result["exit"] == 0,
        "seconds": result["seconds"],
        "peak_rss_mb": result["peak_rss_mb"],
        "stderr_tail": result["stderr_tail"][-160:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes, to check the script.")
    parser.add_argument("--bomb-mb", type=int, default=1_000, help="Bomb size inflated (MB).")
    parser.add_argument("--ratings-rows", type=int, default=5_000_000, help="Rows to import.")
    parser.add_argument(
        "--catalog-rows",
        type=int,
        default=100_000,
        help="Catalog rows to import (MAL format, real rows replicated with new ids).",
    )
    parser.add_argument(
        "--highlights", type=int, default=10_000, help="Distinct ?hl= requests to send."
    )
    parser.add_argument(
        "--idle-connections", type=int, default=20_000, help="Idle connections to open."
    )
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"Comma-separated measurements to run (default all: {','.join(PARTS)}).",
    )
    args = parser.parse_args()
    unknown = [p for p in args.parts.split(",") if p.strip() not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}: expected {', '.join(PARTS)}")
    with tempfile.TemporaryDirectory(prefix="kansou-limits-") as tmp:
        figures = run(args, Path(tmp))
    print(json.dumps(figures))


if __name__ == "__main__":
    os.environ.setdefault("COLUMNS", "200")
    main()
