"""Full-ingest throughput on real pages, against trafilatura in the same run.

The pages: the MyAnimeList corpus (``shared/corpus/**/*.html``, read by the site adapter),
the database pages of nine other sites (``shared/sites/**/*.html``, read by the
structured and general routes), and the 190 web excerpts of 164 sites
(``shared/corpus/web/*.txt``, plain text read by general extraction; trafilatura is given
the same bytes, so its figure there is only a reference). kansou's figure covers
everything a user waits for: read, decode, clean, classify, extract (structured data +
site adapter or general rules), link and store in a fresh SQLite file. trafilatura's
figure is ``trafilatura.extract()`` on the same page bytes (text extraction only, nothing
stored). Each set is timed on its own, and the HTML sets together.

    python benchmarks/ingest.py [--repeat 3] [--shared ../shared]

The last line printed is one JSON object with ``kansou_pages_per_s``,
``trafilatura_pages_per_s`` and ``ratio`` for all HTML pages, and the same per set;
``reading_ratio`` is trafilatura's time over kansou's decode, clean and extract alone
(nothing stored), which tells the reading from the storing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from kansou.model import Document
from kansou.pipeline import ingest_items, long_lived_frozen, process_or_reject
from kansou.store import open_store

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


#: The page sets timed: (folder of ``shared/``, file pattern, media type).
PAGE_SETS = {
    "corpus": ("corpus", "**/*.html", "text/html"),
    "sites": ("sites", "**/*.html", "text/html"),
    "web": ("corpus/web", "[0-9]*.txt", "text/plain"),
}
#: The sets whose pages are HTML, timed together as "all" (the 3x target is on HTML).
HTML_SETS = ("corpus", "sites")

Page = tuple[str, bytes, str]


def set_pages(shared: Path, name: str) -> list[Page]:
    folder, pattern, media_type = PAGE_SETS[name]
    pages = sorted((shared / folder).glob(pattern))
    if not pages:
        raise SystemExit(f"no {pattern} under {shared / folder}: pass --shared")
    return [(str(p), p.read_bytes(), media_type) for p in pages]


def time_kansou(pages: list[Page]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.sqlite"))
        docs = [Document(source, raw, media) for source, raw, media in pages]
        start = time.perf_counter()
        report = ingest_items(docs, store)
        elapsed = time.perf_counter() - start
        store.close()
    stored = report.count("stored")
    if stored + len(report.rejected) != len(pages):
        raise SystemExit(f"kansou stored {stored} of {len(pages)} pages")
    return elapsed


def time_reading(pages: list[Page]) -> float:
    """Seconds of decode, clean and extract alone (``pipeline.process``, nothing stored):
    where a set's time goes when full ingest is slow."""
    docs = [Document(source, raw, media) for source, raw, media in pages]
    start = time.perf_counter()
    with long_lived_frozen():  # as ingest_items reads a batch
        for doc in docs:
            process_or_reject(doc)
    return time.perf_counter() - start


def time_trafilatura(pages: list[Page]) -> float:
    import trafilatura

    start = time.perf_counter()
    for _source, raw, _media in pages:
        trafilatura.extract(raw)
    return time.perf_counter() - start


def measure(pages: list[Page], repeat: int) -> dict[str, float]:
    """Medians of ``repeat`` rounds, each timing kansou, its reading alone and trafilatura
    one after the other, and the figures derived from them. The ratios are medians of each
    round's own ratio: on a shared machine the load drifts between rounds, and a ratio of
    two runs seconds apart is steadier than one of medians taken a minute apart."""
    megabytes = sum(len(raw) for _, raw, _ in pages) / 1e6
    rounds = [
        (time_kansou(pages), time_reading(pages), time_trafilatura(pages)) for _ in range(repeat)
    ]
    kansou_s = statistics.median(k for k, _, _ in rounds)
    reading_s = statistics.median(r for _, r, _ in rounds)
    trafilatura_s = statistics.median(t for _, _, t in rounds)
    return {
        "pages": len(pages),
        "megabytes": round(megabytes, 2),
        "kansou_s": round(kansou_s, 3),
        "kansou_pages_per_s": round(len(pages) / kansou_s, 1),
        "kansou_mb_per_s": round(megabytes / kansou_s, 2),
        "reading_s": round(reading_s, 3),
        "reading_ratio": round(statistics.median(t / r for _, r, t in rounds), 2),
        "trafilatura_s": round(trafilatura_s, 3),
        "trafilatura_pages_per_s": round(len(pages) / trafilatura_s, 1),
        "ratio": round(statistics.median(t / k for k, _, t in rounds), 2),
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("trafilatura", "selectolax", "lxml", "sqlalchemy")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median counts")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    sets = {name: set_pages(args.shared, name) for name in PAGE_SETS}
    html = [page for name in HTML_SETS for page in sets[name]]
    result: dict[str, Any] = measure(html, args.repeat)
    result["versions"] = _versions()  # the ratio moves with trafilatura's own speed
    for name, pages in sets.items():
        result[name] = measure(pages, args.repeat)
    for name, figures in [("all HTML", result)] + [(n, result[n]) for n in sets]:
        print(
            f"{name}: kansou full ingest {figures['kansou_pages_per_s']} pages/s "
            f"({figures['kansou_mb_per_s']} MB/s) on {figures['pages']} pages, "
            f"{figures['megabytes']} MB; trafilatura.extract "
            f"{figures['trafilatura_pages_per_s']} pages/s; ratio {figures['ratio']}x "
            f"(reading alone, nothing stored: {figures['reading_ratio']}x)"
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
