"""Issue 16: hostile clients against a real ``kansou serve`` on loopback.

What a user would notice is asserted: the server's peak memory (read from
/proc), the status a refused client gets, how soon a normal request is
answered while the server is flooded, and what the log says (one line per
client and reason, no traceback). The full-size figures are measured by
``benchmarks/limits.py --parts upload,highlights,slow_clients``.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.reliability.clients import (
    MB,
    ServedKansou,
    hold_connections,
    outcome,
    ready,
    streamed,
    timed_get,
)
from tests.reliability.conftest import run_kansou

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="reads peak memory from Linux /proc"
)
TOKEN = "clients-token"
#: Growth of the server's peak RSS allowed while it refuses a 100 MB body: the
#: buffers of one request (uvicorn reads 64 KB at a time). It grew 295 MB before.
UPLOAD_GROWTH_MB = 25


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clients")
    page = folder / "review.txt"
    page.write_text(
        "Starfall Academy review\nRating: 7/10\n" + "The story moves fast. " * 100_000,
        encoding="utf-8",
    )
    db = folder / "k.sqlite"
    done = run_kansou(db, "ingest", str(page))
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def server(db: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ServedKansou]:
    args = getattr(request, "param", ())
    served = ServedKansou(db, tmp_path / "serve.log", *args, token=TOKEN)
    yield served
    served.stop()


def test_a_100_mb_unauthenticated_body_costs_the_server_almost_nothing(
    server: ServedKansou,
) -> None:
    url = f"{server.url}/api/v1/documents"
    before = server.rss_mb()
    server.reset_peak()
    with ThreadPoolExecutor(1) as pool:
        probe = pool.submit(lambda: [timed_get(f"{server.url}/api/v1/titles") for _ in range(5)])
        declared = httpx.post(url, content=streamed(100 * MB), timeout=60,
                              headers={"content-length": str(100 * MB)})  # fmt: skip
        chunked = httpx.post(url, content=streamed(100 * MB), timeout=60)
        gets = probe.result()
    assert declared.status_code == 413
    assert "100,000,000 bytes declared" in declared.json()["error"]
    assert chunked.status_code == 401
    assert server.peak_mb() - before < UPLOAD_GROWTH_MB, (before, server.peak_mb())
    assert all(status == 200 and seconds < 1 for status, seconds in gets), gets


@pytest.mark.parametrize("server", [("--cache-mb", "8")], indirect=True)
def test_distinct_highlight_requests_hold_memory_to_the_cache_budget(
    server: ServedKansou,
) -> None:
    """Each ``?hl=`` of this 2 MB document is a 2 MB highlighted copy; 120 of them once took
    240 MB more. The cache may hold 8 MB; the rest is one request's working memory."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        client.get("/documents/1?hl=0-5")
        before = server.rss_mb()
        server.reset_peak()
        for i in range(120):
            assert client.get(f"/documents/1?hl={i}-{i + 30}").status_code == 200
    assert server.peak_mb() - before < 8 + 40, (before, server.peak_mb())


SLOW = ("--header-timeout", "3", "--max-connections", "150", "--max-connections-per-client", "30")


@pytest.mark.parametrize("server", [SLOW], indirect=True)
def test_idle_and_slow_connections_neither_fill_the_server_nor_keep_a_client_out(
    server: ServedKansou,
) -> None:
    holders = [hold_connections(server.port, 150, kind, 8) for kind in ("nothing", "partial")]
    holders += [hold_connections(server.port, 60, "drip", 8, drip=0.5)]
    holders += [hold_connections(server.port, 40, "nothing", 8, f"127.0.1.{i}") for i in (1, 2, 3)]
    assert sum(ready(h) for h in holders) == 480
    deadline = time.monotonic() + 1.5  # accepts still queued settle, long before timeouts
    while server.open_descriptors() >= 150 + 40 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.open_descriptors() < 150 + 40
    for source in ("127.0.0.1", "127.0.0.2"):
        status, seconds = timed_get(f"{server.url}/api/v1/titles", source)
        assert status == 200 and seconds < 1, (source, status, seconds)
    results = [outcome(h) for h in holders]
    assert sum(r["held_to_end"] for r in results) == 0, results
    assert max(r["ended_after_s"]["max"] for r in results) < 3 + 2, results
    log = server.log_text()
    assert "Traceback" not in log
    assert "127.0.0.1: closed: no complete request head within 3 s" in log
    assert (
        "127.0.0.1: closed an idle connection to admit a newer one: 30 connections open from "
        "this address (--max-connections-per-client 30)"
    ) in log
    assert len(log.splitlines()) <= 12, log  # one line per address and reason


@pytest.mark.parametrize(
    "server", [("--max-connections-per-client", "2", "--body-timeout", "2")], indirect=True
)
def test_when_every_connection_is_busy_a_newcomer_gets_a_503_and_bodies_time_out(
    server: ServedKansou,
) -> None:
    stalled = []
    for _ in range(2):
        conn = socket.create_connection(("127.0.0.1", server.port))
        conn.sendall(
            b"POST /api/v1/documents HTTP/1.1\r\nHost: k\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\n".encode()
            + b'{"body": "'
        )
        stalled.append(conn)
    time.sleep(0.3)
    with socket.create_connection(("127.0.0.1", server.port)) as third:
        third.settimeout(5)
        assert third.recv(100).startswith(b"HTTP/1.1 503 Service Unavailable")
    started = time.monotonic()
    for conn in stalled:
        conn.settimeout(10)
        while conn.recv(4096):
            pass
        conn.close()
    assert time.monotonic() - started < 2 + 1.5
    log = server.log_text()
    assert (
        "127.0.0.1: refused a connection: 2 connections open from this address, all answering "
        "requests (--max-connections-per-client 2)"
    ) in log
    assert "127.0.0.1: closed: request body not received within 2 s" in log
    assert "Traceback" not in log
