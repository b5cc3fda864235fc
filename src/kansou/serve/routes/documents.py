"""Source document view ``/documents/{id}``, its API twin (text with spans), and ingest
through the API (``POST /api/v1/documents``, bearer token required).

The upload's cost is bounded before it is paid: its ``Content-Length`` is
judged by ``BodyLimits``, the token is checked before a byte of the body is
read, the body is read as a stream up to the route's limit, and only then
parsed (in the thread pool). Text that is not valid Unicode (a lone surrogate
such as ``"\\ud800"``) is refused with a 422 naming its field.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError, field_validator
from starlette.responses import JSONResponse, Response

from kansou.load import is_service_source
from kansou.model import Document, IngestOutcome
from kansou.serve.context import ServeContext, context
from kansou.serve.documents import document_page, highlighted_text
from kansou.serve.errors import ApiError
from kansou.serve.limits import read_body
from kansou.serve.responses import html_page, json_ok
from kansou.serve.security import require_token

router = APIRouter()

#: Largest document body accepted through the API (characters).
MAX_BODY_CHARS = 5_000_000
MEDIA_TYPES = ("text/html", "text/plain")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class DocumentIn(BaseModel):
    """A page to ingest: either its ``body`` (with a ``source`` name) or a ``url`` to fetch."""

    url: str | None = Field(
        None, max_length=2000, description="An http(s) URL, fetched politely and safely."
    )
    body: str | None = Field(None, description="The page itself (HTML or plain text).")
    source: str | None = Field(None, max_length=500, description="Where the body came from.")
    media_type: str = Field("text/html", description="text/html or text/plain")

    @field_validator("url", "body", "source", "media_type", mode="before")
    @classmethod
    def valid_unicode(cls, value: Any) -> Any:
        """Refuse text that cannot be stored as UTF-8: a lone surrogate (``"\\ud800"``)."""
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(
                    f"text holds a lone surrogate (U+{ord(value[exc.start]):04X} at character "
                    f"{exc.start}), which is not valid Unicode: send text as UTF-8"
                ) from None
        return value


def parse_document(raw: bytes) -> DocumentIn:
    """The upload's JSON as a ``DocumentIn``, or a 422 naming each bad field.

    pydantic's JSON parser refuses a lone surrogate escape without naming the
    field; only when it fails on a body holding a surrogate escape is the body
    parsed again by ``json``, which keeps it, so that the field's validator can
    name the field.
    """
    try:
        return DocumentIn.model_validate_json(raw)
    except ValidationError as exc:
        if not _SURROGATE_ESCAPE.search(raw):
            raise _invalid(exc) from None
    try:
        return DocumentIn.model_validate(json.loads(raw))
    except ValidationError as exc:
        raise _invalid(exc) from None
    except ValueError as exc:  # not JSON after all
        invalid = {"loc": ("body",), "msg": f"Invalid JSON: {exc}", "type": "json_invalid"}
        raise RequestValidationError([invalid]) from None


def _invalid(exc: ValidationError) -> RequestValidationError:
    """The errors located as FastAPI locates a request body's (``body.<field>``)."""
    errors = exc.errors(include_url=False, include_input=False)
    return RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors])


#: The request body ``POST /api/v1/documents`` reads, for the OpenAPI description.
DOCUMENT_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": DocumentIn.model_json_schema()}},
        "description": "At most 20 MB by default (``kansou serve --max-body-mb``).",
    }
}
HIGHLIGHT = Query(
    None, pattern=r"^\d{1,9}-\d{1,9}$", description="A quoted range START-END to highlight."
)


@router.get("/documents/{document_id}", include_in_schema=False)
async def document_html(request: Request, document_id: int, hl: str | None = HIGHLIGHT) -> Response:
    ctx = context(request)
    data = await ctx.cached(("doc", document_id), lambda: document_page(ctx.store, document_id))
    quoted = quoted_range(hl, len(data["text"]))
    marked = await ctx.cached(
        ("doc_html", document_id, quoted),
        lambda: highlighted_text(ctx.store, document_id, quoted),
    )
    return html_page(
        request, await ctx.generation(), "document.html", {"d": data, "marked": marked}
    )


