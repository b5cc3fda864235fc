"""Per-title rating statistics over tens of millions of rows: kansou against plain DuckDB.

1. Generate ``--rows`` rating rows (default 50M) by replicating the real MAL
   list entries (``mal-user-animelists-2023``: scores, watching statuses,
   episodes) with noise: each copy gets new user ids, every score moves by
   -1/0/+1 at random (clipped to 1-10). DuckDB writes them straight to
   Parquet; no row becomes a Python object.
2. Import that table through ``kansou ratings import``'s code path
   (``RatingsStore.import_file``: streamed Arrow batches into the store).
3. Per-title count, mean, std, 1-10 histogram, completion and drop counts:
   once through kansou (``all_title_stats_arrow``), once as the same query
   typed straight into DuckDB over the same Parquet file. Each run is a fresh
   process (so its peak RSS is its own); the two alternate which goes first,
   ``--repeat`` times. ``ratings_vs_duckdb`` is the median of the paired
   ratios (each pair ran back to back, under the same machine load).

Last line: JSON with ``rows``, ``kansou_s``, ``duckdb_s``, ``ratings_vs_duckdb``
(kansou / DuckDB time), ``peak_rss_mb`` (kansou's stats process) and the import
figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
LISTS = SHARED / "data" / "ratings" / "mal-user-animelists-2023.csv.gz"

#: The statistics query as a user would type it into DuckDB.
TYPED_QUERY = """
SELECT anime_id, count(*) AS entries, count(rating) AS count, avg(rating) AS mean,
       stddev_samp(rating) AS std,
       count(*) FILTER (WHERE rating = 1) AS h1, count(*) FILTER (WHERE rating = 2) AS h2,
       count(*) FILTER (WHERE rating = 3) AS h3, count(*) FILTER (WHERE rating = 4) AS h4,
       count(*) FILTER (WHERE rating = 5) AS h5, count(*) FILTER (WHERE rating = 6) AS h6,
       count(*) FILTER (WHERE rating = 7) AS h7, count(*) FILTER (WHERE rating = 8) AS h8,
       count(*) FILTER (WHERE rating = 9) AS h9, count(*) FILTER (WHERE rating = 10) AS h10,
       count(*) FILTER (WHERE status = 2) AS completed,
       count(*) FILTER (WHERE status = 4) AS dropped,
       count(*) FILTER (WHERE status IS NOT NULL AND status <> 6) AS with_status
FROM read_parquet('{path}')
GROUP BY anime_id
"""


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def generate(target: Path, rows: int) -> int:
    """Write ``rows`` noisy replicas of the real list entries to ``target`` with DuckDB."""
    import duckdb

    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    base = con.execute(f"SELECT count(*) FROM read_csv('{LISTS}')").fetchone()
    assert base is not None
    copies = -(-rows // int(base[0]))
    con.execute(f"""
        COPY (
            SELECT user_id + c.i * 10000000 AS user_id, anime_id,
                   CASE WHEN score BETWEEN 1 AND 10
                        THEN least(10, greatest(1, score + floor(random() * 3)::INT - 1))
                   END::TINYINT AS rating,
                   watching_status::TINYINT AS status, watched_episodes::INTEGER AS episodes
            FROM read_csv('{LISTS}') CROSS JOIN range({copies}) AS c(i)
            LIMIT {rows}
        ) TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
    """)
    return rows


def _peak_mb() -> float:
    """This process's peak RSS: VmHWM, which (unlike ru_maxrss) starts afresh at exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(store_dir: str, parquet: str, queue: mp.Queue) -> None:
    from kansou.ratings.store import RatingsStore

    start = time.perf_counter()
    table = RatingsStore(Path(store_dir)).import_file(Path(parquet))
    queue.put({"s": time.perf_counter() - start, "rows": table.rows, "rss": _peak_mb()})


def child_kansou(store_dir: str, queue: mp.Queue) -> None:
    from kansou.ratings.stats import all_title_stats_arrow
    from kansou.ratings.store import RatingsStore

    start = time.perf_counter()
    result = all_title_stats_arrow(RatingsStore(Path(store_dir)))
    queue.put({"s": time.perf_counter() - start, "titles": result.num_rows, "rss": _peak_mb()})


def child_duckdb(parquet: str, queue: mp.Queue) -> None:
    import duckdb

    start = time.perf_counter()
    result = duckdb.connect().sql(TYPED_QUERY.format(path=parquet)).to_arrow_table()
    queue.put({"s": time.perf_counter() - start, "titles": result.num_rows, "rss": _peak_mb()})


def in_child(target, *args: object) -> dict:  # type: ignore[no-untyped-def]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    if not LISTS.is_file():
        sys.exit(f"missing {LISTS}: the benchmark needs ../shared")
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        source = work / "generated.parquet"
        start = time.perf_counter()
        generate(source, args.rows)
        log(f"generated {args.rows:,} rows in {time.perf_counter() - start:.1f}s")
        store_dir = work / "store"
        imported = in_child(child_import, str(store_dir), str(source))
        log(f"imported in {imported['s']:.1f}s, peak {imported['rss']:.0f} MB")
        stored = next(store_dir.glob("*.parquet"))
        kansou, duck = [], []
        for i in range(args.repeat):
            runs = [(kansou, child_kansou, str(store_dir)), (duck, child_duckdb, str(stored))]
            for results, child, arg in runs if i % 2 == 0 else runs[::-1]:
                results.append(in_child(child, arg))
            log(f"kansou {kansou[-1]['s']:.2f}s  duckdb {duck[-1]['s']:.2f}s")
    assert kansou[0]["titles"] == duck[0]["titles"]
    k = statistics.median(r["s"] for r in kansou)
    d = statistics.median(r["s"] for r in duck)
    paired = statistics.median(a["s"] / b["s"] for a, b in zip(kansou, duck, strict=True))
    print(
        json.dumps(
            {
                "rows": imported["rows"],
                "titles": kansou[0]["titles"],
                "kansou_s": round(k, 3),
                "duckdb_s": round(d, 3),
                "ratings_vs_duckdb": round(paired, 3),
                "kansou_min_s": round(min(r["s"] for r in kansou), 3),
                "duckdb_min_s": round(min(r["s"] for r in duck), 3),
                "load_avg_1m": round(os.getloadavg()[0], 2),
                "peak_rss_mb": round(max(r["rss"] for r in kansou), 1),
                "duckdb_peak_rss_mb": round(max(r["rss"] for r in duck), 1),
                "import_s": round(imported["s"], 2),
                "import_rows_per_s": round(imported["rows"] / imported["s"]),
                "import_peak_rss_mb": round(imported["rss"], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
