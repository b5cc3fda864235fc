"""Resource limits, measured: the largest document kansou accepts, a WARC gzip bomb, deep
nesting, regex-hostile lines, and imports of millions of rows, each in a fresh
``python -m kansou`` (or ``python -c``) child whose peak RSS comes from ``wait4``.

The baseline, run first in this same script, is ingesting the four bundled seed
pages: every other figure reads against it. The last line is one JSON object.

    python benchmarks/limits.py                 # full sizes (a few minutes)
    python benchmarks/limits.py --quick         # small sizes, to check the script
    python benchmarks/limits.py --parts catalog --catalog-rows 1000000   # one measurement
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


#: The measurements by name (``--parts``), in the order they run.
PARTS = {
    "baseline": baseline,
    "documents": documents,
    "bomb": bomb,
    "hostile": hostile,
    "ratings": ratings,
    "catalog": catalog_part,
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
