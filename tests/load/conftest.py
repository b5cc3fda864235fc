"""A real HTTP server on 127.0.0.1 for the load tests: the corpus pages plus misbehaving routes.

Routes (all GET):
  /robots.txt                 ``server.robots`` as (status, text)
  /corpus/<path>              a file of ../shared/corpus, as text/html
  /page/<anything>            a small HTML page naming its path
  /redirect?to=URL            302 to URL
  /chain/<n>                  n redirects, then a page
  /flaky/<key>?fails=N&status=S&retry_after=R
                              S for the first N requests of <key>, then a page
  /huge?bytes=N&declare=1     N bytes of HTML streamed (Content-Length only if declare)
  /gzip-bomb?mb=N             N MB of zeros, gzip-encoded (a few KB on the wire)
  /type?ct=TYPE               a page served as TYPE (no Content-Type when TYPE is empty)
  /slow?chunks=N&delay=S      N small chunks, S seconds apart
  /truncated                  declares 1000 bytes, sends 15 and hangs up
  /host                       the Host header it was asked with, as HTML
  /status/<code>              that status with an HTML body
``server.hits`` counts requests per path (query excluded).
"""

from __future__ import annotations

import datetime
import gzip
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"


class PageServer(ThreadingHTTPServer):
    """The test server with its knobs and its request counts."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), PageHandler)
        self.robots: tuple[int, str] = (200, "User-agent: *\nDisallow: /private/\n")
        self.hits: Counter[str] = Counter()
        self.flaky: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class PageHandler(BaseHTTPRequestHandler):
    server: PageServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests assert on ``server.hits`` instead."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self.server.lock:
            self.server.hits[parts.path] += 1
        route = parts.path.strip("/").split("/", 1)
        handler = getattr(self, f"route_{route[0].replace('-', '_').replace('.', '_')}", None)
        if handler is None:
            self.send_body(404, b"<html><body>not here</body></html>")
            return
        handler(route[1] if len(route) > 1 else "", query)

    def send_body(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_robots_txt(self, rest: str, query: dict[str, str]) -> None:
        status, text = self.server.robots
        self.send_body(status, text.encode(), "text/plain")

    def route_corpus(self, rest: str, query: dict[str, str]) -> None:
        path = (CORPUS / rest).resolve()
        if not path.is_file() or CORPUS.resolve() not in path.parents:
            self.send_body(404, b"no such corpus file")
            return
        self.send_body(200, path.read_bytes())

    def route_page(self, rest: str, query: dict[str, str]) -> None:
        self.send_body(200, f"<html><body><p>page {rest}</p></body></html>".encode())

    def route_private(self, rest: str, query: dict[str, str]) -> None:
        self.route_page(rest, query)

    def route_redirect(self, rest: str, query: dict[str, str]) -> None:
        self.send_response(302)
        self.send_header("Location", query["to"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_chain(self, rest: str, query: dict[str, str]) -> None:
        hops = int(rest)
        if hops == 0:
            self.route_page("end-of-chain", query)
            return
        self.route_redirect("", {"to": f"/chain/{hops - 1}"})

    def route_flaky(self, rest: str, query: dict[str, str]) -> None:
        with self.server.lock:
            self.server.flaky[rest] += 1
            seen = self.server.flaky[rest]
        if seen > int(query.get("fails", "1")):
            self.route_page(f"flaky {rest} after {seen}", query)
            return
        self.send_response(int(query.get("status", "503")))
        if "retry_after" in query:
            self.send_header("Retry-After", query["retry_after"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_huge(self, rest: str, query: dict[str, str]) -> None:
        total = int(query["bytes"])
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if query.get("declare"):
            self.send_header("Content-Length", str(total))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_529 + b"</p>"
        try:
            for start in range(0, total, len(chunk)):
                self.wfile.write(chunk[: total - start])
        except (BrokenPipeError, ConnectionResetError):
            return

    def route_gzip_bomb(self, rest: str, query: dict[str, str]) -> None:
        body = gzip.compress(b"\0" * (int(query.get("mb", "50")) * 1_000_000), 9)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_gzipped(self, rest: str, query: dict[str, str]) -> None:
        body = gzip.compress(b"<html><body><p>compressed page</p></body></html>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_type(self, rest: str, query: dict[str, str]) -> None:
        self.send_body(200, b"<html><body><p>typed</p></body></html>", query.get("ct", ""))

    def route_slow(self, rest: str, query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(int(query.get("chunks", "20"))):
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
                time.sleep(float(query.get("delay", "0.2")))
        except (BrokenPipeError, ConnectionResetError):
            return

    def route_truncated(self, rest: str, query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"<html><body>cut")
        self.close_connection = True

    def route_host(self, rest: str, query: dict[str, str]) -> None:
        host = self.headers.get("Host", "")
        self.send_body(200, f"<html><body><p>asked for {host}</p></body></html>".encode())

    def route_status(self, rest: str, query: dict[str, str]) -> None:
        self.send_body(int(rest), b"<html><body>status page</body></html>")


@pytest.fixture
def server() -> Iterator[PageServer]:
    """A fresh page server per test, stopped at the end (tests may stop it earlier)."""
    httpd = PageServer()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class TlsFiles:
    """A throwaway CA and a server certificate it signed for ``TLS_HOST``."""

    ca_pem: bytes
    cert_file: Path
    key_file: Path


TLS_HOST = "pinned.test"


def make_tls_files(folder: Path) -> TlsFiles:
    """Issue a CA and a certificate for TLS_HOST with ``cryptography`` (skips if missing)."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def issue(subject: str, issuer: Any, key: Any, signer: Any, ca: bool) -> Any:
        now = datetime.datetime.now(datetime.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            names = x509.SubjectAlternativeName([x509.DNSName(subject)])
            builder = builder.add_extension(names, critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kansou test CA")])
    ca_cert = issue("kansou test CA", ca_name, ca_key, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue(TLS_HOST, ca_name, key, ca_key, ca=False)
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return TlsFiles(ca_cert.public_bytes(serialization.Encoding.PEM), cert_file, key_file)


@pytest.fixture
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PageServer, TlsFiles]]:
    """The page server behind TLS with a certificate for TLS_HOST, on 127.0.0.1."""
    files = make_tls_files(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(files.cert_file, files.key_file)
    httpd = PageServer()
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd, files
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus, or a skip saying where it was looked for."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}: the load tests need ../shared")
    return CORPUS
