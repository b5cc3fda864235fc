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
from kansou.pipeline import ingest_items, process_or_reject
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
    """Median seconds of ``repeat`` runs of each, and the figures derived from them."""
    megabytes = sum(len(raw) for _, raw, _ in pages) / 1e6
    kansou_s = statistics.median(time_kansou(pages) for _ in range(repeat))
    reading_s = statistics.median(time_reading(pages) for _ in range(repeat))
    trafilatura_s = statistics.median(time_trafilatura(pages) for _ in range(repeat))
    return {
        "pages": len(pages),
        "megabytes": round(megabytes, 2),
        "kansou_s": round(kansou_s, 3),
        "kansou_pages_per_s": round(len(pages) / kansou_s, 1),
        "kansou_mb_per_s": round(megabytes / kansou_s, 2),
        "reading_s": round(reading_s, 3),
        "reading_ratio": round(trafilatura_s / reading_s, 2),
        "trafilatura_s": round(trafilatura_s, 3),
        "trafilatura_pages_per_s": round(len(pages) / trafilatura_s, 1),
        "ratio": round(trafilatura_s / kansou_s, 2),
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
