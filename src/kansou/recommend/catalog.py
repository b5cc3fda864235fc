"""Title names and content records for the recommend stage, until the resolver feeds them.

``load_mal_catalog_csv`` reads the MyAnimeList catalog CSV
(``uid,title,...,genre,...,synopsis``; genres joined by ``|``) into
``TitleRecord`` values. ``TitleNames`` turns what a user types into MAL ids:
an exact id, else the title whose normalised name equals the query, else the
closest name by ``rapidfuzz`` above ``MIN_NAME_SCORE``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from kansou.errors import NotFound, UserError
from kansou.recommend.content import TitleRecord

#: Below this rapidfuzz token-sort ratio a typed title is "unknown", not a
#: guess: 90 accepts "Bebop Cowboy" or one typo in a long name, refuses "Trigun 2".
MIN_NAME_SCORE = 90.0

#: Cell size limit raised for synopses (the csv default is 128 KiB).
CSV_FIELD_LIMIT = 1 << 24

#: MAL tags that are themes or demographics rather than genres (MAL's own split).
MAL_THEME_TAGS = frozenset(
    {
        "adult cast",
        "anthropomorphic",
        "cgdct",
        "childcare",
        "combat sports",
        "crossdressing",
        "delinquents",
        "detective",
        "educational",
        "gag humor",
        "gore",
        "harem",
        "high stakes game",
        "historical",
        "idols (female)",
        "idols (male)",
        "isekai",
        "iyashikei",
        "love polygon",
        "love status quo",
        "magical sex shift",
        "mahou shoujo",
        "martial arts",
        "mecha",
        "medical",
        "military",
        "music",
        "mythology",
        "organized crime",
        "otaku culture",
        "parody",
        "performing arts",
        "pets",
        "psychological",
        "racing",
        "reincarnation",
        "reverse harem",
        "romantic subtext",
        "samurai",
        "school",
        "showbiz",
        "space",
        "strategy game",
        "super power",
        "survival",
        "team sports",
        "time travel",
        "vampire",
        "video game",
        "villainess",
        "visual arts",
        "workplace",
        "urban fantasy",
        "josei",
        "kids",
        "seinen",
        "shoujo",
        "shounen",
    }
)


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", name.lower()).strip()


def load_mal_catalog_csv(path: Path) -> list[TitleRecord]:
    """Read a MAL catalog CSV (plain or .gz) into content records."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8", errors="replace")))
    records = []
    for row in reader:
        try:
            mal_id = int(row.get("uid") or row.get("anime_id") or "")
        except ValueError:
            continue
        tags = [t.strip() for t in re.split(r"[|,]", row.get("genre") or "") if t.strip()]
        records.append(
            TitleRecord(
                mal_id=mal_id,
                name=(row.get("title") or row.get("name") or str(mal_id)).strip(),
                genres=tuple(t for t in tags if t.lower() not in MAL_THEME_TAGS),
                themes=tuple(t for t in tags if t.lower() in MAL_THEME_TAGS),
                synopsis=row.get("synopsis") or "",
            )
        )
    return records


class TitleNames:
    """MAL id <-> display name, and typed names resolved to ids."""

    def __init__(self, records: Iterable[TitleRecord]) -> None:
        self.names: dict[int, str] = {}
        self._by_key: dict[str, int] = {}
        for record in records:
            self.names.setdefault(record.mal_id, record.name)
            for name in (record.name, *record.aliases):
                self._by_key.setdefault(_norm(name), record.mal_id)
        self._keys = list(self._by_key)

    def name(self, mal_id: int) -> str:
        return self.names.get(mal_id, f"MyAnimeList {mal_id}")

    def resolve(self, typed: str) -> int:
        """The MAL id a user meant by ``typed``, or ``NotFound`` naming it."""
        text = typed.strip()
        if not text:
            raise UserError("empty title: expected a title name or a MAL id")
        if text.isdigit():
            return int(text)
        key = _norm(text)
        if key in self._by_key:
            return self._by_key[key]
        best = (
            process.extractOne(key, self._keys, scorer=fuzz.token_sort_ratio)
            if self._keys
            else None
        )
        if best is None or best[1] < MIN_NAME_SCORE:
            hint = f" (closest: '{self.names[self._by_key[best[0]]]}')" if best else ""
            raise NotFound(f"unknown title '{typed}': no catalog title matches{hint}")
        return self._by_key[best[0]]
