"""``/docs``: Swagger UI over ``/openapi.json``, from kansou's own static files (no CDN, no
inline script: the initialiser is ``/static/swagger-init.js``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

router = APIRouter()


@router.get("/docs", include_in_schema=False)
async def api_docs(request: Request) -> Response:
    return request.app.state.templates.TemplateResponse(request, "docs.html", {})
