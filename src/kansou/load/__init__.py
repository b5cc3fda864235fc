"""Load stage: files, directories, WARC archives and URLs become ``Document``s.

Every input yields either a ``Document`` or a ``Rejection`` that names it and
says why; a bad input never stops the batch. Besides paths and URLs, an input
may name an anime on a database API as ``service:id`` (``anilist:21``,
``jikan:1``; see ``kansou.load.services``) unless a file of that name exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kansou.load.files import iter_path
from kansou.model import Document, Rejection


@dataclass(frozen=True)
class FetchOptions:
    """How URLs are fetched; see ``kansou.load.url``."""

    cache_dir: Path | None = None
    allow_private: bool = False
    offline: bool = False
    refresh: bool = False
    rate_limit_per_host: float = 1.0


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def is_service_source(value: str) -> bool:
    """Whether ``value`` names an anime on a service (``anilist:21``) rather than a file."""
    from kansou.load.services.refs import parse_ref

    return parse_ref(value) is not None and not Path(value).exists()


def iter_inputs(
    inputs: Sequence[str], fetch: FetchOptions | None = None
) -> Iterator[Document | Rejection]:
    """Documents from every input, in order: local paths first-come, then URLs fetched
    politely, then service sources, each service at its own pace."""
    urls = [i for i in inputs if is_url(i)]
    services = [i for i in inputs if not is_url(i) and is_service_source(i)]
    for value in inputs:
        if not is_url(value) and value not in services:
            yield from iter_path(Path(value))
    if urls:
        yield from _fetch(urls, fetch or FetchOptions())
    if services:
        yield from fetch_services(services, fetch or FetchOptions())


def fetch_services(sources: Sequence[str], options: FetchOptions) -> Iterator[Document | Rejection]:
    """Answers of the service APIs for ``anilist:21``-style sources, with URL ingest's cache,
    ``--offline``, ``--refresh`` and address policy."""
    from kansou.load.services import SessionSettings, fetch_service_documents, parse_ref
    from kansou.load.url import default_cache_dir

    settings = SessionSettings(
        cache_dir=options.cache_dir or default_cache_dir(),
        allow_private=options.allow_private,
        offline=options.offline,
        refresh=options.refresh,
    )
    refs = [ref for s in sources if (ref := parse_ref(s)) is not None]
    yield from fetch_service_documents(refs, settings)


def _fetch(urls: list[str], options: FetchOptions) -> Iterator[Document | Rejection]:
    from kansou.load.url import fetch_documents

    yield from fetch_documents(
        urls,
        cache_dir=options.cache_dir,
        allow_private=options.allow_private,
        offline=options.offline,
        refresh=options.refresh,
        rate_limit_per_host=options.rate_limit_per_host,
    )
