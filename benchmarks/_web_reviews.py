"""Test and benchmark loader for the labelled web excerpts of ``shared/corpus/web/``.

Not product code.

Two uses, kept apart by page:

- ``scored_reviews``: the English pages that review one anime and state its
  overall score: other titles and other sites than the MyAnimeList reviews
  the aspect reader is fitted on. Their scores are never fitted on; they
  measure how the reader's polarity carries to sites it never saw. The
  score's own words (and the aspects' and verdict's) are cut from the text so
  that nothing but the prose is read; lines under ``PROSE_WORDS`` words
  (menus, headings, captions) are dropped.
- ``pool_texts``: every other page, with the seeds: unlabelled prose whose
  sentences the embedding reader labels for the distilled lexicon.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kansou.errors import UnknownScale
from kansou.scales import parse_score

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
WEB = SHARED / "corpus" / "web"
SEEDS = SHARED / "seeds"
#: A line with fewer words is page furniture, not a reviewer's prose.
PROSE_WORDS = 8
#: Letter grades as kansou's scales read them (``kansou.scales``), for labels written
#: without a maximum ("Grade: B+").
LETTERS = {"A++": 100.0, "A+": 100.0, "A": 100.0, "A-": 91.67, "B+": 83.33, "B": 75.0,
           "B-": 66.67, "C+": 58.33, "C": 50.0, "C-": 41.67, "D": 25.0, "F": 0.0}  # fmt: skip


def web_missing() -> str | None:
    return None if WEB.exists() else f"needs the shared web excerpts at {WEB.resolve()}"


def _normalized(score: dict[str, Any]) -> float | None:
    try:
        return parse_score(str(score["as_written"])).normalized
    except UnknownScale:
        pass
    if isinstance(score.get("value"), int | float) and score.get("scale_max"):
        return 100.0 * float(score["value"]) / float(score["scale_max"])
    if score.get("scale") == "letter":
        return LETTERS.get(str(score["value"]))
    if score.get("scale") == "stars" and isinstance(score.get("value"), int | float):
        return 20.0 * float(score["value"])
    return None


def _scored(label: dict[str, Any]) -> tuple[dict[str, Any], float] | None:
    """The page's one reviewed item and its overall score, when it is such a page."""
    if label["language"] != "en" or label["kind"] not in ("review", "episode_review"):
        return None
    items = label["items"]
    if len(items) != 1 or not items[0].get("score"):
        return None
    value = _normalized(items[0]["score"])
    return (items[0], value) if value is not None else None


def _prose(text: str, item: dict[str, Any]) -> str:
    cut = [item["score"]["as_written"], item.get("verdict_words") or ""]
    cut += [a.get("as_written") or "" for a in (item.get("aspects") or {}).values()]
    for words in cut:
        if words:
            text = text.replace(words, " ")
    return "\n".join(line for line in text.split("\n") if len(line.split()) >= PROSE_WORDS)


def scored_reviews() -> list[dict[str, Any]]:
    """``{page, site, title, overall (0-100), text}`` for each scored single review."""
    out = []
    for path in sorted(WEB.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        found = _scored(label)
        if found is None:
            continue
        item, overall = found
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        out.append({"page": path.stem, "site": label["site"], "title": item["title"],
                    "overall": overall, "text": _prose(text, item)})  # fmt: skip
    return out


def pool_texts() -> list[str]:
    """The text of every web page not in ``scored_reviews``, and of the seeds."""
    scored = {r["page"] for r in scored_reviews()}
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(WEB.glob("*.txt")) if p.stem not in scored
    ]
    return texts + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
