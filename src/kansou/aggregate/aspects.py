"""Aspect scores of a review: stated ones from sub-score tables, and ones read from its text.

Stated sub-scores map onto the ontology (``kansou.aggregate.sentences.ASPECTS``)
through ``STATED_COLUMNS``: MyAnimeList's Story / Animation / Sound / Character /
Enjoyment and community tables' Art / Animation / Character Design / Music /
Series Story. Two columns that land on one aspect (Art and Animation) are
averaged on 0-100.

Text-derived aspects come from the sentences that name the aspect:

1. A score the reviewer wrote next to the aspect ("Story: 8/10", "Sound - 9.5
   out of 10") is taken as written (``method`` "stated in text").
2. Otherwise a ridge regression on the words and word pairs of those sentences
   (``AspectModel``) predicts the score the reviewer would give the aspect,
   on 0-100. Its weights were fitted on MyAnimeList reviews to predict each
   reviewer's own sub-score from the sentences that mention that aspect; they
   ship in ``data/aspect_model.json`` and ``benchmarks/aspects.py`` re-fits
   them. Aspects without sub-scores to learn from (pacing, voice acting,
   ending) use the weights shared by every aspect.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from kansou.aggregate.consensus import consensus
from kansou.aggregate.sentences import (
    ASPECT_TERMS,
    ASPECTS,
    Sentence,
    about_aspect,
    split_sentences,
    word_features,
)
from kansou.errors import UnknownScale
from kansou.scales import Score, parse_score

MODEL_PATH = Path(__file__).with_name("data") / "aspect_model.json"

#: Column names of sub-score tables (lower-cased) and the ontology aspect each fills.
STATED_COLUMNS: dict[str, str] = {
    "story": "story",
    "series story": "story",
    "episode story": "story",
    "plot": "story",
    "pacing": "pacing",
    "character": "characters",
    "characters": "characters",
    "character design": "characters",
    "animation": "animation",
    "art": "animation",
    "visuals": "animation",
    "sound": "sound",
    "music": "sound",
    "voice acting": "voice_acting",
    "ending": "ending",
    "enjoyment": "enjoyment",
}
#: Weights below this many points (on 0-100, for a unit-length feature vector) are
#: dropped after fitting: the bundled file shrinks from 1.6 MB to 0.93 MB and the
#: cross-validated rho moves by under 0.005 (a floor of 0.3 gives 0.39 MB but costs
#: sound 0.015; ``benchmarks/aspects.py``).
WEIGHT_FLOOR = 0.1
#: How far after an aspect's word a written score may sit ("Story (plot): 8/10").
STATED_IN_TEXT_REACH = 30
_SCORE_AFTER = re.compile(
    rf"^[^.!?\d]{{0,{STATED_IN_TEXT_REACH}}}?(\d+(?:\.\d+)?\s*(?:/|out of)\s*\d+(?:\.\d+)?)", re.I
)


def aspect_entry(score: Score, origin: str, **extra: Any) -> dict[str, Any]:
    """One aspect of a review as the export shows it."""
    return {
        "value": score.value,
        "scale_max": score.scale_max,
        "normalized": score.normalized,
        "origin": origin,
        **extra,
    }


def stated_aspects(columns: Mapping[str, Score | Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Explicit sub-scores by column name onto the ontology; unknown columns are left out."""
    grouped: dict[str, list[Score]] = {}
    for column, raw in columns.items():
        aspect = STATED_COLUMNS.get(" ".join(column.lower().replace("_", " ").split()))
        if aspect is None:
            continue
        score = raw if isinstance(raw, Score) else Score.from_dict(dict(raw))
        grouped.setdefault(aspect, []).append(score)
    out = {}
    for aspect, scores in grouped.items():
        if len(scores) == 1:
            out[aspect] = aspect_entry(scores[0], "stated")
        else:
            mean = round(sum(s.normalized or 0.0 for s in scores) / len(scores), 2)
            out[aspect] = aspect_entry(Score(mean, 100.0, mean, "ratio"), "stated")
    return {a: out[a] for a in ASPECTS if a in out}


