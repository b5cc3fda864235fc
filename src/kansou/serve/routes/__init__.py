"""Routes, one module per page; each module serves the HTML page and its ``/api/v1/`` twin."""

from __future__ import annotations

from fastapi import APIRouter

from kansou.serve.routes import apidocs, browse, documents, home, people, search, titles

ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    titles.router,
    search.router,
    browse.router,
    documents.router,
    people.router,
    apidocs.router,
)
