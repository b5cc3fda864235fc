"""Jikan (api.jikan.moe/v4), MyAnimeList's data without a key: one GET per endpoint of an anime.

An anime takes ``/anime/{id}`` first (a 404 there means no such anime and
nothing else is asked), then its statistics, characters, recommendations,
reviews and episodes; reviews and episodes are paged (``?page=N``) while
``pagination.has_next_page`` says so, up to ``MAX_PAGES``. Jikan asks for at
most 3 requests a second and 60 a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kansou.load.services.base import Service, json_body
from kansou.load.services.client import ServiceRequest, ServiceSession, Window
from kansou.load.services.refs import SERVICE_LABELS, ServiceRef
from kansou.model import Document, Rejection

#: Endpoint name -> path after /anime/{id}; the first is the anime itself.
ENDPOINTS = {
    "anime": "",
    "statistics": "/statistics",
    "characters": "/characters",
    "recommendations": "/recommendations",
    "reviews": "/reviews",
    "episodes": "/episodes",
}
PAGED = frozenset({"reviews", "episodes"})
#: Pages read per paged endpoint: 5 pages are 100 episodes or 100 reviews.
MAX_PAGES = 5


class Jikan(Service):
    """Jikan, the unofficial MyAnimeList API: score, scored_by, statistics, reviews, episodes."""

    name = "jikan"
    label = SERVICE_LABELS["jikan"]
    env_base = "KANSOU_JIKAN_URL"
    default_base = "https://api.jikan.moe/v4"
    windows = (Window(3, 1.0), Window(60, 60.0))

    def documents(self, session: ServiceSession, ref: ServiceRef) -> Iterator[Document | Rejection]:
        for endpoint, path in ENDPOINTS.items():
            for page in range(1, MAX_PAGES + 1 if endpoint in PAGED else 2):
                suffix = f"?page={page}" if page > 1 else ""
                url = f"{self.base}/anime/{ref.anime_id}{path}{suffix}"
                request = ServiceRequest(ref, endpoint, "GET", url)
                what = "" if endpoint == "anime" else endpoint
                asked = self.ask(session, request, lambda a: json_body(a, self.label), what)
                yield asked.item
                if isinstance(asked.item, Rejection) and endpoint == "anime":
                    return  # no such anime: nothing else to ask
                if isinstance(asked.item, Rejection) or not _more_pages(asked.body, page):
                    break


def _more_pages(body: Any, page: int) -> bool:
    """Whether Jikan says a page after ``page`` exists (and its last page is not this one)."""
    pagination = body.get("pagination") if isinstance(body, dict) else None
    if not isinstance(pagination, dict) or not pagination.get("has_next_page"):
        return False
    last = pagination.get("last_visible_page")
    return not isinstance(last, int) or page < last
