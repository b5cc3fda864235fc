"""Routes, one module per page; each module serves the HTML page and its ``/api/v1/`` twin."""

from __future__ import annotations

from fastapi import APIRouter

from kansou.serve.routes import apidocs, browse, documents, home, people, search, titles

#: Title routes first: they are the busiest, and routes are matched in order.
ROUTERS: tuple[APIRouter, ...] = (
    titles.router,
    home.router,
    search.router,
    browse.router,
    documents.router,
    people.router,
    apidocs.router,
)
