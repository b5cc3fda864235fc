"""Person page ``/people/{id}`` (roles across titles) and ``/api/v1/people/{id}``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from kansou.serve.context import context
from kansou.serve.responses import html_page, json_ok
from kansou.serve.views import person_page

router = APIRouter()


@router.get("/people/{person_id}", include_in_schema=False)
async def person_html(request: Request, person_id: int) -> Response:
    ctx = context(request)
    data = await ctx.cached(("person", person_id), lambda: person_page(ctx.store, person_id))
    return html_page(request, await ctx.generation(), "person.html", {"p": data})


@router.get("/api/v1/people/{person_id}", tags=["people"], summary="A person's roles")
async def person_json(request: Request, person_id: int) -> Response:
    ctx = context(request)
    data = await ctx.cached(("person", person_id), lambda: person_page(ctx.store, person_id))
    return json_ok(request, await ctx.generation(), data)
