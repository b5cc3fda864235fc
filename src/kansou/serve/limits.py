"""What one request may cost the server, bounded before anything is read or looked up.

Decisions:

- every route has a body size limit (``ServeLimits.body_limit``): the
  document upload takes up to ``document_body_bytes`` (20 MB by default, the
  size of the largest document kansou stores; ``kansou serve --max-body-mb``),
  every other route ``OTHER_BODY_BYTES``, since none of them reads a body. A
  request whose ``Content-Length`` passes its route's limit is answered 413 by
  ``BodyLimits`` before routing, authentication or any read;
- the upload route checks the bearer token first, then reads the body as a
  stream (``read_body``), refusing it once the bytes read pass the limit, so a
  body without a ``Content-Length`` (chunked) is bounded too;
- cached answers are bounded in bytes (``cache_bytes``, ``--cache-mb``), not in
  entries: one entry can be a 4 MB document's highlighted text;
- an id outside what the database's integer keys hold is "not found", never
  sent to the database (``storable_id``).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kansou.load.files import MAX_DOCUMENT_BYTES
from kansou.serve.errors import ApiError, error_body
from kansou.store import Store

MB = 1_000_000
#: Body bytes accepted by routes that read none (every route but the upload): a
#: stray body of a client's is let through without being read, a large one refused.
OTHER_BODY_BYTES = 65_536
#: Bytes of cached answers kept by default. The largest title page of the corpus
#: (429 reviews) takes about 6 MB as cached data and HTML together; a 4 MB
#: document's highlighted text about 5 MB: 128 MB keeps a few dozen of them.
DEFAULT_CACHE_BYTES = 128 * MB
#: Largest id the database's INTEGER primary keys hold, by SQLAlchemy dialect
#: (64-bit in SQLite, 32-bit in PostgreSQL).
ID_MAX = {"sqlite": 2**63 - 1, "postgresql": 2**31 - 1}
#: The routes that read a body: (method, path) -> the ``ServeLimits`` field of their limit.
BODY_ROUTES = {("POST", "/api/v1/documents"): "document_body_bytes"}


@dataclass(frozen=True)
class ServeLimits:
    """How much one request may make the server hold (see the module docstring)."""

    document_body_bytes: int = MAX_DOCUMENT_BYTES
    cache_bytes: int = DEFAULT_CACHE_BYTES

    def body_limit(self, method: str, path: str) -> int:
        """The most body bytes a request to ``method path`` may send."""
        field = BODY_ROUTES.get((method, path.rstrip("/") or "/"))
        return int(getattr(self, field)) if field else OTHER_BODY_BYTES


def too_large(limit: int, size: str) -> ApiError:
    return ApiError(
        f"request body too large: {size} (this route takes at most {limit:,} bytes)", 413
    )


class BodyLimits:
    """ASGI middleware answering 413 when a declared ``Content-Length`` passes the route's
    limit, before the request reaches routing, authentication or any read of its body."""

    def __init__(self, app: ASGIApp, limits: ServeLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit = self.limits.body_limit(scope["method"], scope["path"])
            declared = _content_length(scope)
            if declared is not None and declared > limit:
                refused = too_large(limit, f"{declared:,} bytes declared")
                body = error_body(refused.status, refused.message, [])
                response = JSONResponse(body, refused.status, headers={"Connection": "close"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read as it streams in and refused (413) past ``limit`` bytes."""
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise too_large(limit, f"more than {limit:,} bytes sent")
    except ClientDisconnect as exc:
        raise ApiError("the client closed the connection before sending its body", 400) from exc
    return bytes(body)


def storable_id(store: Store, value: int) -> bool:
    """Whether ``value`` fits the database's integer keys (else no row can have it)."""
    top = ID_MAX.get(store.engine.dialect.name, ID_MAX["postgresql"])
    return -top - 1 <= value <= top
