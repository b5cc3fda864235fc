"""MyAnimeList's own API v2 (api.myanimelist.net/v2): one GET per anime with every field asked.

The API needs a client id in ``X-MAL-CLIENT-ID`` (``KANSOU_MAL_CLIENT_ID``;
created at https://myanimelist.net/apiconfig). MyAnimeList publishes no rate
limit; kansou keeps to one request a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from kansou.errors import DocumentRejected
from kansou.load.services.base import Service, json_body, rejection, stored
from kansou.load.services.client import ServiceRequest, ServiceSession, ServiceStatus, Window
from kansou.load.services.refs import ServiceRef, request_source
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
    label = "MyAnimeList API"
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
        source = request_source(ref, "anime", "GET", url)
        problem = self.missing_credentials()
        if problem:
            yield Rejection(source, problem)
            return
        headers = (("X-MAL-CLIENT-ID", self.env[CLIENT_ID_ENV]),)
        try:
            answer = session.fetch(ServiceRequest(ref, "anime", "GET", url, None, headers))
            json_body(answer, self.label)
        except ServiceStatus as exc:
            yield Rejection(source, self.status_problem(exc, ref))
            return
        except DocumentRejected as exc:
            yield rejection(source, exc)
            return
        yield stored(answer).document()
