"""Serve stage: the web UI (server-rendered Jinja2) and its JSON twin under ``/api/v1/``.

``create_app`` builds the FastAPI application over one store; ``run_server``
serves it with uvicorn under kansou's timeouts and connection caps
(``kansou.serve.server``). Every page is one library call rendered twice: as
HTML for people and as JSON for programs.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kansou.serve.settings import ServeLimits, ServerLimits

#: Environment variable holding the bearer token that enables write endpoints.
TOKEN_ENV = "KANSOU_API_TOKEN"


def run_server(
    db: str | None,
    host: str,
    port: int,
    *,
    token_env: str = TOKEN_ENV,
    limits: ServeLimits | None = None,
    server_limits: ServerLimits | None = None,
) -> None:
    """Serve the UI and API on ``db`` until interrupted; writes need ``$token_env``.

    ``limits`` bounds what one request may cost the application (body sizes,
    cache bytes); ``server_limits`` the connections (timeouts, caps).
    """
    from kansou.serve.app import create_app
    from kansou.serve.server import serve_app

    app = create_app(db, token=os.environ.get(token_env) or None, limits=limits)
    gc.collect()
    gc.freeze()  # what is loaded by now lives as long as the server: keep it out of GC scans
    serve_app(app, host, port, server_limits)


__all__ = ["TOKEN_ENV", "run_server"]
