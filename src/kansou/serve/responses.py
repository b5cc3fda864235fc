"""JSON and HTML responses with validators: ETag and Last-Modified from the store's generation.

An answer depends only on the request's path and query and on what is
stored, so its ETag is the generation plus a hash of the path and query: a
client that sends ``If-None-Match`` with it gets ``304 Not Modified`` and no
body until something new is stored.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kansou.store.queries import Generation

#: Most items one page of a list may hold; ``per_page`` above it is refused.
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def etag_for(target: str, tag: str) -> str:
    """Not cached: a client picks ``target`` (up to a 16 KB request line), and hashing a
    short one costs about a microsecond."""
    digest = hashlib.blake2b(target.encode(), digest_size=8).hexdigest()
    return f'W/"{tag}-{digest}"'


def validators(request: Request, gen: Generation) -> dict[str, str]:
    target = request.scope["path"] + "?" + request.scope["query_string"].decode("latin-1")
    headers = {"ETag": etag_for(target, gen.tag), "Cache-Control": "no-cache"}
    if gen.http_date is not None:
        headers["Last-Modified"] = gen.http_date
    return headers


def not_modified(request: Request, headers: dict[str, str]) -> Response | None:
    """A 304 when the client's ``If-None-Match`` names the current ETag."""
    given = request.headers.get("if-none-match")
    if given and headers["ETag"] in {t.strip() for t in given.split(",")} | {"*"}:
        return Response(status_code=304, headers=headers)
    return None


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def json_bytes_response(request: Request, gen: Generation, body: bytes) -> Response:
    headers = validators(request, gen)
    return not_modified(request, headers) or Response(
        body, media_type="application/json", headers=headers
    )


def json_ok(request: Request, gen: Generation, data: Any, **extra: Any) -> Response:
    """``{"ok": true, "data": ..., **extra}`` with validators (304 when unchanged)."""
    headers = validators(request, gen)
    return not_modified(request, headers) or Response(
        dump({"ok": True, "data": data, **extra}), media_type="application/json", headers=headers
    )


def html_page(request: Request, gen: Generation, template: str, values: dict[str, Any]) -> Response:
    headers = validators(request, gen)
    cached = not_modified(request, headers)
    if cached is not None:
        return cached
    rendered = request.app.state.templates.get_template(template).render(
        {"request": request, **values}
    )
    return HTMLResponse(rendered, headers=headers)


def page_of(items: list[Any], page: int, per_page: int) -> tuple[list[Any], dict[str, Any]]:
    """One page of ``items`` and the pagination fields the API reports beside it."""
    from kansou.serve.errors import ApiError

    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(
            f"bad page {page} / per_page {per_page}: page counts from 1, "
            f"per_page is 1 to {MAX_PER_PAGE}",
            422,
        )
    start = (page - 1) * per_page
    total = len(items)
    pages = max(1, -(-total // per_page))
    meta = {"page": page, "per_page": per_page, "total": total, "pages": pages}
    return items[start : start + per_page], meta
