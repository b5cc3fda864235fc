"""Serve stage: the web UI (server-rendered Jinja2) and its JSON twin under ``/api/v1/``.

``create_app`` builds the FastAPI application over one store; ``run_server``
serves it with uvicorn. Every page is one library call rendered twice: as
HTML for people and as JSON for programs.
"""

from __future__ import annotations

import gc
import os

#: Environment variable holding the bearer token that enables write endpoints.
TOKEN_ENV = "KANSOU_API_TOKEN"


def run_server(db: str | None, host: str, port: int, *, token_env: str = TOKEN_ENV) -> None:
    """Serve the UI and API on ``db`` until interrupted; writes need ``$token_env``."""
    import uvicorn

    from kansou.serve.app import create_app

    app = create_app(db, token=os.environ.get(token_env) or None)
    gc.collect()
    gc.freeze()  # what is loaded by now lives as long as the server: keep it out of GC scans
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


__all__ = ["TOKEN_ENV", "run_server"]
