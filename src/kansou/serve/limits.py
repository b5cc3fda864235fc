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

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kansou.serve.errors import ApiError, error_body
from kansou.serve.settings import ServeLimits
from kansou.store import Store

#: Largest id the database's INTEGER primary keys hold, by SQLAlchemy dialect
#: (64-bit in SQLite, 32-bit in PostgreSQL).
ID_MAX = {"sqlite": 2**63 - 1, "postgresql": 2**31 - 1}


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
