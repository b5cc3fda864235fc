"""Source document view ``/documents/{id}``, its API twin (text with spans), and ingest
through the API (``POST /api/v1/documents``, bearer token required)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from kansou.load import is_service_source
from kansou.model import Document, IngestOutcome
from kansou.serve.context import ServeContext, context
from kansou.serve.documents import document_page, highlighted_text
from kansou.serve.errors import ApiError
from kansou.serve.responses import html_page, json_ok
from kansou.serve.security import require_token

router = APIRouter()

#: Largest document body accepted through the API (characters).
MAX_BODY_CHARS = 5_000_000
MEDIA_TYPES = ("text/html", "text/plain")


class DocumentIn(BaseModel):
    """A page to ingest: either its ``body`` (with a ``source`` name) or a ``url`` to fetch."""

    url: str | None = Field(None, description="An http(s) URL, fetched politely and safely.")
    body: str | None = Field(None, description="The page itself (HTML or plain text).")
    source: str | None = Field(None, max_length=500, description="Where the body came from.")
    media_type: str = Field("text/html", description="text/html or text/plain")


HIGHLIGHT = Query(
    None, pattern=r"^\d{1,9}-\d{1,9}$", description="A quoted range START-END to highlight."
)


@router.get("/documents/{document_id}", include_in_schema=False)
async def document_html(request: Request, document_id: int, hl: str | None = HIGHLIGHT) -> Response:
    ctx = context(request)
    data = await ctx.cached(("doc", document_id), lambda: document_page(ctx.store, document_id))
    quoted = tuple(int(x) for x in hl.split("-")) if hl else None
    marked = await ctx.cached(
        ("doc_html", document_id, quoted),
        lambda: highlighted_text(ctx.store, document_id, quoted),  # type: ignore[arg-type]
    )
    return html_page(
        request, await ctx.generation(), "document.html", {"d": data, "marked": marked}
    )


@router.get("/api/v1/documents/{document_id}", tags=["documents"], summary="Text and spans")
async def document_json(request: Request, document_id: int) -> Response:
    ctx = context(request)
    data = await ctx.cached(("doc", document_id), lambda: document_page(ctx.store, document_id))
    return json_ok(request, await ctx.generation(), data)


@router.post(
    "/api/v1/documents",
    tags=["documents"],
    summary="Ingest a page (bearer token)",
    status_code=201,
    responses={200: {"description": "Already stored"}, 403: {"description": "Writes disabled"}},
)
async def ingest_document(
    request: Request, page: DocumentIn, authorization: str | None = Header(None)
) -> Response:
    ctx = context(request)
    require_token(ctx.token, authorization)
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
