"""Peak memory of the load stage on compression bombs: a WARC record and an HTTP body.

Each case runs in a fresh child process (so peak RSS is its own) and reports
the child's peak RSS above its RSS just before the call:

- ``warc``: a .warc.gz whose one page record inflates to ``--gb`` GB of zeros
  (about 1 MB on disk per GB), followed by a normal page;
- ``http``: a local server on 127.0.0.1 answering with ``--gb`` GB of zeros
  gzip-encoded; fetched with the default 20 MB cap.

The baseline, in the same run, is the size of what was refused: a reader that
inflates first and checks afterwards needs at least that much memory. The last
line printed is one JSON object.

    python benchmarks/load_bombs.py [--gb 1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kansou.load.url import fetch_documents
from kansou.load.warc import iter_warc_documents, write_warc

BLOCK = b"\0" * 1_000_000


def gzip_zeros(total: int) -> Iterator[bytes]:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for start in range(0, total, len(BLOCK)):
        yield packer.compress(BLOCK[: total - start])
    yield packer.flush()


def bomb_warc(path: Path, total: int) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.test/\r\n"
        "WARC-Record-ID: <urn:uuid:bomb>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + total}\r\n\r\n"
    ).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with path.open("wb") as handle:
        handle.write(packer.compress(head + http))
        for start in range(0, total, len(BLOCK)):
            handle.write(packer.compress(BLOCK[: total - start]))
        handle.write(packer.compress(b"\r\n\r\n") + packer.flush())
    tail = path.parent / "tail.warc.gz"
    write_warc(tail, [("http://after.test/", b"<html><body>after</body></html>", "text/html")])
    with path.open("ab") as handle:
        handle.write(tail.read_bytes())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_warc(path: str, out: multiprocessing.Queue) -> None:
    before, start = peak_mb(), time.perf_counter()
    results = [str(r)[-90:] for r in iter_warc_documents(Path(path))]
    out.put((peak_mb() - before, time.perf_counter() - start, results))


def run_http(total: int, out: multiprocessing.Queue) -> None:
    class Bomb(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            try:
                for part in gzip_zeros(total):
                    self.wfile.write(part)
            except (BrokenPipeError, ConnectionResetError):
                return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Bomb)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/bomb"
    with tempfile.TemporaryDirectory() as cache:
        before, start = peak_mb(), time.perf_counter()
        results = [
            str(r) for r in fetch_documents([url], cache_dir=Path(cache), allow_private=True)
        ]
        out.put((peak_mb() - before, time.perf_counter() - start, results))
    server.shutdown()


def in_child(target: Callable[..., None], *args: object) -> tuple[float, float, list[str]]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=target, args=(*args, queue))
    child.start()
    result = queue.get(timeout=600)
    child.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=1.0)
    args = parser.parse_args()
    total = int(args.gb * 1e9)
    figures: dict[str, object] = {"inflated_mb": round(total / 1e6)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.warc.gz"
        bomb_warc(path, total)
        figures["warc_file_mb"] = round(path.stat().st_size / 1e6, 2)
        rss, seconds, results = in_child(run_warc, str(path))
        print("warc:", results, file=sys.stderr)
        figures.update(warc_peak_rss_mb=round(rss, 1), warc_seconds=round(seconds, 2))
        figures["warc_results"] = len(results)
    rss, seconds, results = in_child(run_http, total)
    print("http:", results, file=sys.stderr)
    figures.update(http_peak_rss_mb=round(rss, 1), http_seconds=round(seconds, 2))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
