"""Speed of ``iter_warc_documents`` against bare warcio (and fastwarc when installed).

Builds a WARC from every HTML page of ``shared/corpus`` repeated ``--copies``
times (each copy under its own URL), gzipped and not, then reads every page
back three ways in the same process:

- kansou: ``iter_warc_documents`` (member-by-member bounded inflate, digest
  checks, damage detection, one Document per page with its SHA-256), and the
  same with ``verify_digests=False``;
- warcio: a bare ``ArchiveIterator`` loop reading each HTML response payload,
  with none of those checks: the floor kansou's checks are measured against;
- fastwarc: its ``ArchiveIterator`` over responses with HTTP parsing, when the
  package is importable (it is not a dependency; this answers whether it
  would be worth one).

The last line printed is one JSON object.

    python benchmarks/warc_read.py [--copies 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from kansou.load.warc import iter_warc_documents, write_warc
from kansou.model import Document

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPUS = SHARED / "corpus"


def build(path: Path, copies: int) -> int:
    pages = [(p, p.read_bytes()) for p in sorted(CORPUS.rglob("*.html"))]
    rows = (
        (f"https://example.test/{n}/{p.relative_to(CORPUS).as_posix()}", body, "text/html")
        for n in range(copies)
        for p, body in pages
    )
    return write_warc(path, rows)


def read_kansou(path: Path) -> tuple[int, int]:
    docs = [d for d in iter_warc_documents(path) if isinstance(d, Document)]
    return len(docs), sum(len(d.raw) for d in docs)


def read_kansou_unverified(path: Path) -> tuple[int, int]:
    docs = [d for d in iter_warc_documents(path, verify_digests=False) if isinstance(d, Document)]
    return len(docs), sum(len(d.raw) for d in docs)


def read_warcio(path: Path) -> tuple[int, int]:
    count = size = 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                continue
            if "html" not in (record.http_headers.get_header("Content-Type") or ""):
                continue
            size += len(record.content_stream().read())
            count += 1
    return count, size


def read_fastwarc(path: Path) -> tuple[int, int]:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from fastwarc.warc import WarcRecordType

    count = size = 0
    with path.open("rb") as handle:
        for record in FastIterator(handle, record_types=WarcRecordType.response, parse_http=True):
            if "html" not in (record.http_content_type or ""):
                continue
            size += len(record.reader.read())
            count += 1
    return count, size


def best_of(reader: Callable[[Path], tuple[int, int]], path: Path, runs: int) -> dict[str, float]:
    best = float("inf")
    count = size = 0
    for _ in range(runs):
        start = time.perf_counter()
        count, size = reader(path)
        best = min(best, time.perf_counter() - start)
    return {
        "pages": count,
        "seconds": round(best, 4),
        "pages_per_s": round(count / best, 1),
        "mb_per_s": round(size / best / 1e6, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"needs the shared corpus at {CORPUS.resolve()}", file=sys.stderr)
        return 2
    try:
        import fastwarc  # noqa: F401

        readers = {"fastwarc": read_fastwarc}
    except ImportError:
        readers = {}
    readers = {
        "kansou": read_kansou,
        "kansou_nodigest": read_kansou_unverified,
        "warcio": read_warcio,
        **readers,
    }
    figures: dict[str, object] = {"copies": args.copies}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("corpus.warc.gz", "corpus.warc"):
            path = Path(tmp) / name
            records = build(path, args.copies)
            kind = "gz" if name.endswith(".gz") else "plain"
            figures[f"{kind}_file_mb"] = round(path.stat().st_size / 1e6, 1)
            figures[f"{kind}_records"] = records
            for label, reader in readers.items():
                result = best_of(reader, path, args.runs)
                print(f"{kind:5} {label:8} {result}", file=sys.stderr)
                figures[f"{kind}_{label}_pages_per_s"] = result["pages_per_s"]
                figures[f"{kind}_{label}_mb_per_s"] = result["mb_per_s"]
            figures[f"{kind}_kansou_vs_warcio"] = round(
                float(figures[f"{kind}_kansou_pages_per_s"])  # type: ignore[arg-type]
                / float(figures[f"{kind}_warcio_pages_per_s"]),  # type: ignore[arg-type]
                2,
            )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
