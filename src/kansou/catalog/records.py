"""What every catalog reader yields: one ``CatalogRecord`` per anime, and its errors.

A record names the anime by the ids it carries (``ids``: one-to-one site ids
such as ``myanimelist`` or ``anidb``), gives its display ``name`` when the
catalog has one, its other names (``aliases``) and its ``facts`` (media type,
episodes, year, ...). Records are plain data: the merge into the database is
``kansou.catalog.merge``'s decision.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kansou.errors import UserError

#: Sites whose ids name exactly one anime; they go to ``title_source_ids``.
UNIQUE_ID_SITES = (
    "myanimelist",
    "anilist",
    "anidb",
    "kitsu",
    "anime-planet",
    "anisearch",
    "livechart",
    "notify.moe",
    "simkl",
    "animecountdown",
)
#: Sites whose ids are shared by several anime (a TVDB series holds every
#: season); they are kept as facts, never used to merge.
SHARED_ID_SITES = ("thetvdb", "themoviedb", "imdb")

#: Media types as kansou writes them (``ClaimKind.MEDIA_TYPE`` values).
MEDIA_TYPES = {
    "tv": "TV",
    "movie": "Movie",
    "ova": "OVA",
    "ona": "ONA",
    "special": "Special",
    "music": "Music",
    "tv special": "Special",
}


class CatalogFormatError(UserError):
    """A catalog file that cannot be read; the message names the file, line and field."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        where = f"{path}" if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {problem}; nothing was imported from this file")
        self.path = str(path)
        self.line = line


@dataclass(frozen=True)
class Alias:
    """Another name of an anime: ``kind`` is main/official/synonym/short as the catalog says."""

    name: str
    language: str | None = None
    kind: str = "synonym"


@dataclass(frozen=True)
class CatalogRecord:
    """One anime as one catalog line describes it."""

    source: str
    line: int
    ids: Mapping[str, str]
    name: str | None = None
    aliases: tuple[Alias, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    #: ``True`` for id-mapping entries: they join ids and never create a title alone.
    mapping_only: bool = False


def media_type(value: str | None) -> str | None:
    """A catalog's type word ("TV", "MOVIE", "Special") as kansou writes it; None if unknown."""
    if not value:
        return None
    return MEDIA_TYPES.get(value.strip().lower())


def open_text(path: Path) -> IO[str]:
    """Open a catalog file as text, gunzipping ``.gz`` files."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def read_text(path: Path) -> str:
    """The whole file as text; a truncated or undecodable file is a ``CatalogFormatError``."""
    try:
        with open_text(path) as fh:
            return fh.read()
    except (EOFError, OSError, gzip.BadGzipFile) as exc:
        raise CatalogFormatError(path, None, f"file is truncated or corrupt ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise CatalogFormatError(path, None, f"not UTF-8 text ({exc.reason})") from exc


def check_unique(records: list[CatalogRecord], path: Path, site: str) -> None:
    """Refuse a file that lists the same ``site`` id twice (naming both lines)."""
    seen: dict[str, int] = {}
    for record in records:
        ext = record.ids.get(site)
        if ext is None:
            continue
        if ext in seen:
            raise CatalogFormatError(
                path,
                record.line,
                f"duplicate {site} id {ext} in field '{site}' (first on line {seen[ext]})",
            )
        seen[ext] = record.line


def lines_with_numbers(text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(text.splitlines(), start=1)
