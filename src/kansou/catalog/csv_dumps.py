"""Readers for the two CSV catalogs: MyAnimeList dumps and the CooperUnion ``anime.csv``.

Both are keyed by the MyAnimeList id. A row missing a required field, a row
cut short (a truncated file) or an id seen twice stops the import with the
file, line and field named.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

from kansou.catalog.records import (
    Alias,
    CatalogFormatError,
    CatalogRecord,
    check_unique,
    media_type,
    read_text,
)

MAL_REQUIRED = ("uid", "title")
COOPERUNION_REQUIRED = ("anime_id", "name")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def read_mal_csv(path: Path) -> list[CatalogRecord]:
    """MyAnimeList CSV dump (uid, title, score, members, genre, episodes, aired, synopsis...)."""
    records = [_mal_record(path, line, row) for line, row in _rows(path, MAL_REQUIRED)]
    check_unique(records, path, "myanimelist")
    return records


def read_cooperunion_csv(path: Path) -> list[CatalogRecord]:
    """Kaggle/CooperUnion ``anime.csv``: names carry HTML entities (``&#039;``) undone here."""
    records = [_cooper_record(path, line, row) for line, row in _rows(path, COOPERUNION_REQUIRED)]
    check_unique(records, path, "myanimelist")
    return records


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(read_text(path)))
    try:
        header = next(reader)
    except StopIteration:
        raise CatalogFormatError(path, 1, "empty file: no header row") from None
    for name in required:
        if name not in header:
            raise CatalogFormatError(path, 1, f"header has no field '{name}'")
    start = reader.line_num + 1
    for row in reader:
        if not row:
            start = reader.line_num + 1
            continue
        if len(row) < len(header):
            missing = header[len(row)]
            raise CatalogFormatError(
                path,
                start,
                f"field '{missing}' missing (row has {len(row)} of {len(header)} fields;"
                " is the file truncated?)",
            )
        values = dict(zip(header, row, strict=False))
        for name in required:
            if not values[name].strip():
                raise CatalogFormatError(path, start, f"field '{name}' is empty")
        yield start, values
        start = reader.line_num + 1


def _int(path: Path, line: int, field: str, value: str, *, required: bool = False) -> int | None:
    text = value.strip().replace(",", "")
    if not text or text.lower() in ("unknown", "n/a", "-"):
        if required:
            raise CatalogFormatError(path, line, f"field '{field}' is empty")
        return None
    try:
        return int(float(text))
    except ValueError:
        if required:
            raise CatalogFormatError(
                path, line, f"field '{field}' is '{value}', expected a number"
            ) from None
        return None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _mal_record(path: Path, line: int, row: dict[str, str]) -> CatalogRecord:
    uid = _int(path, line, "uid", row["uid"], required=True)
    aired = row.get("aired", "").strip()
    year = _YEAR.search(aired)
    facts = {
        "episodes": _int(path, line, "episodes", row.get("episodes", "")),
        "year": int(year.group(0)) if year else None,
        "aired": aired or None,
        "score": _float(row.get("score", "")),
        "members": _int(path, line, "members", row.get("members", "")),
        "genres": [g for g in row.get("genre", "").split("|") if g] or None,
        "demographic": (row.get("demographic") or "").replace("Unknown", "") or None,
        "synopsis": row.get("synopsis", "").strip() or None,
        "url": row.get("link") or None,
    }
    name = row["title"].strip()
    return CatalogRecord(
        source="myanimelist",
        line=line,
        ids={"myanimelist": str(uid)},
        name=name,
        aliases=(Alias(name, None, "main"),),
        facts={k: v for k, v in facts.items() if v is not None},
    )


def _cooper_record(path: Path, line: int, row: dict[str, str]) -> CatalogRecord:
    uid = _int(path, line, "anime_id", row["anime_id"], required=True)
    name = html.unescape(row["name"]).strip()
    facts = {
        "media_type": media_type(row.get("type")),
        "episodes": _int(path, line, "episodes", row.get("episodes", "")),
        "score": _float(row.get("rating", "")),
        "members": _int(path, line, "members", row.get("members", "")),
        "genres": [g.strip() for g in row.get("genre", "").split(",") if g.strip()] or None,
    }
    return CatalogRecord(
        source="cooperunion",
        line=line,
        ids={"myanimelist": str(uid)},
        name=name,
        aliases=(Alias(name, None, "main"),),
        facts={k: v for k, v in facts.items() if v is not None},
    )
