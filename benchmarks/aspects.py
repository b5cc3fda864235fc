"""Text-derived aspect scores against the reviewers' own sub-scores, beside VADER.

On the 429 real MyAnimeList reviews of Cowboy Bebop: 5-fold cross-validation by
review (the model never sees the reviews it is measured on). For every review
and aspect (Story, Animation, Sound, Character) with a sub-score, kansou's
text-derived score (``kansou.aggregate.aspects.text_aspects`` with the fold's
model) is compared by Spearman's rho to the reviewer's sub-score; VADER's mean
compound polarity of the very same sentences is the baseline. ``--write``
re-fits the model on every review and writes the bundled
``src/kansou/aggregate/data/aspect_model.json``. The last line printed is one JSON object.

    python benchmarks/aspects.py [--write] [--ridge 3.0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _mal_reviews import load_reviews, shared_missing

from kansou.aggregate.aspects import (
    MODEL_PATH,
    AspectExample,
    AspectModel,
    fit_aspect_model,
    text_aspects,
)
from kansou.aggregate.sentences import about_aspect, split_sentences

#: The jsonl's sub-score columns and the ontology aspect each one is.
COLUMNS = {"story": "story", "animation": "animation", "sound": "sound",
           "character": "characters", "enjoyment": "enjoyment"}  # fmt: skip
MEASURED = ("story", "animation", "sound", "characters")
FOLDS = 5
#: Ridge penalty, the best of {1, 3, 10} by 5-fold rho: sound (the hardest aspect) reaches
#: 0.343 / 0.360 / 0.343; story 0.504 / 0.516 / 0.506.
RIDGE = 3.0


def examples_of(review: dict[str, Any]) -> list[AspectExample]:
    """One training row per rated aspect the review's text talks about."""
    sentences = split_sentences(review["text"])
    rows = []
    for column, aspect in COLUMNS.items():
        about = tuple(s.text for s in about_aspect(sentences, aspect))
        if review[column] > 0 and about:
            rows.append(AspectExample(aspect, about, 10.0 * review[column]))
    return rows


def fold_of(reviews: list[dict[str, Any]]) -> np.ndarray:
    return np.random.default_rng(7).permutation(len(reviews)) % FOLDS


def cross_validate(reviews: list[dict[str, Any]], ridge: float) -> list[dict[str, Any]]:
    """Per review and measured aspect: sub-score, kansou's held-out value, its sentences."""
    folds = fold_of(reviews)
    rows = []
    for f in range(FOLDS):
        train = [e for r, k in zip(reviews, folds, strict=True) if k != f for e in examples_of(r)]
        model = fit_aspect_model(train, ridge)
        for r, k in zip(reviews, folds, strict=True):
            if k == f:
                rows += held_out_rows(r, model)
    return rows


def held_out_rows(review: dict[str, Any], model: AspectModel) -> list[dict[str, Any]]:
    found = text_aspects(review["text"], model=model)
    rows = []
    for column, aspect in COLUMNS.items():
        if aspect in MEASURED and review[column] > 0 and aspect in found:
            spans = found[aspect]["spans"]
            texts = [review["text"][a:b] for a, b in spans]
            entry = found[aspect]
            rows.append({"aspect": aspect, "truth": review[column], "texts": texts,
                         "ours": entry["normalized"], "how": entry["method"]})  # fmt: skip
    return rows


def score_rows(rows: list[dict[str, Any]], n_rated: dict[str, int]) -> dict[str, Any]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    out: dict[str, Any] = {}
    for aspect in MEASURED:
        mine = [r for r in rows if r["aspect"] == aspect]
        truth = [r["truth"] for r in mine]
        ours = [r["ours"] for r in mine]
        vad = [np.mean([vader.polarity_scores(t)["compound"] for t in r["texts"]]) for r in mine]
        out[aspect] = {
            "rho": round(float(spearmanr(ours, truth)[0]), 3),
            "vader_rho": round(float(spearmanr(vad, truth)[0]), 3),
            "n": len(mine),
            "covered": round(len(mine) / n_rated[aspect], 3),
            "stated_in_text": sum(r["how"] == "stated in text" for r in mine),
        }
    return out


def speed(reviews: list[dict[str, Any]]) -> dict[str, float]:
    """Milliseconds per review: kansou's text aspects against VADER on every sentence."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    text_aspects(reviews[0]["text"])  # loads the bundled model once
    t0 = time.perf_counter()
    for r in reviews:
        text_aspects(r["text"])
    ours = (time.perf_counter() - t0) / len(reviews)
    t0 = time.perf_counter()
    for r in reviews:
        for sentence in split_sentences(r["text"]):
            vader.polarity_scores(sentence.text)
    base = (time.perf_counter() - t0) / len(reviews)
    return {"text_aspects_ms": round(ours * 1e3, 2), "vader_all_sentences_ms": round(base * 1e3, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="re-fit on all and write the model")
    parser.add_argument("--ridge", type=float, default=RIDGE)
    args = parser.parse_args()
    if why := shared_missing():
        sys.exit(why)
    reviews = load_reviews()
    n_rated = {a: sum(r[c] > 0 for r in reviews) for c, a in COLUMNS.items()}
    t0 = time.perf_counter()
    rows = cross_validate(reviews, args.ridge)
    result: dict[str, Any] = {"ridge": args.ridge, "folds": FOLDS, "reviews": len(reviews)}
    result["aspects"] = score_rows(rows, n_rated)
    result["cv_seconds"] = round(time.perf_counter() - t0, 2)
    if args.write:
        model = fit_aspect_model([e for r in reviews for e in examples_of(r)], args.ridge)
        MODEL_PATH.write_text(json.dumps(model.to_json(), separators=(",", ":")), encoding="utf-8")
        result["model_bytes"] = MODEL_PATH.stat().st_size
    result["speed_per_review"] = speed(reviews)
    for aspect, row in result["aspects"].items():
        print(f"{aspect:<11} rho {row['rho']:.3f}  vader {row['vader_rho']:.3f}  n {row['n']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
