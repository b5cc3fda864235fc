"""Kitsu's JSON:API (kitsu.app/api/edge): the anime with its genres, categories, productions
and relations included, following ``links.next`` page by page.

An unknown id is not a 404 on Kitsu: ``filter[id]`` answers an empty ``data``
list, which is read as "no such anime". Kitsu publishes no rate limit;
kansou keeps to 2 requests a second and reads at most ``MAX_PAGES`` pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any
from urllib.parse import urlencode

from kansou.load.services.base import Service, json_body
from kansou.load.services.client import Answer, ServiceRequest, ServiceSession, Window
from kansou.load.services.refs import SERVICE_LABELS, ServiceRef
from kansou.model import Document, Rejection

INCLUDE = "categories,genres,animeProductions.producer,mediaRelationships.destination"
#: Pages followed through ``links.next``: one anime is one page; the bound stops a loop.
MAX_PAGES = 5
HEADERS = (("Accept", "application/vnd.api+json"),)


def anime_url(base: str, anime_id: str) -> str:
    query = {
        "fields[categories]": "title",
        "fields[genres]": "name",
        "fields[producers]": "name",
        "filter[id]": anime_id,
        "include": INCLUDE,
        "page[number]": "1",
        "page[size]": "10",
    }
    return f"{base}/anime?{urlencode(query)}"


class Kitsu(Service):
    """Kitsu: averageRating, rating frequencies, popularity and rating ranks, productions."""

    name = "kitsu"
    label = SERVICE_LABELS["kitsu"]
    env_base = "KANSOU_KITSU_URL"
    default_base = "https://kitsu.app/api/edge"
    windows = (Window(2, 1.0),)

    def documents(self, session: ServiceSession, ref: ServiceRef) -> Iterator[Document | Rejection]:
        url: str | None = anime_url(self.base, ref.anime_id)
        for page in range(1, MAX_PAGES + 1):
            if url is None:
                return
            request = ServiceRequest(ref, "anime", "GET", url, None, HEADERS)
            asked = self.ask(session, request, partial(self._read, ref=ref, first=page == 1))
            yield asked.item
            if isinstance(asked.item, Rejection):
                return
            links = asked.body.get("links") if isinstance(asked.body, dict) else None
            url = _same_service(self.base, links.get("next") if isinstance(links, dict) else None)

    def _read(self, answer: Answer, ref: ServiceRef, first: bool) -> Any:
        """The answer's JSON; an empty first page is Kitsu's way of saying "no such anime"."""
        body = json_body(answer, self.label)
        if first and not (isinstance(body, dict) and body.get("data")):
            raise self.not_found(ref)
        return body


def _same_service(base: str, link: object) -> str | None:
    """A ``links.next`` the session may follow: Kitsu writes absolute links to its public
    host, which a mirror or replay server at another base is asked for instead."""
    if not isinstance(link, str) or "/anime" not in link:
        return None
    return base + link[link.index("/anime") :]
