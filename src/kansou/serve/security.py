"""Response hardening and the write token.

Decisions:

- Every response carries ``CONTENT_SECURITY_POLICY`` (scripts only from
  kansou's own ``/static``, no inline script, no plugins, no framing),
  ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``.
  Data for charts and JSON-LD travels in non-executing ``<script type=
  "application/json">`` blocks, written with ``script_json``.
- ``script_json`` escapes ``<``, ``>``, ``&`` and the JavaScript line
  separators as ``\\uXXXX``, so a scraped ``</script>`` cannot close the block.
- Only ``http``/``https`` URLs become links; anything else (``javascript:``,
  ``data:``) is shown as text.
- Writes need ``Authorization: Bearer <token>`` matching the operator's
  token (compared in constant time); with no token configured, writes answer
  403 and say how to enable them.
"""

from __future__ import annotations

import hmac
import json
from typing import Any
from urllib.parse import urlparse

from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kansou.serve import TOKEN_ENV
from kansou.serve.errors import ApiError

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response (cheap: no body copy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def script_json(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/…json">``: no way to close the tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(_SCRIPT_ESCAPES))


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain ``http``/``https``; ``None`` for anything a link must not be."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def require_token(configured: str | None, authorization: str | None) -> None:
    """Raise 403 when writes are disabled, 401 when the bearer token is missing or wrong."""
    if not configured:
        raise ApiError(
            f"writes are disabled: the operator has not set {TOKEN_ENV}; "
            f"start the server with {TOKEN_ENV}=<secret> to enable them",
            403,
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), configured.encode()
    ):
        raise ApiError(
            "a valid bearer token is required: send 'Authorization: Bearer <token>'",
            401,
            {"WWW-Authenticate": "Bearer"},
        )
