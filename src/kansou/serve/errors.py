"""The one place HTTP errors are rendered: one JSON shape for the API, one page for people.

Every error (a ``KansouError`` with its ``status``, an HTTP error, a request
that fails validation, an unexpected exception) becomes
``{"ok": false, "error": message, "errors": [details], "status": code}``
under ``/api/``, and the same message on an HTML error page elsewhere. An
unexpected exception's text is never shown: it may hold paths or data.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from kansou.errors import KansouError

log = logging.getLogger(__name__)


class ApiError(KansouError):
    """An error with an explicit HTTP status, raised by routes (403 writes disabled...)."""

    def __init__(
        self, message: str, status: int = 400, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def error_parts(exc: Exception) -> tuple[int, str, list[dict[str, Any]]]:
    """``(status, message, details)`` for any exception a route can raise."""
    if isinstance(exc, KansouError):
        return exc.status, exc.message, []
    if isinstance(exc, RequestValidationError):
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg"))}
            for e in exc.errors()
        ]
        where = ", ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details)
        return 422, f"invalid request ({where})", details
    if isinstance(exc, HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page"
        return exc.status_code, message, []
    log.exception("unexpected error while serving a request")
    return 500, "internal error: the server could not answer this request", []


def error_body(status: int, message: str, details: list[dict[str, Any]]) -> dict[str, Any]:
    return {"ok": False, "error": message, "errors": details, "status": status}


async def handle_error(request: Request, exc: Exception) -> Response:
    status, message, details = error_parts(exc)
    headers = getattr(exc, "headers", None) or {}
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, details), status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "details": details},
        status_code=status,
        headers=headers,
    )


def install_error_handler(app: FastAPI) -> None:
    for kind in (KansouError, HTTPException, RequestValidationError, Exception):
        app.add_exception_handler(kind, handle_error)
