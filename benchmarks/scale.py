"""Scale benchmarks: Dask ingest scaling, kansou against a warcio + trafilatura loop, stores.

Parts (``--parts``, all by default):

- ``scaling``: the 34 corpus pages written as WARC responses, replicated to
  ``--responses`` (default 5,000) with one HTML comment appended per copy so
  every copy hashes differently, in ``--shards`` .warc.gz files (crawls come
  as many WARC files; kansou makes one task per file). Ingested into a fresh
  store (``--store``: PostgreSQL by default, where every worker writes, the
  deployment meant to scale; SQLite has one writer, the client, by design)
  three ways: kansou's plain single-process loop (``pipeline.ingest_items``
  over ``iter_warc_documents``), a Dask cluster of 1 worker and one of 2
  workers (``ingest_distributed``, with kansou's ``ENGINE_CONFIG``).
  ``scaling_efficiency`` = pages/s with 2 workers / (2 x pages/s with 1).
  ``engine_overhead`` = the CPU seconds the 1-worker run spends (client,
  scheduler and worker together) over those of the plain loop, minus 1: what
  Dask, pickling and shipping results cost, however busy the machine is;
  ``engine_overhead_wall`` compares wall times.
- ``trafilatura``: the same WARC shards read by a warcio loop calling
  ``trafilatura.extract`` on every page, the way Common Crawl jobs are
  usually written (on the first ``--trafilatura-copies`` copies of the corpus
  in them, the same page mix, as trafilatura takes ~1 s a page here).
  ``vs_trafilatura_loop`` = kansou's pages per CPU-second in the 2-worker
  run / the loop's pages per CPU-second (per core; kansou's figure includes
  storing every document, the loop stores nothing).
- ``stores``: the corpus pages ingested by the plain pipeline into a fresh
  SQLite file and a fresh PostgreSQL database (``--pg-url``'s server);
  documents/s for both.
- ``ratings``: runs ``benchmarks/ratings_scale.py`` (another part's script)
  and reports its ``ratings_vs_duckdb`` and ``rows``; null when it is absent.

Wall-clock figures depend on what else the machine runs; the load average
before and after each part is printed and kept in the JSON. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CORPUS = SHARED / "corpus"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Run:
    """One timed ingest: pages read, wall seconds, CPU seconds of every process involved."""

    pages: int
    wall_s: float
    cpu_s: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s

    @property
    def pages_per_cpu_s(self) -> float:
        return self.pages / self.cpu_s


def tree_cpu() -> float:
    """CPU seconds used so far by this process and its live children (Dask workers)."""
    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system
    return total


def load() -> float:
    return round(os.getloadavg()[0], 2)


# -- the corpus as WARC shards ---------------------------------------------------------


def corpus_pages() -> list[tuple[str, bytes]]:
    if not CORPUS.exists():
        sys.exit(f"error: ../shared is missing ({CORPUS}): clone shared/ beside the repository")
    return [
        (p.relative_to(CORPUS).as_posix(), p.read_bytes()) for p in sorted(CORPUS.rglob("*.html"))
    ]


def replicated(pages: list[tuple[str, bytes]], responses: int) -> Iterator[tuple[str, bytes, str]]:
    """``responses`` pages: copy k of each page ends with ``<!-- copy k -->``."""
    for i in range(responses):
        copy, (name, body) = divmod(i, len(pages))[0], pages[i % len(pages)]
        url = f"https://myanimelist.net/{name}?copy={copy}"
        yield url, body + f"\n<!-- copy {copy} -->\n".encode(), "text/html"


def write_shards(workdir: Path, responses: int, shards: int) -> list[Path]:
    from kansou.load.warc import write_warc

    pages = list(replicated(corpus_pages(), responses))
    paths = []
    for s in range(shards):
        path = workdir / f"corpus-{s:03d}.warc.gz"
        write_warc(path, pages[s::shards])
        paths.append(path)
    return paths


# -- databases ---------------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str, workdir: Path, pg_url: str) -> Iterator[str]:
    """A new, empty SQLite file or PostgreSQL database (dropped afterwards)."""
    if kind == "sqlite":
        yield str(workdir / f"bench-{uuid.uuid4().hex[:8]}.sqlite")
        return
    import psycopg

    name = f"kansou_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url.rpartition("/")[0] + "/" + name
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the three ingests -----------------------------------------------------------------


def run_plain(shards: list[Path], db: str) -> Run:
    from kansou.load.warc import iter_warc_documents
    from kansou.pipeline import ingest_items
    from kansou.store import open_store

    store = open_store(db)
    cpu, wall = tree_cpu(), time.perf_counter()
    report = ingest_items(chain.from_iterable(iter_warc_documents(p) for p in shards), store)
    run = Run(len(report.outcomes), time.perf_counter() - wall, tree_cpu() - cpu)
    store.close()
    return run


def run_cluster(shards: list[Path], db: str, workers: int) -> tuple[Run, float]:
    """Ingest on a fresh local cluster; returns the run and the cluster's start-up seconds."""
    from distributed import Client

    from kansou.distributed import ingest_distributed
    from kansou.distributed.ingest import local_cluster

    started = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("kansou.distributed.work"))
        startup = time.perf_counter() - started
        cpu, wall = tree_cpu(), time.perf_counter()
        report = ingest_distributed(
            [str(p) for p in shards], db, scheduler=cluster.scheduler_address
        )
        run = Run(len(report.outcomes), time.perf_counter() - wall, tree_cpu() - cpu)
    return run, startup


