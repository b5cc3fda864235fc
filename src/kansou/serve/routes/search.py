"""Search page ``/search?q=`` and ``/api/v1/search?q=``: titles, people and review text."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kansou.serve.context import context
from kansou.serve.responses import html_page, json_ok
from kansou.serve.views import search_page

router = APIRouter()
QUERY = Query("", max_length=200, description="Words to find; typos in names are tolerated.")


@router.get("/search", include_in_schema=False)
async def search_html(request: Request, q: str = QUERY) -> Response:
    ctx = context(request)
    found = await ctx.cached(("search", q), lambda: search_page(ctx.store, q))
    return html_page(request, await ctx.generation(), "search.html", {"s": found})


@router.get("/api/v1/search", tags=["search"], summary="Full-text search")
async def search_json(request: Request, q: str = QUERY) -> Response:
    ctx = context(request)
    found = await ctx.cached(("search", q), lambda: search_page(ctx.store, q))
    return json_ok(request, await ctx.generation(), found)
