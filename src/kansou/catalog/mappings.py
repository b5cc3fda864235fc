"""Reader for cross-site id mappings (Fribb's ``anime-list-full.json``).

Each entry lists the ids one anime has on MyAnimeList, AniList, AniDB, Kitsu,
Anime-Planet, aniSearch, LiveChart, notify.moe (one-to-one: they join titles)
and TVDB, TMDB, IMDb (shared by every season of a show: kept as facts, never
used to join), plus the anime's type.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kansou.catalog.json_walk import array_entries
from kansou.catalog.records import (
    SHARED_ID_SITES,
    CatalogFile,
    CatalogFormatError,
    CatalogRecord,
    media_type,
)

#: Field name in the mapping file -> site name in kansou.
FIELD_SITES = {
    "mal_id": "myanimelist",
    "anilist_id": "anilist",
    "anidb_id": "anidb",
    "kitsu_id": "kitsu",
    "anime-planet_id": "anime-planet",
    "anisearch_id": "anisearch",
    "livechart_id": "livechart",
    "notify.moe_id": "notify.moe",
    "thetvdb_id": "thetvdb",
    "themoviedb_id": "themoviedb",
    "imdb_id": "imdb",
}


def read_id_mappings(source: Path | CatalogFile) -> Iterator[CatalogRecord]:
    """Every entry as a mapping-only record; an entry with no id at all is an error."""
    file = CatalogFile.of(source)
    return (_record(file.path, line, entry) for line, entry in array_entries(file))


def _record(path: Path, line: int, entry: Any) -> CatalogRecord:
    if not isinstance(entry, dict):
        raise CatalogFormatError(path, line, "entry is not a JSON object")
    ids: dict[str, str] = {}
    facts: dict[str, Any] = {}
    for field, site in FIELD_SITES.items():
        value = entry.get(field)
        if value in (None, ""):
            continue
        if site in SHARED_ID_SITES:
            facts[f"{site}_id"] = str(value)
        else:
            ids[site] = str(value)
    if not ids:
        raise CatalogFormatError(
            path, line, "entry has no id field (expected one of mal_id, anidb_id, anilist_id, ...)"
        )
    kind = media_type(entry.get("type"))
    if kind:
        facts["media_type"] = kind
    return CatalogRecord(source="anime-lists", line=line, ids=ids, facts=facts, mapping_only=True)
