"""What imported catalogs say about a title, as the reception's fields, each with its source.

Input is ``Store.catalog_facts``: one row per (catalog, field) with the file and
line it was read from. Output is plain data the title page, ``kansou show`` and
the API share.

Decisions:

- A field a stored page states keeps the page's value: pages are read with their
  spans, a catalog row is one line of a dump. The catalog's statement is listed
  beside the page's, and a catalog that disagrees is a conflict with both sides.
  A field no page states takes the catalog's value (a title only the catalog
  knows shows its type, episodes, dates, genres and synopsis).
- MyAnimeList's ``aired`` is written as its dumps write it ("Apr 3, 1998 to Apr
  24, 1999", "Oct 20, 1999 to ?", "Apr 2005", "2019"); it gives a start and an
  end date when the day is written, and a season from the start's month.
- A season is the anime industry's quarter of the start: winter is January to
  March, spring April to June, summer July to September, fall October to
  December (MyAnimeList's "Premiered" and manami's ``animeSeason`` count so).
- A source is named as a reader names it: the catalog ("MyAnimeList"), the file's
  name (never the server's directory) and the line; the catalog's own page for
  the entry is the address one click away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from kansou.wording import words

#: Catalog source names (``CatalogRecord.source``) as readers know the catalogs.
CATALOG_NAMES = {
    "myanimelist": "MyAnimeList",
    "anime-lists": "Fribb's anime-lists",
    "anidb": "AniDB",
    "manami": "manami-project's anime-offline-database",
    "cooperunion": "the CooperUnion anime list",
}
#: Catalog fields -> the reception's field they state (``aired`` gives two, see above).
FIELD_OF = {
    "media_type": "type",
    "episodes": "episodes",
    "episode_minutes": "episode_minutes",
    "status": "status",
    "members": "members",
}
SEASON_OF_MONTH = {m: ("winter", "spring", "summer", "fall")[(m - 1) // 3] for m in range(1, 13)}
_AIRED_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %Y", "%B %Y", "%Y")
_RANGE = re.compile(r"\s+to\s+")


def catalog_name(source: str) -> str:
    return CATALOG_NAMES.get(source, source)


def season_of(iso_date: str | None) -> str | None:
    """ "2024-01-11" -> "2024-winter": the year and the quarter the title started in."""
    if not iso_date or len(iso_date) < 7 or not iso_date[:4].isdigit():
        return None
    month = int(iso_date[5:7]) if iso_date[5:7].isdigit() else 0
    return f"{iso_date[:4]}-{SEASON_OF_MONTH[month]}" if month in SEASON_OF_MONTH else None


def season_words(season: str | None) -> str | None:
    """ "2024-winter" -> "Winter 2024"."""
    if not season or "-" not in season:
        return None
    year, quarter = season.split("-", 1)
    return f"{quarter.capitalize()} {year}"


def _aired_part(text: str) -> tuple[str | None, str | None]:
    """One end of an ``aired`` run: (ISO date when the day is written, ISO month start)."""
    for fmt in _AIRED_FORMATS:
        try:
            when = datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        day_written = "%d" in fmt
        month_written = "%b" in fmt or "%B" in fmt
        month = date(when.year, when.month, 1).isoformat() if month_written else None
        return (when.isoformat() if day_written else None), month
    return None, None


def read_aired(aired: str) -> dict[str, str | None]:
    """``{"start_date", "end_date", "season"}`` from a MyAnimeList ``aired`` value."""
    parts = _RANGE.split(aired.strip(), maxsplit=1)
    start, start_month = _aired_part(parts[0])
    end = _aired_part(parts[1])[0] if len(parts) == 2 else None
    if len(parts) == 1 and start is not None:
        end = start  # one day: a film or a special
    return {"start_date": start, "end_date": end, "season": season_of(start or start_month)}


def statement(fact: dict[str, Any], value: Any) -> dict[str, Any]:
    """One catalog row as a cited statement: what it says and where (file name and line)."""
    return {
        "value": value,
        "catalog": fact["source"],
        "catalog_name": catalog_name(fact["source"]),
        "field": fact["field"],
        "file": PurePath(str(fact.get("file") or "")).name or None,
        "line": fact.get("line"),
        "anchor": f"catalog-{fact['source']}-{fact['field']}",
    }


def catalog_fields(facts: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every reception field the catalog rows state, each with its statements."""
    out: dict[str, list[dict[str, Any]]] = {}
    for fact in facts:
        value = fact["value"]
        if value is None or value == "" or value == []:
            continue
        if fact["field"] in FIELD_OF:
            out.setdefault(FIELD_OF[fact["field"]], []).append(statement(fact, value))
        elif fact["field"] == "aired" and isinstance(value, str):
            for name, read in read_aired(value).items():
                if read:
                    out.setdefault(name, []).append(statement(fact, read))
        elif fact["field"] in ("genres", "studios") and isinstance(value, list):
            out.setdefault(fact["field"], []).append(statement(fact, [str(v) for v in value]))
        elif fact["field"] == "season" and isinstance(value, str):
            year = next((f["value"] for f in facts_of(facts, fact["source"], "year")), None)
            if year:
                out.setdefault("season", []).append(statement(fact, f"{year}-{value}"))
    return out


def facts_of(facts: Iterable[dict[str, Any]], source: str, field: str) -> list[dict[str, Any]]:
    return [f for f in facts if f["source"] == source and f["field"] == field]


def entry_links(facts: Iterable[dict[str, Any]]) -> dict[str, str]:
    """``{catalog: address}`` of each catalog's own page for the entry, where it gives one."""
    return {
        f["source"]: str(f["value"])
        for f in facts
        if f["field"] == "url" and str(f["value"]).startswith(("http://", "https://"))
    }


def catalog_synopsis(facts: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The catalog's synopsis of the title, with its statement, when one holds a synopsis."""
    for fact in facts:
        if fact["field"] == "synopsis" and isinstance(fact["value"], str) and fact["value"]:
            return {"text": fact["value"], "source": catalog_name(fact["source"]),
                    "catalog": statement(fact, None)}  # fmt: skip
    return None


def catalog_rows(facts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The catalog page's rows: every fact in words, with its catalog, file and line."""
    return [
        {**statement(f, f["value"]), "source": f["source"], "field_words": words(f["field"])}
        for f in facts
        if f["field"] != "synopsis"
    ]
