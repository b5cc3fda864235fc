"""The application factory: one FastAPI app over one store.

``create_app(db, token=...)`` opens the store (migrating it), mounts the
local static files, installs the security headers, the body size limits
(``kansou.serve.limits``) and the one error handler, and includes every
page's routes. OpenAPI is at ``/openapi.json`` and browsable at ``/docs``
with locally served Swagger UI assets.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from kansou import __version__
from kansou.serve import filters
from kansou.serve.context import ServeContext
from kansou.serve.errors import install_error_handler
from kansou.serve.head import HeadAsGet
from kansou.serve.limits import BodyLimits
from kansou.serve.routes import ROUTERS
from kansou.serve.security import SecurityHeaders, safe_url, script_json
from kansou.serve.settings import ServeLimits
from kansou.store import Store, open_store

HERE = Path(__file__).parent


def templates() -> Jinja2Templates:
    """Jinja2 with autoescaping on for every template, plus kansou's safe filters."""
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.autoescape = True
    env.env.filters["script_json"] = script_json
    env.env.filters["safe_url"] = safe_url
    env.env.filters["score"] = _score
    env.env.filters["number"] = _plain_number
    filters.install(env.env)
    return env


def _score(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _plain_number(value: float | None) -> str:
    """A number as a page wrote it (2.95, 5, 3.5): up to two decimals, no trailing zeros."""
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def create_app(
    db: str | None,
    *,
    token: str | None = None,
    store: Store | None = None,
    limits: ServeLimits | None = None,
) -> FastAPI:
    """The web UI and JSON API on ``db`` (or an open ``store``); writes need ``token``;
    ``limits`` bounds what one request may cost (defaults: ``ServeLimits()``)."""
    limits = limits or ServeLimits()
    app = FastAPI(
        title="kansou",
        version=__version__,
        description="What the web says about an anime, every score traced to its sentence.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.kansou = ServeContext(store or open_store(db), token=token, limits=limits)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in ROUTERS:
        app.include_router(router)
    install_error_handler(app)
    app.add_middleware(BodyLimits, limits=limits)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    return app