@router.get("/api/v1/documents/{document_id}", tags=["documents"], summary="Text and spans")
async def document_json(request: Request, document_id: int) -> Response:
    ctx = context(request)
    data = await ctx.cached(("doc", document_id), lambda: document_page(ctx.store, document_id))
    return json_ok(request, await ctx.generation(), data)


def quoted_range(hl: str | None, length: int) -> tuple[int, int] | None:
    """``?hl=START-END`` within the text (clipped to it), or ``None`` when it marks nothing."""
    if not hl:
        return None
    start, end = (min(int(x), length) for x in hl.split("-"))
    return (start, end) if start < end else None


@router.post(
    "/api/v1/documents",
    tags=["documents"],
    summary="Ingest a page (bearer token)",
    status_code=201,
    responses={
        200: {"description": "Already stored"},
        401: {"description": "No valid bearer token (checked before the body is read)"},
        403: {"description": "Writes disabled"},
        413: {"description": "Body larger than the route's limit"},
    },
    openapi_extra=DOCUMENT_BODY_DOC,
)
async def ingest_document(request: Request, authorization: str | None = Header(None)) -> Response:
    ctx = context(request)
    require_token(ctx.token, authorization)
    raw = await read_body(request, ctx.limits.document_body_bytes)
    page = await ctx.run(parse_document, raw)
    item = _document_from(page)
    outcome = await ctx.run(_ingest, ctx, item)
    if outcome.status == "rejected":
        raise ApiError(f"document rejected: {outcome.reason}", 422)
    body: dict[str, Any] = {
        "ok": True,
        "data": {
            "status": outcome.status,
            "document": outcome.document_id,
            "kind": outcome.kind,
            "n_claims": outcome.n_claims,
            "dropped": list(outcome.dropped),
            "links": {
                "html": f"/documents/{outcome.document_id}",
                "json": f"/api/v1/documents/{outcome.document_id}",
            },
        },
    }
    return JSONResponse(body, status_code=201 if outcome.status == "stored" else 200)


def _document_from(page: DocumentIn) -> Document | str:
    if (page.url is None) == (page.body is None):
        raise ApiError("send exactly one of 'body' (the page) or 'url' (to fetch)", 422)
    if page.url is not None:
        if not page.url.lower().startswith(("http://", "https://")) and not is_service_source(
            page.url
        ):
            raise ApiError(
                f"unsupported URL '{page.url[:100]}': expected http://, https:// "
                "or service:id (anilist:21, jikan:1, kitsu:1, anidb:69, mal:1)",
                422,
            )
        return page.url
    assert page.body is not None
    if page.media_type not in MEDIA_TYPES:
        raise ApiError(
            f"unknown media_type '{page.media_type[:40]}': expected {' or '.join(MEDIA_TYPES)}",
            422,
        )
    if len(page.body) > MAX_BODY_CHARS:
        raise ApiError(
            f"body too large ({len(page.body)} characters, at most {MAX_BODY_CHARS})", 413
        )
    source = f"api:{page.source or 'body'}"
    return Document(source=source, raw=page.body.encode("utf-8"), media_type=page.media_type)


def _ingest(ctx: ServeContext, item: Document | str) -> IngestOutcome:
    """One document through the pipeline, one writer at a time; caches see it at once."""
    from kansou.load import FetchOptions, iter_inputs
    from kansou.pipeline import ingest_items

    items = iter_inputs([item], FetchOptions()) if isinstance(item, str) else [item]
    with ctx.write_lock:
        report = ingest_items(items, ctx.store)
    ctx.invalidate()
    if not report.outcomes:
        return IngestOutcome(str(item), "rejected", reason="nothing could be read from the input")
    return report.outcomes[0]
