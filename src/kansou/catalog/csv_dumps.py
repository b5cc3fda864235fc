"""Readers for the two CSV catalogs: MyAnimeList dumps and the CooperUnion ``anime.csv``.

Both are keyed by the MyAnimeList id. A row missing a required field or a
row cut short (a truncated file) stops the import with the file, line and
field named (an id seen twice is refused by the import: ``unique_ids``).
Rows are read one at a time from the (gunzipped) stream, so a file of
millions of rows is never held whole.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path

from kansou.catalog.records import (
    Alias,
    CatalogFile,
    CatalogFormatError,
    CatalogRecord,
    media_type,
)

MAL_REQUIRED = ("uid", "title")
COOPERUNION_REQUIRED = ("anime_id", "name")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def read_mal_csv(source: Path | CatalogFile) -> Iterator[CatalogRecord]:
    """MyAnimeList CSV dump (uid, title, score, members, genre, episodes, aired, synopsis...)."""
    file = CatalogFile.of(source)
    return (_mal_record(file.path, n, row) for n, row in _rows(file, MAL_REQUIRED))


def read_cooperunion_csv(source: Path | CatalogFile) -> Iterator[CatalogRecord]:
    """Kaggle/CooperUnion ``anime.csv``: names carry HTML entities (``&#039;``) undone here."""
    file = CatalogFile.of(source)
    return (_cooper_record(file.path, n, row) for n, row in _rows(file, COOPERUNION_REQUIRED))


def _rows(file: CatalogFile, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    path = file.path
    with file.text() as stream:
        reader = csv.reader(stream)
        header = _header(path, next(reader, None), required)
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


def _header(path: Path, header: list[str] | None, required: tuple[str, ...]) -> list[str]:
    if header is None:
        raise CatalogFormatError(path, 1, "empty file: no header row")
    for name in required:
        if name not in header:
            raise CatalogFormatError(path, 1, f"header has no field '{name}'")
    return header


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
