"""Write the catalog slice bundled for the demo: ``src/kansou/demo_data/catalog-slice.csv``.

The product never reads ``../shared`` at run time, so the demo ships a few
hundred rows of the MyAnimeList 2024 dump (same CSV format, synopses cut to
their first 160 characters) and, beside it, the matching entries of the
Fribb id mappings (``catalog-slice-ids.json``) so that sliced titles carry
their AniList, AniDB, Kitsu... ids and types too.

Rows: the seeds' title (Metallic Rouge, MAL 54794), the corpus' titles (Cowboy
Bebop 1, One Piece 21), the seeds' similar titles (Lycoris Recoil, Dirty Pair,
Xenosaga THE ANIMATION, The☆Ultraman), Pluto, their franchise neighbours
(every title whose name starts with the same franchise words, so that the demo
shows seasons, movies and specials staying apart), and every title the bundled
corpus pages link to (the 2018 listings, Cowboy Bebop's recommendations).

    python benchmarks/make_catalog_slice.py
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CATALOG = SHARED / "data" / "catalog"
CORPUS_PAGES = ("corpus/mal-2018/listings/*.html", "corpus/mal-2021/cowboy-bebop/*recom*")
_ANIME_LINK = re.compile(r"myanimelist\.net/anime/(\d+)/")
OUT = ROOT / "src" / "kansou" / "demo_data"
#: The titles the demo needs, by MAL id.
SEED_IDS = {54794, 1, 21, 50709, 424, 184, 3444, 35737}
#: Franchise prefixes whose every title joins the slice (neighbours of the seeds).
FRANCHISES = (
    "Cowboy Bebop",
    "One Piece",
    "Lycoris Recoil",
    "Dirty Pair",
    "Xenosaga",
    "Ultraman",
    "The☆Ultraman",
    "Pluto",
    "Metallic",
)
SYNOPSIS_CHARS = 160
MAX_BYTES = 300_000


def main() -> None:
    if not CATALOG.is_dir():
        sys.exit(f"shared catalog data not found at {CATALOG}")
    with gzip.open(CATALOG / "mal-anime-2024.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(io.StringIO(fh.read()))
        header = list(reader.fieldnames or [])
        linked = _linked_ids()
        rows = [r for r in reader if _wanted(r) or int(r["uid"]) in linked]
    for row in rows:
        synopsis = row["synopsis"]
        row["synopsis"] = (
            synopsis
            if len(synopsis) <= SYNOPSIS_CHARS
            else (synopsis[:SYNOPSIS_CHARS].rsplit(" ", 1)[0] + " ...")
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (OUT / "catalog-slice.csv").write_text(buffer.getvalue(), encoding="utf-8")
    ids = {int(r["uid"]) for r in rows}
    with gzip.open(CATALOG / "anime-list-full-2022.json.gz", "rt", encoding="utf-8") as fh:
        mappings = [e for e in json.load(fh) if e.get("mal_id") in ids]
    (OUT / "catalog-slice-ids.json").write_text(
        json.dumps(mappings, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    size = sum((OUT / n).stat().st_size for n in ("catalog-slice.csv", "catalog-slice-ids.json"))
    print(json.dumps({"rows": len(rows), "mappings": len(mappings), "bytes": size}))
    if size > MAX_BYTES:
        sys.exit(f"slice is {size} bytes, over the {MAX_BYTES} budget")


def _linked_ids() -> set[int]:
    ids: set[int] = set()
    for pattern in CORPUS_PAGES:
        for page in SHARED.glob(pattern):
            text = page.read_text(encoding="utf-8", errors="replace")
            ids.update(int(m) for m in _ANIME_LINK.findall(text))
    return ids


def _wanted(row: dict[str, str]) -> bool:
    return int(row["uid"]) in SEED_IDS or row["title"].startswith(FRANCHISES)


if __name__ == "__main__":
    main()
