"""Load stage: files, directories, WARC archives and URLs become ``Document``s.

Every input yields either a ``Document`` or a ``Rejection`` that names it and
says why; a bad input never stops the batch.
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


def iter_inputs(
    inputs: Sequence[str], fetch: FetchOptions | None = None
) -> Iterator[Document | Rejection]:
    """Documents from every input, in order: local paths first-come, URLs fetched politely."""
    urls = [i for i in inputs if is_url(i)]
    for value in inputs:
        if not is_url(value):
            yield from iter_path(Path(value))
    if urls:
        yield from _fetch(urls, fetch or FetchOptions())


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
