"""The labelled (point, quote) set: where each quote is, which point, right or wrong.

``labels.jsonl`` holds one row per pair, by reference only (the shared pages'
text is never committed): ``source`` (a file under ``../shared``, or
``mal-cowboy-bebop#<review id>`` for a MyAnimeList review's text as the
adapter reads it), ``start``/``end`` (character offsets of the sentence in that
text), ``sha`` (the first 10 hex digits of the sentence's sha1, so a moved
offset is caught), ``side``, ``point``, ``label`` (right: the sentence itself
says that point with that polarity; wrong: it does not, or it is a headline,
caption or page furniture) and ``split``. The split is by site (web pages),
by review (MyAnimeList) and by document (seeds): ``unseen`` holds the groups
whose name's sha1 is 0 mod 4, never looked at while the rules were written.

Pairs were collected from what kansou's praise and criticism showed on these
documents before this set (d0c5803) and after, and labelled by reading.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kansou.aggregate.points import points_of
from kansou.aggregate.sentences import split_sentences

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels.jsonl"
SHARED = HERE.parents[2].parent / "shared"
MAL = "mal-cowboy-bebop#"


def missing() -> str | None:
    if not (SHARED / "corpus" / "web").exists() or not (SHARED / "seeds").exists():
        return f"needs the shared corpus and seeds at {SHARED.resolve()}"
    return None


@dataclass(frozen=True)
class Pair:
    source: str
    start: int
    end: int
    side: str
    point: str

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        return (self.source, self.start, self.end, self.side, self.point)


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


@lru_cache(maxsize=1)
def _mal_texts() -> dict[str, str]:
    sys.path.insert(0, str(HERE.parents[2] / "benchmarks"))
    from _mal_reviews import load_reviews

    return {f"{MAL}{r['review_id']}": r["text"] for r in load_reviews()}


def text_of(source: str) -> str:
    if source.startswith(MAL):
        return _mal_texts()[source]
    return (SHARED / source).read_text(encoding="utf-8")


#: What kansou quotes praise and criticism from: reviews and news articles
#: (``verdict.praise_and_criticism``). A web page the corpus labels as another kind (a
#: site's rating-scale page, a database page) never feeds a title's points, so its pairs
#: are kept in the set but scored apart (``in_scope=False``).
QUOTED_KINDS = frozenset({"review", "episode_review", "multi_review", "news"})


def quoted_from(source: str) -> bool:
    if not source.startswith("corpus/web/"):
        return True
    label = json.loads((SHARED / source).with_suffix(".json").read_text(encoding="utf-8"))
    return label["kind"] in QUOTED_KINDS


def labels() -> list[dict]:
    with LABELS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def shown(source: str) -> Iterator[Pair]:
    """Every (point, quote) kansou would show from this document's sentences."""
    for sentence in split_sentences(text_of(source)):
        for rule in points_of(sentence):
            yield Pair(source, sentence.start, sentence.end, rule.side, rule.label)


def score(split: str, in_scope: bool = True) -> dict:
    """Shown pairs of the split's documents: how many, how many labelled right, and the
    ones no label covers (counted as wrong: a new quote has to be read before it counts).
    ``in_scope`` keeps the documents kansou quotes from (``QUOTED_KINDS``), else the rest."""
    rows = [r for r in labels() if r["split"] == split and quoted_from(r["source"]) == in_scope]
    by_key = {(r["source"], r["start"], r["end"], r["side"], r["point"]): r for r in rows}
    out = {"shown": 0, "right": 0, "unlabelled": [], "wrong": []}
    for source in sorted({r["source"] for r in rows}):
        for pair in shown(source):
            out["shown"] += 1
            row = by_key.get(pair.key)
            if row is None:
                out["unlabelled"].append(pair)
            elif row["label"] == "right":
                out["right"] += 1
            else:
                out["wrong"].append(pair)
    out["precision"] = out["right"] / out["shown"] if out["shown"] else 0.0
    return out
