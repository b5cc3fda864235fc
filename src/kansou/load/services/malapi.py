"""MyAnimeList's own API v2 (api.myanimelist.net/v2): one GET per anime with every field asked.

The API needs a client id in ``X-MAL-CLIENT-ID`` (``KANSOU_MAL_CLIENT_ID``;
created at https://myanimelist.net/apiconfig). MyAnimeList publishes no rate
limit; kansou keeps to one request a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from kansou.load.services.base import Service, json_body
from kansou.load.services.client import ServiceRequest, ServiceSession, Window
from kansou.load.services.refs import SERVICE_LABELS, ServiceRef
from kansou.model import Document, Rejection

CLIENT_ID_ENV = "KANSOU_MAL_CLIENT_ID"
FIELDS = (
    "id,title,alternative_titles,start_date,end_date,synopsis,mean,rank,popularity,"
    "num_list_users,num_scoring_users,num_favorites,media_type,status,genres,num_episodes,"
    "start_season,source,average_episode_duration,rating,studios,statistics,related_anime,"
    "recommendations"
)


class MyAnimeListApi(Service):
    """MyAnimeList API v2: mean, num_scoring_users, rank, popularity, statistics."""

    name = "mal"
    label = SERVICE_LABELS["mal"]
    env_base = "KANSOU_MAL_URL"
    default_base = "https://api.myanimelist.net/v2"
    windows = (Window(1, 1.0),)

    def missing_credentials(self) -> str | None:
        if self.env.get(CLIENT_ID_ENV):
            return None
        return (
            f"MyAnimeList's API needs a client id: create one at "
            f"https://myanimelist.net/apiconfig and set {CLIENT_ID_ENV} (or use jikan:ID)"
        )

    def documents(self, session: ServiceSession, ref: ServiceRef) -> Iterator[Document | Rejection]:
        url = f"{self.base}/anime/{ref.anime_id}?{urlencode({'fields': FIELDS})}"
        headers = (("X-MAL-CLIENT-ID", self.env.get(CLIENT_ID_ENV, "")),)
        request = ServiceRequest(ref, "anime", "GET", url, None, headers)
        problem = self.missing_credentials()
        if problem:
            yield Rejection(request.source, problem)
            return
        yield self.ask(session, request, lambda a: json_body(a, self.label)).item
