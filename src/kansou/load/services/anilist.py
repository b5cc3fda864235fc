"""AniList's GraphQL API: one POST per anime, the query kept in ``queries/media.graphql``.

AniList documents 90 requests a minute (30 while it runs degraded, which its
``X-RateLimit-Limit`` header then says; the session follows the header). An
unknown id is answered 404 with ``{"data": {"Media": null}}``; GraphQL errors
in a 200 answer are refused with their message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files

from kansou.errors import DocumentRejected
from kansou.load.services.base import Service, error_message, json_body
from kansou.load.services.client import ServiceRequest, ServiceSession, Window
from kansou.load.services.refs import SERVICE_LABELS, ServiceRef
from kansou.model import Document, Rejection

QUERY_FILE = "media.graphql"


def media_query() -> str:
    """The GraphQL text of the media query, as shipped in the package."""
    return files("kansou.load.services").joinpath("queries", QUERY_FILE).read_text("utf-8")


class AniList(Service):
    """AniList (graphql.anilist.co): scores, distributions, rankings, reviews and more."""

    name = "anilist"
    label = SERVICE_LABELS["anilist"]
    env_base = "KANSOU_ANILIST_URL"
    default_base = "https://graphql.anilist.co"
    windows = (Window(90, 60.0),)

    def documents(self, session: ServiceSession, ref: ServiceRef) -> Iterator[Document | Rejection]:
        variables = {"id": int(ref.anime_id)}
        payload = {"query": media_query(), "variables": variables}
        request = ServiceRequest(
            ref,
            "media",
            "POST",
            self.base,
            json.dumps(payload, separators=(",", ":")).encode("utf-8"),
            (("Content-Type", "application/json"), ("Accept", "application/json")),
            shown=f"{QUERY_FILE} {json.dumps(variables)}",
        )
        yield self.ask(session, request, lambda a: self._media(json_body(a, self.label), ref)).item

    def _media(self, body: object, ref: ServiceRef) -> object:
        data = body.get("data") if isinstance(body, dict) else None
        media = data.get("Media") if isinstance(data, dict) else None
        if isinstance(media, dict):
            return media
        message = error_message(json.dumps(body).encode("utf-8"))
        if not message or "not found" in message.lower():
            raise self.not_found(ref)
        raise DocumentRejected(f"{self.label} answered an error: {message}")
