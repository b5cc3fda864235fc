"""Catalog formats by name, and detection of a file's format from its first bytes.

Detection reads the head of the (gunzipped) file, never its name: a header
row ``uid,title,...`` is a MyAnimeList dump, ``anime_id,name,...`` the
CooperUnion file, a JSON array of ``mal_id``/``anidb_id`` objects the id
mappings, ``<animetitles>`` AniDB's dump, and manami's database is JSON with a
``data`` list or JSONL with one object per line.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kansou.catalog.anidb import read_anidb_titles
from kansou.catalog.csv_dumps import read_cooperunion_csv, read_mal_csv
from kansou.catalog.manami import read_manami_json, read_manami_jsonl
from kansou.catalog.mappings import read_id_mappings
from kansou.catalog.records import UNIQUE_ID_SITES, CatalogFile, CatalogFormatError, CatalogRecord

HEAD_BYTES = 8192
_MAPPING_KEYS = re.compile(r'"(?:mal_id|anidb_id|anilist_id|kitsu_id)"\s*:')


@dataclass(frozen=True)
class CatalogFormat:
    """A catalog file format: its name (for ``--format``), what it is, and its reader.

    A reader yields records as it reads the file, and stops with a
    ``CatalogFormatError`` at the first bad one. ``unique_sites`` are the
    sites whose ids a file of this format lists at most once each (the import
    refuses a repeat, naming both lines).
    """

    name: str
    description: str
    read: Callable[[CatalogFile], Iterator[CatalogRecord]]
    unique_sites: tuple[str, ...] = UNIQUE_ID_SITES


FORMATS: dict[str, CatalogFormat] = {
    f.name: f
    for f in (
        CatalogFormat(
            "mal-csv", "MyAnimeList CSV dump (uid, title, ...)", read_mal_csv, ("myanimelist",)
        ),
        CatalogFormat(
            "cooperunion-csv",
            "Kaggle/CooperUnion anime.csv (anime_id, name, ...)",
            read_cooperunion_csv,
            ("myanimelist",),
        ),
        CatalogFormat("anime-lists", "Fribb anime-list-full.json id mappings", read_id_mappings),
        CatalogFormat("anidb-titles", "AniDB anime-titles.xml dump", read_anidb_titles, ("anidb",)),
        CatalogFormat("manami-json", "manami anime-offline-database JSON", read_manami_json),
        CatalogFormat("manami-jsonl", "manami anime-offline-database JSONL", read_manami_jsonl),
    )
}


def format_named(name: str) -> CatalogFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise CatalogFormatError(
            "--format", None, f"unknown catalog format '{name}': expected one of {_names()}"
        ) from None


def detect_format(path: Path) -> CatalogFormat:
    """The format of ``path`` judged from its head; unknown formats are a ``CatalogFormatError``."""
    head = _head(path)
    name = _sniff(head)
    if name is None:
        raise CatalogFormatError(
            path,
            1,
            f"unknown catalog format: expected one of {_names()} (or name it with --format)",
        )
    return FORMATS[name]


def _names() -> str:
    return ", ".join(FORMATS)


def _head(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            data = fh.read(HEAD_BYTES)
        if data[:2] == b"\x1f\x8b":
            with gzip.open(path) as gz:
                data = gz.read(HEAD_BYTES)
    except FileNotFoundError:
        raise CatalogFormatError(path, None, "no such file") from None
    except (OSError, EOFError) as exc:
        raise CatalogFormatError(path, None, f"file is truncated or corrupt ({exc})") from exc
    return data.decode("utf-8", errors="replace").lstrip("\ufeff")


def _sniff(head: str) -> str | None:
    text = head.lstrip()
    first_line = text.split("\n", 1)[0].strip()
    if text.startswith("<"):
        return "anidb-titles" if "<animetitles" in text else None
    if text.startswith("["):
        return "anime-lists" if _MAPPING_KEYS.search(text) else None
    if text.startswith("{"):
        return _sniff_json(text, first_line)
    header = [h.strip().strip('"') for h in first_line.split(",")]
    if "uid" in header and "title" in header:
        return "mal-csv"
    if "anime_id" in header and "name" in header:
        return "cooperunion-csv"
    return None


def _sniff_json(text: str, first_line: str) -> str | None:
    try:
        json.loads(first_line)
        one_per_line = True
    except json.JSONDecodeError:
        one_per_line = False
    rest = text.split("\n", 1)[1].lstrip() if "\n" in text else ""
    if one_per_line and rest.startswith("{"):
        return "manami-jsonl"
    if '"data"' in text or '"sources"' in text:
        return "manami-json"
    return None
