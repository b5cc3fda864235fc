"""AniDB's HTTP API (api.anidb.net:9001/httpapi): one XML answer per anime.

AniDB asks for a registered client name and version on every request
(``KANSOU_ANIDB_CLIENT``, ``KANSOU_ANIDB_CLIENTVER``), at most one request
every 2 seconds, and bans clients that ask more or ask again for what they
were already given; answers are cached like every service's. Errors come as
a 200 with an ``<error>`` root: "banned" stops every later AniDB request of
the run, "no such anime" is the 404 of other services.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from kansou.errors import DocumentRejected
from kansou.load.services.base import Service, XmlRoot, xml_root
from kansou.load.services.client import Answer, ServiceRequest, ServiceSession, Window
from kansou.load.services.refs import SERVICE_LABELS, ServiceRef
from kansou.model import Document, Rejection

CLIENT_ENV = "KANSOU_ANIDB_CLIENT"
CLIENTVER_ENV = "KANSOU_ANIDB_CLIENTVER"


class AniDB(Service):
    """AniDB: permanent, temporary and review ratings with votes, per-episode ratings."""

    name = "anidb"
    label = SERVICE_LABELS["anidb"]
    env_base = "KANSOU_ANIDB_URL"
    default_base = "http://api.anidb.net:9001/httpapi"
    windows = (Window(1, 2.0),)

    def missing_credentials(self) -> str | None:
        if self.env.get(CLIENT_ENV):
            return None
        return (
            f"AniDB answers only registered clients: register one at "
            f"https://anidb.net/software/add and set {CLIENT_ENV} (and {CLIENTVER_ENV})"
        )

    def documents(self, session: ServiceSession, ref: ServiceRef) -> Iterator[Document | Rejection]:
        query = {
            "request": "anime",
            "client": self.env.get(CLIENT_ENV, ""),
            "clientver": self.env.get(CLIENTVER_ENV) or "1",
            "protover": "1",
            "aid": ref.anime_id,
        }
        request = ServiceRequest(ref, "anime", "GET", f"{self.base}?{urlencode(query)}")
        problem = self.missing_credentials()
        if problem:
            yield Rejection(request.source, problem)
            return
        yield self.ask(session, request, lambda a: self._read(session, ref, a)).item

    def _read(self, session: ServiceSession, ref: ServiceRef, answer: Answer) -> XmlRoot:
        root = xml_root(answer, self.label)
        if root.tag == "error":
            raise self._error(session, ref, root.text)
        return root

    def _error(self, session: ServiceSession, ref: ServiceRef, text: str) -> DocumentRejected:
        lowered = text.lower()
        if "no such anime" in lowered or "not found" in lowered:
            return self.not_found(ref)
        reason = f"{self.label} answered an error: {text or 'no message'}"
        if "banned" in lowered or "client" in lowered:
            session.stopped = f"{reason} (no more AniDB requests this run)"
        return DocumentRejected(reason)
