"""Sources named ``service:id`` (``anilist:21``, ``jikan:1``), and how a response names its request.

Plain values only, shared by the load stage (which fetches them) and the
source adapters (which read a response's subject from its request). A service
response is stored with its request as its source::

    anilist:21 media POST https://graphql.anilist.co {"id": 21}
    jikan:1 statistics GET https://api.jikan.moe/v4/anime/1/statistics

so ``request_ref`` can say which anime a response is about even when the
body does not (Jikan's /statistics and /reviews carry no anime id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Service name -> the name people know it by (used in every message).
SERVICE_LABELS = {
    "anilist": "AniList",
    "jikan": "Jikan (MyAnimeList)",
    "mal": "MyAnimeList API",
    "kitsu": "Kitsu",
    "anidb": "AniDB",
}
_REF = re.compile(r"^(anilist|jikan|mal|kitsu|anidb):(\d{1,12})$", re.I)
_REQUEST = re.compile(r"^(anilist|jikan|mal|kitsu|anidb):(\d{1,12}) ([\w-]+) ")


@dataclass(frozen=True)
class ServiceRef:
    """One anime on one service: ``ServiceRef("anilist", "21")`` is ``anilist:21``."""

    service: str
    anime_id: str

    def __str__(self) -> str:
        return f"{self.service}:{self.anime_id}"

    @property
    def label(self) -> str:
        return SERVICE_LABELS[self.service]


def parse_ref(value: str) -> ServiceRef | None:
    """``anilist:21`` as a ``ServiceRef``; None for anything else (a path, a URL)."""
    m = _REF.match(value.strip())
    return ServiceRef(m.group(1).lower(), str(int(m.group(2)))) if m else None


def request_source(ref: ServiceRef, endpoint: str, method: str, url: str, body: str = "") -> str:
    """The ``source`` of a stored response: which anime, which endpoint, the request itself."""
    line = f"{ref} {endpoint} {method} {url}"
    return f"{line} {body}" if body else line


def request_ref(source: str) -> tuple[ServiceRef, str] | None:
    """The anime and endpoint a stored response's source names, or None for other documents."""
    m = _REQUEST.match(source)
    return (ServiceRef(m.group(1).lower(), m.group(2)), m.group(3)) if m else None
