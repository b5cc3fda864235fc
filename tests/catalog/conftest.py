"""Small catalog files in every supported format, written per test into tmp_path."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from kansou.store import Store, open_store

MAL_HEADER = [
    "uid",
    "title",
    "score",
    "ranked",
    "popularity",
    "members",
    "genre",
    "demographic",
    "episodes",
    "aired",
    "img_url",
    "link",
    "synopsis",
]
MAL_ROWS = [
    [
        "1",
        "Cowboy Bebop",
        "8.75",
        "49",
        "43",
        "1923264",
        "Action|Sci-Fi",
        "Unknown",
        "26",
        "Apr 3, 1998 to Apr 24, 1999",
        "",
        "https://myanimelist.net/anime/1/Cowboy_Bebop",
        "Crime is timeless.",
    ],
    [
        "5",
        "Cowboy Bebop: Tengoku no Tobira",
        "8.38",
        "207",
        "633",
        "388890",
        "Action",
        "Unknown",
        "1",
        "Sep 1, 2001",
        "",
        "",
        "Another day, another bounty.",
    ],
    [
        "54794",
        "Metallic Rouge",
        "6.1",
        "5000",
        "3000",
        "90000",
        "Action|Sci-Fi",
        "Unknown",
        "13",
        "Jan 11, 2024 to Apr 4, 2024",
        "",
        "",
        "A story of androids.",
    ],
    [
        "16498",
        "Shingeki no Kyojin",
        "8.55",
        "100",
        "1",
        "3900000",
        "Action",
        "Shounen",
        "25",
        "Apr 7, 2013 to Sep 29, 2013",
        "",
        "",
        "Titans.",
    ],
    [
        "25777",
        "Shingeki no Kyojin Season 2",
        "8.52",
        "120",
        "20",
        "2000000",
        "Action",
        "Shounen",
        "12",
        "Apr 1, 2017 to Jun 17, 2017",
        "",
        "",
        "More titans.",
    ],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, gz: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def mappings() -> list[dict[str, object]]:
    return [
        {
            "mal_id": 1,
            "anilist_id": 1,
            "anidb_id": 23,
            "kitsu_id": 1,
            "type": "TV",
            "thetvdb_id": 76885,
        },
        {"mal_id": 5, "anilist_id": 5, "anidb_id": 5, "type": "MOVIE"},
        {"mal_id": 16498, "anilist_id": 16498, "anidb_id": 9541, "type": "TV"},
        {"mal_id": 25777, "anilist_id": 20958, "anidb_id": 10944, "type": "TV"},
        {"mal_id": 54794, "anilist_id": 155783, "type": "TV"},
    ]


ANIDB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<animetitles>
\t<anime aid="23">
\t\t<title type="main" xml:lang="x-jat">Cowboy Bebop</title>
\t\t<title type="official" xml:lang="ja">カウボーイビバップ</title>
\t\t<title type="short" xml:lang="en">Bebop</title>
\t</anime>
\t<anime aid="9541">
\t\t<title type="main" xml:lang="x-jat">Shingeki no Kyojin</title>
\t\t<title type="official" xml:lang="en">Attack on Titan</title>
\t\t<title type="short" xml:lang="en">SnK</title>
\t</anime>
\t<anime aid="10944">
\t\t<title type="main" xml:lang="x-jat">Shingeki no Kyojin (2017)</title>
\t\t<title type="official" xml:lang="en">Attack on Titan Season 2</title>
\t</anime>
\t<anime aid="99999">
\t\t<title type="main" xml:lang="x-jat">Only On AniDB</title>
\t</anime>
</animetitles>
"""


def manami_entries() -> list[dict[str, object]]:
    return [
        {
            "sources": [
                "https://anidb.net/anime/23",
                "https://anilist.co/anime/1",
                "https://kitsu.app/anime/1",
                "https://myanimelist.net/anime/1",
            ],
            "title": "Cowboy Bebop",
            "type": "TV",
            "episodes": 26,
            "status": "FINISHED",
            "animeSeason": {"season": "SPRING", "year": 1998},
            "picture": "",
            "thumbnail": "",
            "duration": {"value": 1440, "unit": "SECONDS"},
            "synonyms": ["カウボーイビバップ", "Kovboy Bebop"],
            "studios": ["sunrise"],
            "producers": ["bandai visual"],
            "relatedAnime": ["https://myanimelist.net/anime/5"],
            "tags": ["space", "noir"],
        },
        {
            "sources": ["https://myanimelist.net/anime/54794", "https://anilist.co/anime/155783"],
            "title": "Metallic Rouge",
            "type": "TV",
            "episodes": 13,
            "status": "FINISHED",
            "animeSeason": {"season": "WINTER", "year": 2024},
            "duration": {"value": 1380, "unit": "SECONDS"},
            "synonyms": ["メタリックルージュ"],
            "studios": ["bones"],
            "relatedAnime": [],
            "tags": ["androids"],
        },
    ]


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def write_manami_jsonl(path: Path, entries: list[dict[str, object]]) -> Path:
    meta = {
        "$schema": "https://example.invalid/schema.json",
        "license": {"name": "ODbL"},
        "repository": "https://github.com/manami-project/anime-offline-database",
        "lastUpdate": "2024-12-01",
    }
    lines = [json.dumps(meta)] + [json.dumps(e, ensure_ascii=False) for e in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    d = tmp_path / "catalog"
    d.mkdir()
    write_csv(d / "mal.csv.gz", MAL_HEADER, MAL_ROWS, gz=True)
    write_json(d / "mappings.json", mappings())
    (d / "anidb.xml").write_text(ANIDB_XML, encoding="utf-8")
    write_json(
        d / "manami.json", {"$schema": "x", "lastUpdate": "2024-12-01", "data": manami_entries()}
    )
    write_manami_jsonl(d / "manami.jsonl", manami_entries())
    write_csv(
        d / "anime.csv",
        ["anime_id", "name", "genre", "type", "episodes", "rating", "members"],
        [
            ["1", "Cowboy Bebop", "Action, Sci-Fi", "TV", "26", "8.82", "486824"],
            ["16498", "Shingeki no Kyojin", "Action", "TV", "25", "8.54", "896229"],
            ["5", "Cowboy Bebop: Tengoku no Tobira", "Action", "Movie", "1", "8.4", "137636"],
            ["30", "Shin Seiki Evangelion", "Mecha", "TV", "26", "8.32", "461946"],
            ["11771", "Kuroko&#039;s Basketball", "Sports", "TV", "unknown", "8.46", "338315"],
        ],
    )
    return d


@pytest.fixture
def store(db_url: str) -> Store:
    """A fresh store: SQLite, or PostgreSQL under ``KANSOU_TEST_DB=postgresql``."""
    s = open_store(db_url)
    yield s
    s.close()