def stated_in_text(aspect: str, sentences: Sequence[Sentence]) -> Score | None:
    """A score the reviewer wrote right after naming the aspect, if any."""
    term = re.compile(rf"\b(?:{ASPECT_TERMS[aspect]})\b", re.I)
    for sentence in sentences:
        for m in term.finditer(sentence.text):
            found = _SCORE_AFTER.match(sentence.text[m.end() :])
            if found is None:
                continue
            try:
                score = parse_score(found.group(1))
            except UnknownScale:
                continue
            if score.scale_max in (5.0, 10.0, 100.0):
                return score
    return None


@dataclass(frozen=True)
class AspectModel:
    """Ridge weights over sentence features: shared by all aspects plus each aspect's own.

    ``predict`` returns the expected sub-score on 0-100 for the sentences that
    name an aspect. Features are log(1 + count) of words and word pairs,
    scaled to unit length per block (shared, aspect's own).
    """

    intercepts: dict[str, float]
    shared: dict[str, float]
    own: dict[str, dict[str, float]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def predict(self, aspect: str, texts: Sequence[str]) -> float:
        """Predicted score on 0-100 for an aspect from the sentences that name it."""
        vec = _unit_log_counts(word_features(texts))
        base = self.intercepts.get(aspect, self.intercepts.get("*", 50.0))
        own = self.own.get(aspect, {})
        value = base + sum(v * (self.shared.get(t, 0.0) + own.get(t, 0.0)) for t, v in vec.items())
        return min(100.0, max(0.0, value))

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "intercepts": self.intercepts,
            "shared": self.shared,
            "own": self.own,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AspectModel:
        return cls(
            dict(data["intercepts"]), dict(data["shared"]), dict(data["own"]), dict(data["meta"])
        )


def _unit_log_counts(counts: Mapping[str, int]) -> dict[str, float]:
    logs = {t: math.log1p(c) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in logs.values())) or 1.0
    return {t: v / norm for t, v in logs.items()}


@lru_cache(maxsize=1)
def shipped_model() -> AspectModel:
    """The model fitted by ``benchmarks/aspects.py``, bundled with the package."""
    return AspectModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def text_aspects(
    text: str, offset: int = 0, model: AspectModel | None = None
) -> dict[str, dict[str, Any]]:
    """Every aspect the text talks about, with its text-derived score and sentence spans."""
    model = model or shipped_model()
    sentences = split_sentences(text, offset)
    out: dict[str, dict[str, Any]] = {}
    for aspect in ASPECTS:
        about = about_aspect(sentences, aspect)
        if not about:
            continue
        spans = [[s.start, s.end] for s in about]
        written = stated_in_text(aspect, about)
        if written is not None:
            out[aspect] = aspect_entry(written, "text", method="stated in text", spans=spans)
            continue
        value = round(model.predict(aspect, [s.text for s in about]) / 10.0, 1)
        score = Score(value, 10.0, round(10.0 * value, 2), "ratio")
        out[aspect] = aspect_entry(score, "text", method="sentence model", spans=spans)
    return out


@dataclass(frozen=True)
class AspectExample:
    """A training row: an aspect, the sentences that name it, the reviewer's own score (0-100)."""

    aspect: str
    texts: tuple[str, ...]
    target: float


