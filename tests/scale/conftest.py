"""A real Dask cluster on loopback shared by the scale tests, and a page server whose
requests can kill the worker process that made them."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psutil
import pytest
from distributed import Client, LocalCluster

PAGE = (
    b"<html><head><title>Cowboy Bebop review</title></head><body><h1>Cowboy Bebop</h1>"
    b"<p>Studio: Sunrise</p><p>Episodes: 26</p><p>Score: 9/10</p></body></html>"
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A scheduler with two single-threaded worker processes on 127.0.0.1; its address."""
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as local:
        yield local.scheduler_address


class KillingServer(ThreadingHTTPServer):
    """Serves ``PAGE`` at any path, after killing the worker process asking for the first
    ``kills`` requests (found by its TCP connection), as a crash while reading would."""

    daemon_threads = True

    def __init__(self, kills: int) -> None:
        super().__init__(("127.0.0.1", 0), KillingHandler)
        self.kills_left = kills
        self.killed: list[int] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def kill_requester(self, port: int) -> bool:
        with self.lock:
            if self.kills_left <= 0:
                return False
            self.kills_left -= 1
        for conn in psutil.net_connections(kind="tcp"):
            if conn.laddr and conn.laddr.port == port and conn.pid not in (None, os.getpid()):
                self.killed.append(conn.pid)
                os.kill(conn.pid, signal.SIGKILL)
                return True
        return False


class KillingHandler(BaseHTTPRequestHandler):
    server: KillingServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        if self.server.kill_requester(self.client_address[1]):
            return
        body = PAGE if self.path != "/robots.txt" else b"User-agent: *\nAllow: /\n"
        self.send_response(200)
        ctype = "text/html" if self.path != "/robots.txt" else "text/plain"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def killing_server(kills: int) -> Iterator[KillingServer]:
    server = KillingServer(kills)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def kill_once() -> Iterator[KillingServer]:
    yield from killing_server(1)


@pytest.fixture
def kill_always() -> Iterator[KillingServer]:
    yield from killing_server(1_000)


def client_of(address: str) -> Client:
    return Client(address, timeout="20s")
