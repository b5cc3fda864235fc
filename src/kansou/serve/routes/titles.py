"""Title page ``/titles/{id}`` and its API: ``/api/v1/titles/{id}`` with reviews, episodes,
aspects and recommendations as sub-resources; ``/titles/{id}/catalog`` shows what every
imported catalog says about the title, each fact with its file and line."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from kansou.serve.context import ServeContext, context
from kansou.serve.jsonld import title_jsonld
from kansou.serve.responses import (
    DEFAULT_PER_PAGE,
    dump,
    html_page,
    json_bytes_response,
    json_ok,
    not_modified,
    page_of,
    validators,
)
from kansou.serve.views import catalog_page, title_page

router = APIRouter()


async def title_data(ctx: ServeContext, title_id: int) -> dict[str, Any]:
    return await ctx.cached(("title", title_id), lambda: title_page(ctx.store, title_id))


@router.get("/titles/{title_id}", include_in_schema=False)
async def title_html(request: Request, title_id: int) -> Response:
    ctx = context(request)
    headers = validators(request, await ctx.generation())
    cached = not_modified(request, headers)
    if cached is not None:
        return cached
    base = f"{request.scope.get('scheme', 'http')}://{request.headers.get('host', 'localhost')}"
    title = await title_data(ctx, title_id)

    def render() -> bytes:
        page_url = f"{base}/titles/{title_id}"
        values = {"request": request, "t": title, "jsonld": title_jsonld(title, page_url)}
        return request.app.state.templates.get_template("title.html").render(values).encode()

    html = await ctx.cached(("title_html", title_id, base), render)
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


@router.get("/api/v1/titles/{title_id}", tags=["titles"], summary="A title's reception")
async def title_json(request: Request, title_id: int) -> Response:
    ctx = context(request)
    data = await title_data(ctx, title_id)
    body = await ctx.cached(("title_json", title_id), lambda: dump({"ok": True, "data": data}))
    return json_bytes_response(request, await ctx.generation(), body)


@router.get("/api/v1/titles/{title_id}/reviews", tags=["titles"], summary="A title's reviews")
async def title_reviews(
    request: Request, title_id: int, page: int = 1, per_page: int = DEFAULT_PER_PAGE
) -> Response:
    ctx = context(request)
    title = await title_data(ctx, title_id)
    items, meta = page_of(title["reviews"], page, per_page)
    return json_ok(request, await ctx.generation(), items, **meta)


@router.get("/api/v1/titles/{title_id}/episodes", tags=["titles"], summary="Episode scores")
async def title_episodes(request: Request, title_id: int) -> Response:
    ctx = context(request)
    title = await title_data(ctx, title_id)
    return json_ok(request, await ctx.generation(), title["episodes_list"])


@router.get("/api/v1/titles/{title_id}/aspects", tags=["titles"], summary="Aspect scores")
async def title_aspects(request: Request, title_id: int) -> Response:
    ctx = context(request)
    title = await title_data(ctx, title_id)
    data = {"aspects": title["aspects"], "points": title["points"]}
    return json_ok(request, await ctx.generation(), data)


@router.get("/api/v1/titles/{title_id}/recommendations", tags=["titles"], summary="Similar titles")
async def title_recommendations(request: Request, title_id: int) -> Response:
    ctx = context(request)
    title = await title_data(ctx, title_id)
    data = {"similar": title["similar_titles"], "recommendations": title["recommendations"]}
    return json_ok(request, await ctx.generation(), data)


@router.get("/titles/{title_id}/catalog", include_in_schema=False)
async def title_catalog_html(request: Request, title_id: int) -> Response:
    ctx = context(request)
    data = await ctx.cached(("catalog", title_id), lambda: catalog_page(ctx.store, title_id))
    return html_page(request, await ctx.generation(), "catalog.html", {"c": data})


@router.get("/api/v1/titles/{title_id}/catalog", tags=["titles"], summary="Catalog facts")
async def title_catalog_json(request: Request, title_id: int) -> Response:
    ctx = context(request)
    data = await ctx.cached(("catalog", title_id), lambda: catalog_page(ctx.store, title_id))
    return json_ok(request, await ctx.generation(), data)
