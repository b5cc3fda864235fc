"""Browse ``/browse?season=&studio=&genre=&sort=`` and ``/api/v1/browse``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kansou.serve.context import ServeContext, context
from kansou.serve.responses import DEFAULT_PER_PAGE, html_page, json_ok, page_of
from kansou.store.queries import SORTS, browse, browse_rows, facets

router = APIRouter()
SORT = Query("consensus", description=f"One of: {', '.join(SORTS)}.")


async def browse_data(
    ctx: ServeContext, season: str | None, studio: str | None, genre: str | None, sort: str
) -> dict[str, Any]:
    rows = await ctx.cached("browse_rows", lambda: browse_rows(ctx.store))
    picked = browse(rows, season=season, studio=studio, genre=genre, sort=sort)
    return {
        "filters": {"season": season, "studio": studio, "genre": genre, "sort": sort},
        "facets": asdict(facets(rows)),
        "sorts": list(SORTS),
        "titles": [asdict(r) for r in picked],
    }


#: Titles per page of the browse page (a full catalog lists tens of thousands).
BROWSE_PAGE_SIZE = 100


@router.get("/browse", include_in_schema=False)
async def browse_html(
    request: Request,
    season: str | None = None,
    studio: str | None = None,
    genre: str | None = None,
    sort: str = SORT,
    page: int = 1,
) -> Response:
    ctx = context(request)
    data = await browse_data(ctx, season or None, studio or None, genre or None, sort)
    shown, meta = page_of(data["titles"], page, BROWSE_PAGE_SIZE)
    filters = {k: v for k, v in data["filters"].items() if v}

    def query_for(n: int) -> str:
        return urlencode({**filters, "page": n})

    values = {
        **data,
        "titles": shown,
        "total": meta["total"],
        "pages": meta,
        "query_for": query_for,
    }
    return html_page(request, await ctx.generation(), "browse.html", {"b": values})


@router.get("/api/v1/browse", tags=["titles"], summary="Browse by season, studio, genre")
async def browse_json(
    request: Request,
    season: str | None = None,
    studio: str | None = None,
    genre: str | None = None,
    sort: str = SORT,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> Response:
    ctx = context(request)
    data = await browse_data(ctx, season or None, studio or None, genre or None, sort)
    items, meta = page_of(data.pop("titles"), page, per_page)
    return json_ok(request, await ctx.generation(), {**data, "titles": items}, **meta)
