"""Home page (the latest season by consensus, the most divisive titles, the latest reviews
read) with its twin ``/api/v1/home``, and the title list API (``/api/v1/titles?q=``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kansou.serve.context import ServeContext, context
from kansou.serve.responses import DEFAULT_PER_PAGE, html_page, json_ok, page_of
from kansou.serve.views import home_page, search_page, title_list
from kansou.store.queries import browse_rows

router = APIRouter()


async def home_data(ctx: ServeContext) -> dict[str, Any]:
    rows = await ctx.cached("browse_rows", lambda: browse_rows(ctx.store))
    data = await ctx.cached("home", lambda: home_page(ctx.store, rows))
    counts = await ctx.cached("counts", ctx.store.counts)
    return {**data, "counts": counts}


@router.get("/", include_in_schema=False)
async def home_html(request: Request) -> Response:
    ctx = context(request)
    values = {"h": await home_data(ctx)}
    return html_page(request, await ctx.generation(), "home.html", values)


@router.get("/api/v1/home", tags=["titles"], summary="The home page's lists")
async def home_json(request: Request) -> Response:
    ctx = context(request)
    return json_ok(request, await ctx.generation(), await home_data(ctx))


@router.get("/api/v1/titles", tags=["titles"], summary="List or search titles")
async def titles_json(
    request: Request,
    q: str | None = Query(None, description="Search titles by name, alias (typos tolerated)."),
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> Response:
    ctx = context(request)
    titles = await ctx.cached("titles", lambda: title_list(ctx.store))
    if q:
        found = await ctx.cached(("search", q), lambda: search_page(ctx.store, q))
        wanted = [h["id"] for h in found["titles"]]
        by_id = {t["id"]: t for t in titles}
        titles = [by_id[i] for i in wanted if i in by_id]
    items, meta = page_of(titles, page, per_page)
    return json_ok(request, await ctx.generation(), items, **meta)
