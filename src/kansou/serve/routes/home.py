"""Home page (titles and a search box) and the title list API (``/api/v1/titles?q=``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kansou.serve.context import context
from kansou.serve.responses import DEFAULT_PER_PAGE, html_page, json_ok, page_of
from kansou.serve.views import search_page, title_list

router = APIRouter()


#: Titles listed per page of the home page.
HOME_PAGE_SIZE = 100


@router.get("/", include_in_schema=False)
async def home_html(request: Request, page: int = 1) -> Response:
    ctx = context(request)
    titles = await ctx.cached("titles", lambda: title_list(ctx.store))
    counts = await ctx.cached("counts", ctx.store.counts)
    shown, meta = page_of(titles, page, HOME_PAGE_SIZE)
    values = {"titles": shown, "counts": counts, "pages": meta}
    return html_page(request, await ctx.generation(), "home.html", values)


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
