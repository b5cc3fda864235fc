"""Load stage for anime database APIs: ``service:id`` sources become documents.

``kansou ingest anilist:21 jikan:1 kitsu:1 anidb:69 mal:1`` asks each service
for that anime; every answer is a ``Document`` (its raw bytes, the request as
its source, its sha256) or a ``Rejection`` naming the service and the id.
What is decided here:

- *which services*: ``SERVICES``, each a module with its own requests and
  limits; base addresses come from ``KANSOU_<SERVICE>_URL`` (the public
  endpoints by default), so a mirror or a replay server can stand in;
- *in what order*: one thread per service, so each is held only to its own
  limits and a slow one does not wait for another; the answers of one
  service keep their order (an anime before its reviews);
- *which ids a title has*: ``refs_for_ids`` maps a title's source ids (from
  the catalog: Fribb's mappings give MAL, AniList, Kitsu and AniDB ids) to
  the services that can be asked, for ``kansou sync``.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from kansou.load.services.anidb import AniDB
from kansou.load.services.anilist import AniList
from kansou.load.services.base import Service
from kansou.load.services.client import ServiceSession, SessionSettings
from kansou.load.services.jikan import Jikan
from kansou.load.services.kitsu import Kitsu
from kansou.load.services.malapi import MyAnimeListApi
from kansou.load.services.refs import SERVICE_LABELS, ServiceRef, parse_ref
from kansou.model import Document, Rejection

__all__ = [
    "SERVICES",
    "ServiceRef",
    "SessionSettings",
    "Skipped",
    "fetch_service_documents",
    "parse_ref",
    "refs_for_ids",
]

SERVICES: dict[str, type[Service]] = {
    s.name: s for s in (AniList, Jikan, MyAnimeListApi, Kitsu, AniDB)
}
#: Catalog site -> the services that answer for its ids (MyAnimeList's through Jikan and its API).
SITE_SERVICES = {
    "anilist": ("anilist",),
    "myanimelist": ("jikan", "mal"),
    "kitsu": ("kitsu",),
    "anidb": ("anidb",),
}


@dataclass(frozen=True)
class Skipped:
    """A service ``kansou sync`` did not ask, and why (no id, or no credentials)."""

    service: str
    reason: str


def refs_for_ids(
    source_ids: Mapping[str, str], env: Mapping[str, str] | None = None
) -> tuple[list[ServiceRef], list[Skipped]]:
    """The services that can be asked about a title with these ids, and those that cannot."""
    env = os.environ if env is None else env
    refs: list[ServiceRef] = []
    skipped: list[Skipped] = []
    for site, services in SITE_SERVICES.items():
        for name in services:
            if site not in source_ids:
                skipped.append(Skipped(name, f"the catalog knows no {site} id for this title"))
                continue
            problem = SERVICES[name](env).missing_credentials()
            if problem:
                skipped.append(Skipped(name, problem))
            else:
                refs.append(ServiceRef(name, str(source_ids[site])))
    return refs, skipped


def fetch_service_documents(
    refs: Iterable[ServiceRef],
    settings: SessionSettings,
    env: Mapping[str, str] | None = None,
) -> Iterator[Document | Rejection]:
    """Every answer for ``refs``: one thread per service, each answer yielded as it arrives."""
    env = os.environ if env is None else env
    by_service: dict[str, list[ServiceRef]] = {}
    for ref in refs:
        by_service.setdefault(ref.service, []).append(ref)
    if len(by_service) <= 1:
        for name, group in by_service.items():
            yield from _service_documents(name, group, settings, env)
        return
    yield from _in_threads(by_service, settings, env)


def _service_documents(
    name: str, refs: list[ServiceRef], settings: SessionSettings, env: Mapping[str, str]
) -> Iterator[Document | Rejection]:
    service = SERVICES[name](env)
    with ServiceSession(name, service.label, service.windows, settings) as session:
        for ref in refs:
            yield from service.documents(session, ref)


_DONE = object()


def _in_threads(
    by_service: dict[str, list[ServiceRef]], settings: SessionSettings, env: Mapping[str, str]
) -> Iterator[Document | Rejection]:
    answers: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def work(name: str, group: list[ServiceRef]) -> None:
        try:
            for item in _service_documents(name, group, settings, env):
                answers.put(item)
                if stop.is_set():
                    return
        except Exception as exc:  # a bug in one client must not hang the others
            answers.put(Rejection(f"{name}:", f"{SERVICE_LABELS[name]} client failed: {exc!r}"))
        finally:
            answers.put(_DONE)

    threads = [
        threading.Thread(target=work, args=(n, g), name=f"kansou-{n}", daemon=True)
        for n, g in by_service.items()
    ]
    for thread in threads:
        thread.start()
    running = len(threads)
    try:
        while running:
            item = answers.get()
            if item is _DONE:
                running -= 1
            else:
                yield item  # type: ignore[misc]
    finally:
        stop.set()
