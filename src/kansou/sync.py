"""``kansou sync``: ask every service about one title whose ids the catalog knows.

The title is found by name among the stored titles (a catalog import stores
them, each with every source id Fribb's mappings give: MyAnimeList, AniList,
Kitsu, AniDB); each id becomes a ``service:id`` source (MyAnimeList's through
Jikan, and through its own API when a client id is set), the answers are
ingested like any document, and the title's reception is recomputed. A
service the title has no id for, or that needs credentials kansou was not
given, is listed as skipped with the reason; nothing is guessed by name.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from kansou.errors import UserError
from kansou.load import FetchOptions
from kansou.load.services import (
    SERVICES,
    ServiceRef,
    SessionSettings,
    Skipped,
    fetch_service_documents,
    refs_for_ids,
)
from kansou.load.url import default_cache_dir
from kansou.model import IngestOutcome
from kansou.pipeline import IngestReport, ingest_items
from kansou.store import Store, StoredTitle


@dataclass
class SyncReport:
    """What a sync asked, what it skipped and why, and the ingest of the answers."""

    title: StoredTitle
    refs: list[ServiceRef]
    skipped: list[Skipped]
    report: IngestReport = field(default_factory=IngestReport)


def find_synced_title(store: Store, name: str) -> StoredTitle:
    """The stored title ``name`` designates (its name or an alias), or a UserError."""
    found = store.find_titles(name)
    if not found:
        raise UserError(
            f"no title matches '{name}': import a catalog first (kansou catalog import "
            "mal-anime.csv anime-list-full.json) or ingest a page about it"
        )
    return found[0]


def sync_title(
    store: Store,
    name: str,
    fetch: FetchOptions,
    *,
    services: Collection[str] | None = None,
    env: Mapping[str, str] | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> SyncReport:
    """Fetch and ingest every service's answers about the title ``name``."""
    env = os.environ if env is None else env
    unknown = sorted(set(services or ()) - set(SERVICES))
    if unknown:
        raise UserError(
            f"unknown service {', '.join(unknown)}: expected one of {', '.join(SERVICES)}"
        )
    title = find_synced_title(store, name)
    refs, skipped = refs_for_ids(title.source_ids, env)
    if services:
        refs = [r for r in refs if r.service in services]
        skipped = [s for s in skipped if s.service in services]
    if not refs:
        reasons = "; ".join(f"{s.service}: {s.reason}" for s in skipped) or "no service chosen"
        raise UserError(f"no service can be asked about '{title.name}': {reasons}")
    settings = SessionSettings(
        cache_dir=fetch.cache_dir or default_cache_dir(),
        allow_private=fetch.allow_private,
        offline=fetch.offline,
        refresh=fetch.refresh,
    )
    answers = fetch_service_documents(refs, settings, env)
    report = ingest_items(answers, store, on_outcome=on_outcome)
    return SyncReport(title, refs, skipped, report)