def run_trafilatura(shards: list[Path], copies: int) -> Run:
    """The usual Common Crawl loop: warcio over the records, trafilatura on each page."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    pages = 0
    cpu, wall = tree_cpu(), time.perf_counter()
    for path in shards:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                body = record.content_stream().read()
                if int(uri.rsplit("copy=", 1)[1]) >= copies:
                    continue
                trafilatura.extract(body)
                pages += 1
    return Run(pages, time.perf_counter() - wall, tree_cpu() - cpu)


# -- stores and ratings ----------------------------------------------------------------


def run_store(db: str) -> Run:
    from kansou.pipeline import ingest
    from kansou.store import open_store

    store = open_store(db)
    cpu, wall = tree_cpu(), time.perf_counter()
    report = ingest([str(CORPUS)], store)
    run = Run(report.count("stored"), time.perf_counter() - wall, tree_cpu() - cpu)
    store.close()
    return run


def run_stores(workdir: Path, pg_url: str) -> dict[str, object]:
    """The corpus into a fresh SQLite file and a fresh PostgreSQL database: documents/s."""
    out: dict[str, object] = {}
    for kind in ("sqlite", "postgresql"):
        try:
            with fresh_database(kind, workdir, pg_url) as db:
                run = run_store(db)
        except Exception as exc:  # no server: the figure is missing, the reason printed
            print(f"stores: {kind}: {exc}", file=sys.stderr)
            out[f"{kind}_docs_per_s"] = None
            continue
        out[f"{kind}_docs_per_s"] = round(run.pages_per_s, 2)
        out[f"{kind}_docs_per_cpu_s"] = round(run.pages_per_cpu_s, 2)
        out["stores_documents"] = run.pages
    return out


def run_ratings(quick: bool) -> dict[str, object]:
    """``ratings_vs_duckdb`` and ``rows`` from ``benchmarks/ratings_scale.py``, if present."""
    script = ROOT / "benchmarks" / "ratings_scale.py"
    if not script.exists():
        return {"ratings_vs_duckdb": None, "rows": None, "ratings_note": "ratings_scale.py absent"}
    args = ["--rows", "2000000", "--repeat", "1"] if quick else []
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )
    lines = done.stdout.strip().splitlines()
    try:
        figures = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"ratings_vs_duckdb": None, "rows": None, "ratings_note": tail}
    return {"ratings_vs_duckdb": figures.get("ratings_vs_duckdb"), "rows": figures.get("rows")}


# -- main ------------------------------------------------------------------------------


def scaling_part(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    shards = write_shards(workdir, args.responses, args.shards)
    print(f"wrote {args.responses} responses in {len(shards)} WARC shards", file=sys.stderr)
    runs: dict[str, Run] = {}
    startup: dict[str, float] = {}
    for name in args.order.split(","):
        before = load()
        with fresh_database(args.store, workdir, args.pg_url) as db:
            if name == "plain":
                runs[name] = run_plain(shards, db)
            else:
                workers = int(name.removeprefix("dask"))
                runs[name], startup[name] = run_cluster(shards, db, workers)
        print(f"{name}: {asdict(runs[name])}, {runs[name].pages_per_s:.2f} pages/s, "
              f"load {before} -> {load()}", file=sys.stderr)  # fmt: skip
    plain, one, two = runs["plain"], runs["dask1"], runs["dask2"]
    out: dict[str, object] = {
        "responses": args.responses,
        "scaling_store": args.store,
        "plain_pages_per_s": round(plain.pages_per_s, 2),
        "dask1_pages_per_s": round(one.pages_per_s, 2),
        "dask2_pages_per_s": round(two.pages_per_s, 2),
        "scaling_efficiency": round(two.pages_per_s / (2 * one.pages_per_s), 3),
        "engine_overhead": round(one.cpu_s / plain.cpu_s - 1, 3),
        "engine_overhead_wall": round(plain.pages_per_s / one.pages_per_s - 1, 3),
        "cluster_startup_s": {k: round(v, 2) for k, v in startup.items()},
        "kansou_pages_per_cpu_s": round(two.pages_per_cpu_s, 2),
    }
    if "trafilatura" in args.parts:
        loop = run_trafilatura(shards, args.trafilatura_copies)
        print(f"trafilatura loop: {asdict(loop)}", file=sys.stderr)
        out["trafilatura_pages"] = loop.pages
        out["trafilatura_pages_per_s"] = round(loop.pages_per_s, 2)
        out["vs_trafilatura_loop"] = round(two.pages_per_cpu_s / loop.pages_per_cpu_s, 2)
        out["vs_trafilatura_loop_wall"] = round((two.pages_per_s / 2) / loop.pages_per_s, 2)
    return out


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="scaling,trafilatura,stores,ratings")
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument("--shards", type=int, default=16)
    parser.add_argument("--trafilatura-copies", type=int, default=3)
    parser.add_argument(
        "--store", choices=("postgresql", "sqlite"), default="postgresql",
        help="store of the scaling runs (PostgreSQL: every worker writes; SQLite: one writer)",
    )  # fmt: skip
    parser.add_argument("--order", default="plain,dask1,dask2", help="order of the scaling runs")
    parser.add_argument("--pg-url", default=os.environ.get("KANSOU_TEST_PG_URL", PG_URL))
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 340 responses")
    args = parser.parse_args()
    if args.quick:
        args.responses, args.shards, args.trafilatura_copies = 340, 4, 1
    return args


def main() -> None:
    args = parse_args()
    figures: dict[str, object] = {
        "scaling_efficiency": None,
        "engine_overhead": None,
        "vs_trafilatura_loop": None,
        "ratings_vs_duckdb": None,
        "rows": None,
        "cpus": os.cpu_count(),
        "load_at_start": load(),
    }
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        workdir = Path(tmp)
        if "scaling" in args.parts:
            figures.update(scaling_part(args, workdir))
        if "stores" in args.parts:
            figures.update(run_stores(workdir, args.pg_url))
    if "ratings" in args.parts:
        figures.update(run_ratings(args.quick))
    figures["load_at_end"] = load()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
