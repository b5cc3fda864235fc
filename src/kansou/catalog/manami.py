"""Reader for manami-project's anime-offline-database, JSON and JSONL.

Schema (as published): ``sources`` (URLs of the anime on each site), ``title``,
``type`` (TV, MOVIE, OVA, ONA, SPECIAL, UNKNOWN), ``episodes``, ``status``,
``animeSeason`` ({``season``, ``year``}), ``duration`` ({``value`` seconds,
``unit``}), ``synonyms``, ``studios``, ``tags``, ``relatedAnime`` (URLs).
The JSON file holds the entries under ``data``; the JSONL file has one
metadata line (``$schema``, ``license``, ...) and then one entry per line.
The source URLs are where the cross-site ids come from. Both are read as they
stream, one entry at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kansou.catalog.json_walk import array_entries
from kansou.catalog.records import (
    Alias,
    CatalogFile,
    CatalogFormatError,
    CatalogRecord,
    media_type,
)

#: Source URL host -> kansou site name; the id is the URL's last path segment.
SOURCE_HOSTS = {
    "myanimelist.net": "myanimelist",
    "anilist.co": "anilist",
    "anidb.net": "anidb",
    "kitsu.io": "kitsu",
    "kitsu.app": "kitsu",
    "anime-planet.com": "anime-planet",
    "anisearch.com": "anisearch",
    "livechart.me": "livechart",
    "notify.moe": "notify.moe",
    "simkl.com": "simkl",
    "animecountdown.com": "animecountdown",
}
_URL = re.compile(r"^https?://(?:www\.)?([^/]+)/(?:anime/)?([^/?#]+)")
_STATUS = {"FINISHED": "finished", "ONGOING": "airing", "UPCOMING": "upcoming"}
_METADATA_KEYS = ("$schema", "license", "repository", "lastUpdate")


def read_manami_json(source: Path | CatalogFile) -> Iterator[CatalogRecord]:
    file = CatalogFile.of(source)
    return (_record(file.path, line, entry) for line, entry in array_entries(file, "data"))


def read_manami_jsonl(source: Path | CatalogFile) -> Iterator[CatalogRecord]:
    file = CatalogFile.of(source)
    with file.text() as text:
        for line, raw in enumerate(text, start=1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise CatalogFormatError(
                    file.path, line, f"invalid JSON ({exc.msg}; is the file truncated?)"
                ) from exc
            if line == 1 and isinstance(entry, dict) and any(k in entry for k in _METADATA_KEYS):
                continue
            yield _record(file.path, line, entry)


def source_ids(urls: list[str]) -> dict[str, str]:
    """Site ids from manami's ``sources`` URLs; unknown hosts are skipped."""
    ids: dict[str, str] = {}
    for url in urls:
        m = _URL.match(url.strip())
        if m and m.group(1) in SOURCE_HOSTS:
            ids.setdefault(SOURCE_HOSTS[m.group(1)], m.group(2))
    return ids


def _required(path: Path, line: int, entry: dict[str, Any], field: str, kind: type) -> Any:
    value = entry.get(field)
    if value is None or value == "" or value == []:
        raise CatalogFormatError(path, line, f"field '{field}' missing")
    if not isinstance(value, kind):
        raise CatalogFormatError(
            path, line, f"field '{field}' is {type(value).__name__}, expected {kind.__name__}"
        )
    return value


def _record(path: Path, line: int, entry: Any) -> CatalogRecord:
    if not isinstance(entry, dict):
        raise CatalogFormatError(path, line, "entry is not a JSON object")
    urls = _required(path, line, entry, "sources", list)
    title = _required(path, line, entry, "title", str).strip()
    ids = source_ids([u for u in urls if isinstance(u, str)])
    if not ids:
        raise CatalogFormatError(path, line, "field 'sources' names no known site")
    season = entry.get("animeSeason") or {}
    duration = entry.get("duration") or {}
    facts = {
        "media_type": media_type(entry.get("type")),
        "episodes": entry.get("episodes") or None,
        "status": _STATUS.get(str(entry.get("status", "")).upper()),
        "year": season.get("year") if isinstance(season, dict) else None,
        "season": (season.get("season") or "").lower() or None
        if isinstance(season, dict)
        else None,
        "episode_minutes": _minutes(duration),
        "studios": list(entry.get("studios") or []) or None,
        "tags": list(entry.get("tags") or []) or None,
        "related": list(entry.get("relatedAnime") or []) or None,
    }
    synonyms = tuple(Alias(str(s), None, "synonym") for s in entry.get("synonyms") or [] if s)
    return CatalogRecord(
        source="manami",
        line=line,
        ids=ids,
        name=title,
        aliases=(Alias(title, None, "main"), *synonyms),
        facts={k: v for k, v in facts.items() if v is not None and v != "undefined"},
    )


def _minutes(duration: Any) -> int | None:
    if not isinstance(duration, dict) or not isinstance(duration.get("value"), int | float):
        return None
    return round(duration["value"] / 60) or None