def fit_aspect_model(
    examples: Sequence[AspectExample], ridge: float, min_reviews: int = 3
) -> AspectModel:
    """Fit shared and per-aspect weights by ridge regression (dual form, sparse features).

    Terms seen in fewer than ``min_reviews`` examples are dropped. Each
    aspect's intercept is its mean target, so the weights model what the
    sentences add to the typical score of that aspect.
    """
    vecs = [_unit_log_counts(word_features(e.texts)) for e in examples]
    df: dict[str, int] = {}
    for v in vecs:
        for t in v:
            df[t] = df.get(t, 0) + 1
    vocab = {t: i for i, t in enumerate(sorted(t for t, c in df.items() if c >= min_reviews))}
    aspects = sorted({e.aspect for e in examples})
    X = _design(vecs, [e.aspect for e in examples], vocab, aspects)
    targets = np.array([e.target for e in examples])
    intercepts = {a: float(targets[[e.aspect == a for e in examples]].mean()) for a in aspects}
    centred = targets - np.array([intercepts[e.aspect] for e in examples])
    gram = (X @ X.T).toarray()
    alpha = np.linalg.solve(gram + ridge * np.eye(len(examples)), centred)
    w = np.asarray(X.T @ alpha).ravel()
    terms = sorted(vocab, key=vocab.__getitem__)
    d = len(terms)
    shared = _kept(terms, w[:d])
    own = {a: _kept(terms, w[(k + 1) * d : (k + 2) * d]) for k, a in enumerate(aspects)}
    intercepts["*"] = float(targets.mean())
    meta = {"ridge": ridge, "min_reviews": min_reviews, "n_examples": len(examples), "terms": d}
    return AspectModel(intercepts, shared, own, meta)


def _kept(terms: Sequence[str], weights: np.ndarray) -> dict[str, float]:
    """Weights worth shipping: those of at least ``WEIGHT_FLOOR`` points."""
    return {
        t: round(float(w), 3) for t, w in zip(terms, weights, strict=True) if abs(w) >= WEIGHT_FLOOR
    }


def _design(
    vecs: Sequence[Mapping[str, float]],
    rows_aspect: Sequence[str],
    vocab: Mapping[str, int],
    aspects: Sequence[str],
) -> sparse.csr_matrix:
    """Rows of [shared block | one block per aspect, filled only for the row's aspect]."""
    d = len(vocab)
    rows, cols, vals = [], [], []
    for r, (vec, aspect) in enumerate(zip(vecs, rows_aspect, strict=True)):
        block = (aspects.index(aspect) + 1) * d
        for t, v in vec.items():
            i = vocab.get(t)
            if i is not None:
                rows += [r, r]
                cols += [i, block + i]
                vals += [v, v]
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(vecs), d * (len(aspects) + 1)))


def review_aspects(
    stated: Mapping[str, Score | Mapping[str, Any]] | None, text: str | None, offset: int = 0
) -> dict[str, dict[str, Any]]:
    """A review's aspects: stated sub-scores where the page gives them, text for the rest.

    ``stated`` is the review claim's ``aspects`` ({column or aspect name: Score
    dict}); ``text`` its body and ``offset`` where the body starts in the
    document's text (spans of text-derived aspects are absolute).
    """
    out = stated_aspects(stated or {})
    for aspect, entry in (text_aspects(text, offset) if text else {}).items():
        out.setdefault(aspect, entry)
    return {a: out[a] for a in ASPECTS if a in out}


def title_aspects(reviews: Sequence[Mapping[str, Mapping[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per aspect across a title's reviews: the consensus of their normalized aspect scores.

    Input: each review's ``review_aspects``. Output per aspect: ``score``,
    ``low``, ``high`` (the consensus interval), ``n``, and how many were
    ``stated`` and read from ``text``.
    """
    out: dict[str, dict[str, Any]] = {}
    for aspect in ASPECTS:
        entries = [r[aspect] for r in reviews if aspect in r]
        if not entries:
            continue
        c = consensus([float(e["normalized"]) for e in entries])
        out[aspect] = {
            "score": c.score,
            "low": c.low,
            "high": c.high,
            "n": c.n,
            "stated": sum(e["origin"] == "stated" for e in entries),
            "text": sum(e["origin"] == "text" for e in entries),
        }
    return out
