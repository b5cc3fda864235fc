"""Test and benchmark loader for the real MyAnimeList reviews of Cowboy Bebop (not product code).

The scores come from ``shared/expected/mal-cowboy-bebop-reviews.jsonl``; the
full texts are read from the saved review pages (2021 layout): each review is
a ``div.borderDark`` whose hidden score table has the id ``score<review_id>``
and whose body is the ``div.textReadability`` (minus the score table and the
"Helpful" / "read more" controls). MyAnimeList double-escapes entities in
bodies (``&amp;rsquo;``), so the text is unescaped once more.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
EXPECTED = SHARED / "expected" / "mal-cowboy-bebop-reviews.jsonl"
PAGES = SHARED / "corpus" / "mal-2021" / "cowboy-bebop"
RATINGS = SHARED / "data" / "ratings" / "mal-user-ratings-2023.csv.gz"
SEEDS = SHARED / "seeds"
#: The Cowboy Bebop movie's reviews: for final measurement only, never fitted or tuned on.
EVAL_EXPECTED = SHARED / "eval-only" / "mal-2021" / "cowboy-bebop-movie-reviews.jsonl"
EVAL_PAGES = SHARED / "eval-only" / "mal-2021" / "cowboy-bebop-movie"
TV_URL = "https://myanimelist.net/anime/1/Cowboy_Bebop/reviews?p={page}"
MOVIE_URL = "https://myanimelist.net/anime/5/Cowboy_Bebop__Tengoku_no_Tobira/reviews?p={page}"

#: The reviewer's sub-scores that the jsonl carries, by MyAnimeList's column name.
ASPECT_COLUMNS = ("story", "animation", "sound", "character", "enjoyment")


def shared_missing() -> str | None:
    """Why the shared data cannot be used, or None when it is there."""
    if not EXPECTED.exists() or not PAGES.exists():
        return f"needs the shared data at {SHARED.resolve()} (expected/ and corpus/mal-2021/)"
    return None


def load_scored_reviews(expected: Path = EXPECTED) -> list[dict[str, Any]]:
    """The reviews' rows of a jsonl (overall and aspect scores out of 10)."""
    with expected.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _review_texts(page: Path) -> dict[int, str]:
    tree = LexborHTMLParser(page.read_text(encoding="utf-8", errors="replace"))
    texts: dict[int, str] = {}
    for box in tree.css("div.borderDark"):
        scores = box.css_first("div[id^=score]")
        body = box.css_first("div.textReadability")
        if scores is None or body is None:
            continue
        review_id = int((scores.attributes.get("id") or "score0")[5:])
        for node in body.css("div[id^=score], div[id^=revhelp_output], a.js-toggle-review-button"):
            node.decompose()
        text = html.unescape(body.text(separator=" "))
        texts[review_id] = " ".join(text.split())
    return texts


def _adapter_texts(page: Path, url: str = TV_URL) -> dict[int, str]:
    """Review texts as kansou's own MyAnimeList adapter reads them (the product's path)."""
    from kansou.clean import clean
    from kansou.extract import extract
    from kansou.model import ClaimKind, Document

    url = url.format(page=page.stem.split("_")[1])
    document = Document(str(page), page.read_bytes(), "text/html", url)
    cleaned = clean(document)
    texts = {}
    for claim in extract(document, cleaned).claims:
        if claim.kind == ClaimKind.REVIEW and claim.data.get("review_id"):
            texts[int(claim.data["review_id"])] = str(claim.data["text"])
    return texts


def load_reviews(via_adapter: bool = True) -> list[dict[str, Any]]:
    """Every jsonl row with its full ``text``, matched by review id and checked by text start.

    The texts come from kansou's MyAnimeList adapter (what the product reads),
    or with ``via_adapter=False`` straight from the pages' HTML.
    """
    read = _adapter_texts if via_adapter else _review_texts
    return _joined(PAGES, EXPECTED, lambda page: read(page))


def load_eval_only_reviews() -> list[dict[str, Any]]:
    """The 47 movie reviews of ``eval-only/``, as the adapter reads them: measure only."""
    return _joined(EVAL_PAGES, EVAL_EXPECTED, lambda page: _adapter_texts(page, MOVIE_URL))


def _joined(pages: Path, expected: Path, read: Any) -> list[dict[str, Any]]:
    texts: dict[int, str] = {}
    for page in sorted(pages.glob("reviews_*.html")):
        texts.update(read(page))
    rows = []
    for row in load_scored_reviews(expected):
        text = texts[row["review_id"]]
        start = " ".join(html.unescape(row["text_starts"]).split())[:30]
        if not " ".join(html.unescape(text).split()).startswith(start):
            raise ValueError(f"review {row['review_id']}: text does not start with {start!r}")
        rows.append({**row, "text": text})
    return rows
