"""The serve stage's limits, in a module of their own: ``kansou serve`` reads their
defaults for its options, and ``kansou --help`` must not import the web stack to do so
(``kansou.serve.limits`` and ``kansou.serve.server`` apply them)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kansou.load.files import MAX_DOCUMENT_BYTES

MB = 1_000_000
#: Body bytes accepted by routes that read none (every route but the upload): a
#: stray body of a client's is let through without being read, a large one refused.
OTHER_BODY_BYTES = 65_536
#: Bytes of cached answers kept by default. The largest title page of the corpus
#: (429 reviews) takes about 6 MB as cached data and HTML together; a 4 MB
#: document's highlighted text about 5 MB: 128 MB keeps a few dozen of them.
DEFAULT_CACHE_BYTES = 128 * MB
#: The routes that read a body: (method, path) -> the ``ServeLimits`` field of their limit.
BODY_ROUTES = {("POST", "/api/v1/documents"): "document_body_bytes"}
#: Descriptors kept out of the connection budget: the database files of the
#: connection pool (3 per SQLite connection), the listening socket, logs, imports.
RESERVED_DESCRIPTORS = 128


@dataclass(frozen=True)
class ServeLimits:
    """How much one request may make the server hold (see the module docstring)."""

    document_body_bytes: int = MAX_DOCUMENT_BYTES
    cache_bytes: int = DEFAULT_CACHE_BYTES

    def body_limit(self, method: str, path: str) -> int:
        """The most body bytes a request to ``method path`` may send."""
        field = BODY_ROUTES.get((method, path.rstrip("/") or "/"))
        return int(getattr(self, field)) if field else OTHER_BODY_BYTES


@dataclass(frozen=True)
class ServerLimits:
    """Timeouts and caps of the HTTP server; the defaults are ``kansou serve``'s.

    10 s for a request head is what a client on any working network needs
    (nginx allows 60 s, Apache 20-40 s); 60 s for a body lets a 20 MB upload
    through at 2.7 Mbit/s. 64 connections per address leave room for a
    browser's 6, a NAT's few users and the load tests' 32; 1,000 in all is far
    above what one kansou process answers at once.
    """

    header_timeout_s: float = 10.0
    body_timeout_s: float = 60.0
    keep_alive_s: int = 5
    max_connections: int = 1000
    max_connections_per_client: int = 64

    def within(self, descriptors: int) -> ServerLimits:
        """These limits with the caps lowered to what ``descriptors`` file descriptors allow."""
        budget = max(1, (descriptors - RESERVED_DESCRIPTORS) // 2)
        total = min(self.max_connections, budget)
        return replace(self, max_connections=total)
