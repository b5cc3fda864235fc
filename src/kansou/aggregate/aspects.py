"""Aspect scores of a review: stated ones from sub-score tables, and ones read from its text.

Stated sub-scores map onto the ontology (``kansou.aggregate.sentences.ASPECTS``)
through ``STATED_COLUMNS``: MyAnimeList's Story / Animation / Sound / Character /
Enjoyment and community tables' Art / Animation / Character Design / Music /
Series Story. Two columns that land on one aspect (Art and Animation) are
averaged on 0-100.

Text-derived aspects come from the clauses that name the aspect
(``sentences.clauses_of``):

1. A score the reviewer wrote next to the aspect ("Story: 8/10", "Sound - 9.5
   out of 10") is taken as written (``method`` "stated in text").
2. Otherwise the clause reader (``AspectReader``): each clause's polarity
   comes from ``PolarityLexicon``, a word and word-pair model distilled from a
   sentence-embedding reader at fit time (``benchmarks/aspects.py``), damped
   when hedged and turned by comparisons with other works. The review's
   polarity P is the weighted mean of all its clauses, the aspect's Q that of
   its own clauses shrunk toward P; ``AspectFit`` turns P and Q - P into the
   aspect's score, fitted per aspect on MyAnimeList reviewers' own sub-scores
   (pacing, voice acting and ending, which have none, use the pooled fit).
   The reader ships in ``data/aspect_model.json``.
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
from scipy.sparse.linalg import lsqr

from kansou.aggregate.consensus import Prior, consensus
from kansou.aggregate.sentences import (
    ASPECT_TERMS,
    ASPECTS,
    Clause,
    Sentence,
    about_aspect,
    clauses_of,
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
#: Lexicon weights below this many points (on 0-100, for a unit-length feature vector)
#: are not shipped: too small to move a reading, they would only grow the bundled file
#: (320 KB with this floor).
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


#: Clause readings a lexicon remembers before it starts afresh (a few MB).
CLAUSES_REMEMBERED = 50_000


@dataclass(frozen=True)
class PolarityLexicon:
    """How favourably a clause reads, on the scale of a review's overall score (0-100).

    A linear model over the clause's words and word pairs (log counts, unit
    length, ``NOT_`` inside a negation's scope). Its weights are distilled
    from a sentence-embedding reader (``benchmarks/aspects.py``): all-MiniLM-L6-v2
    embeddings with a ridge probe fitted to reviewers' overall scores label
    every sentence of a pool of review text, and this model learns to give the
    same reading from words alone, so kansou reads with numpy at ingest speed
    and needs no model at run time. ``intercept`` is the reading of a clause
    with no known word: the neutral point hedges and comparisons turn around.
    """

    intercept: float
    weights: dict[str, float]
    _read: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def clause(self, text: str) -> float:
        """The clause's reading (remembered: a title's page reads each clause twice)."""
        if (known := self._read.get(text)) is not None:
            return known
        if len(self._read) >= CLAUSES_REMEMBERED:
            self._read.clear()
        vec = _unit_log_counts(word_features([text]))
        value = self.intercept + sum(v * self.weights.get(t, 0.0) for t, v in vec.items())
        self._read[text] = value
        return value


@dataclass(frozen=True)
class AspectFit:
    """How one aspect's score follows the review's polarity and the aspect's own.

    Text only: ``level + overall * (P - centre) + own * (Q - P)``; beside a
    stated overall score S: ``S + offset + anchored_own * (Q - P)``. P is the
    polarity of the whole review, Q that of the clauses about the aspect.
    """

    level: float
    overall: float
    own: float
    offset: float
    anchored_own: float


@dataclass(frozen=True)
class AspectReader:
    """The shipped reader: the clause lexicon, one ``AspectFit`` per aspect ("*": pooled)."""

    polarity: PolarityLexicon
    fits: dict[str, AspectFit]
    centre: float
    meta: dict[str, Any] = field(default_factory=dict)

    def fit_of(self, aspect: str) -> AspectFit:
        return self.fits.get(aspect, self.fits["*"])

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "centre": self.centre,
            "fits": {a: vars(f) for a, f in self.fits.items()},
            "polarity": {"intercept": self.polarity.intercept, "weights": self.polarity.weights},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AspectReader:
        polarity = PolarityLexicon(
            float(data["polarity"]["intercept"]), dict(data["polarity"]["weights"])
        )
        fits = {a: AspectFit(**f) for a, f in data["fits"].items()}
        return cls(polarity, fits, float(data["centre"]), dict(data["meta"]))


@dataclass(frozen=True)
class Reading:
    """A review read clause by clause: its polarity P, and per aspect the weighted sum
    and weight of its clauses' polarities, with the sentences they stand in."""

    overall: float
    sums: dict[str, float]
    weights: dict[str, float]
    spans: dict[str, list[list[int]]]

    def aspect_polarity(self, aspect: str) -> float:
        """Q: the aspect's clauses, shrunk toward P by ``ASPECT_SHRINK`` pseudo-clauses."""
        w = self.weights.get(aspect, 0.0)
        return (self.sums.get(aspect, 0.0) + ASPECT_SHRINK * self.overall) / (w + ASPECT_SHRINK)


#: Pseudo-clauses of the review's own polarity mixed into an aspect's: one passing
#: remark moves an aspect less than a paragraph. The TV reviews' cross-validated rho
#: hardly depends on it: 1 / 2 / 4 / 8 give story 0.538 / 0.539 / 0.539 / 0.537 and
#: sound 0.296 / 0.304 / 0.314 / 0.318 (``benchmarks/aspects.py``); 2 keeps one aspect
#: sentence worth as much as two of the rest.
ASPECT_SHRINK = 2.0
#: How much of a hedged clause's lean survives ("somewhat good", "decent at best"). Half,
#: by what the words say: the TV reviews' rho moves under 0.01 between 0.5 and 1.
HEDGE_FACTOR = 0.5


def _unit_log_counts(counts: Mapping[str, int]) -> dict[str, float]:
    logs = {t: math.log1p(c) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in logs.values())) or 1.0
    return {t: v / norm for t, v in logs.items()}


def clause_polarity(lexicon: PolarityLexicon, clause: Clause) -> float:
    """The clause's reading, damped when hedged, turned down when it says the work
    falls short of another ("not as good as the series") and up when it beats one."""
    lean = lexicon.clause(clause.text) - lexicon.intercept
    if clause.hedged:
        lean *= HEDGE_FACTOR
    if clause.comparison:
        lean = clause.comparison * abs(lean)
    return lexicon.intercept + lean


def read_review(text: str, offset: int = 0, reader: AspectReader | None = None) -> Reading:
    """Read every clause; a sentence naming no aspect that follows one that does judges
    that one's aspects ("The soundtrack is by Yoko Kanno. It is simply perfect.")."""
    reader = reader or shipped_model()
    total = weight_all = 0.0
    sums: dict[str, float] = {}
    weights: dict[str, float] = {}
    spans: dict[str, list[list[int]]] = {}
    previous: tuple[str, ...] = ()
    for sentence in split_sentences(text, offset):
        inherited = () if sentence.aspects else previous
        for clause in clauses_of(sentence):
            p = clause_polarity(reader.polarity, clause)
            total += clause.weight * p
            weight_all += clause.weight
            for aspect in clause.aspects or inherited:
                sums[aspect] = sums.get(aspect, 0.0) + clause.weight * p
                weights[aspect] = weights.get(aspect, 0.0) + clause.weight
                where = spans.setdefault(aspect, [])
                if not where or where[-1] != [sentence.start, sentence.end]:
                    where.append([sentence.start, sentence.end])
        previous = sentence.aspects
    overall = total / weight_all if weight_all else reader.polarity.intercept
    return Reading(overall, sums, weights, spans)


@lru_cache(maxsize=1)
def shipped_model() -> AspectReader:
    """The reader fitted by ``benchmarks/aspects.py --write``, bundled with the package."""
    return AspectReader.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def predicted(reader: AspectReader, reading: Reading, aspect: str) -> tuple[float, float]:
    """(text-only score on 0-100, points above the review's own overall score)."""
    fit = reader.fit_of(aspect)
    lean = reading.aspect_polarity(aspect) - reading.overall
    alone = fit.level + fit.overall * (reading.overall - reader.centre) + fit.own * lean
    return min(100.0, max(0.0, alone)), fit.offset + fit.anchored_own * lean


def text_aspects(
    text: str, offset: int = 0, reader: AspectReader | None = None
) -> dict[str, dict[str, Any]]:
    """Every aspect the text talks about, with its text-derived score and sentence spans.

    ``normalized`` reads the aspect from the text alone; ``relative`` is how many
    points above the review's own overall score it reads, for a review that
    states one (``verdict.anchor_to_overall``).
    """
    reader = reader or shipped_model()
    reading = read_review(text, offset, reader)
    sentences = split_sentences(text, offset)
    out: dict[str, dict[str, Any]] = {}
    for aspect in ASPECTS:
        if aspect not in reading.spans:
            continue
        spans = reading.spans[aspect]
        written = stated_in_text(aspect, about_aspect(sentences, aspect))
        if written is not None:
            out[aspect] = aspect_entry(written, "text", method="stated in text", spans=spans)
            continue
        alone, relative = predicted(reader, reading, aspect)
        score = Score(round(alone / 10.0, 1), 10.0, round(alone, 1), "ratio")
        out[aspect] = aspect_entry(
            score, "text", method="clause reader", spans=spans, relative=round(relative, 1)
        )
    return out


#: Words naming the work itself: like aspect words, they say what is talked about.
WORK_WORDS = frozenset({"anime", "series", "show", "shows", "movie", "movies", "film", "films",
                        "episode", "episodes", "season", "seasons", "manga", "title"})  # fmt: skip
#: A word written capitalised this often inside sentences is a name ("Bebop", "Spike").
NAME_SHARE = 0.8
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def neutral_words(texts: Sequence[str]) -> frozenset[str]:
    """Words that name what is talked about, not how well it is done: aspect words
    ("plot", "soundtrack"), words for the work ("anime", "series") and names.

    A reader fitted to one show's scores learns that its reviewers who dwell on
    the plot score lower and that "Bebop" or "jazz" go with praise; on another
    show those are noise. So these carry no polarity of their own (word pairs
    holding them neither), and only the words around them judge.
    """
    mid: dict[str, list[int]] = {}
    for text in texts:
        for sentence in split_sentences(text):
            for m in list(_WORD.finditer(sentence.text))[1:]:
                word = m.group(0)
                mid.setdefault(word.lower(), []).append(word[0].isupper())
    names = {
        w
        for w, caps in mid.items()
        if len(caps) >= 3 and sum(caps) >= NAME_SHARE * len(caps) and w.split("'")[0] != "i"
    }
    aspect_words = {w for w in mid if any(t.fullmatch(w) for t in _TOPIC_WORD)} - JUDGING_TERMS
    return frozenset(names | aspect_words | WORK_WORDS)


#: Aspects whose terms name a topic; pacing's and enjoyment's ("rushed", "boring") judge.
_TOPIC_WORD = [
    re.compile(rf"(?:{p})", re.I)
    for a, p in ASPECT_TERMS.items()
    if a not in ("pacing", "enjoyment")
]
#: Aspect terms that are judgements too ("a confusing plot").
JUDGING_TERMS = frozenset({"confusing", "convoluted"})


def _neutral_term(term: str, neutral: frozenset[str]) -> bool:
    return any(w.removeprefix("NOT_").split("'")[0] in neutral for w in term.split(" "))


def fit_polarity(
    texts: Sequence[str],
    targets: Sequence[float],
    ridge: float,
    min_count: int = 3,
    neutral: frozenset[str] = frozenset(),
) -> PolarityLexicon:
    """Ridge regression of ``targets`` on the texts' word features (sparse least squares).

    Terms in fewer than ``min_count`` texts, and terms holding a ``neutral``
    word, are left out; weights under ``WEIGHT_FLOOR`` are not shipped.
    """
    vecs = [_unit_log_counts(word_features([t])) for t in texts]
    df: dict[str, int] = {}
    for vec in vecs:
        for t in vec:
            df[t] = df.get(t, 0) + 1
    kept = sorted(t for t, c in df.items() if c >= min_count and not _neutral_term(t, neutral))
    vocab = {t: i for i, t in enumerate(kept)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, row in enumerate(vecs):
        for t, x in row.items():
            if (i := vocab.get(t)) is not None:
                rows.append(r)
                cols.append(i)
                vals.append(x)
    X = sparse.csr_matrix((vals, (rows, cols)), shape=(len(vecs), len(vocab)))
    y = np.asarray(targets, dtype=float)
    intercept = float(y.mean())
    w = lsqr(X, y - intercept, damp=math.sqrt(ridge), atol=1e-8, btol=1e-8)[0]
    weights = {
        t: round(float(x), 3) for t, x in zip(kept, w, strict=True) if abs(x) >= WEIGHT_FLOOR
    }
    return PolarityLexicon(round(intercept, 3), weights)


@dataclass(frozen=True)
class AspectExample:
    """A training row: a review's reading, the reviewer's overall and aspect score (0-100)."""

    aspect: str
    reading: Reading
    overall: float
    target: float


def fit_aspects(
    examples: Sequence[AspectExample], polarity: PolarityLexicon, meta: Mapping[str, Any]
) -> AspectReader:
    """Least squares per aspect (and pooled as "*") of the two ``AspectFit`` forms."""
    centre = float(np.mean([e.reading.overall for e in examples]))
    fits: dict[str, AspectFit] = {}
    for aspect in [*sorted({e.aspect for e in examples}), "*"]:
        rows = [e for e in examples if aspect in ("*", e.aspect)]
        p = np.array([e.reading.overall - centre for e in rows])
        lean = np.array([e.reading.aspect_polarity(e.aspect) - e.reading.overall for e in rows])
        y = np.array([e.target for e in rows])
        alone = np.linalg.lstsq(np.c_[np.ones(len(rows)), p, lean], y, rcond=None)[0]
        above = y - np.array([e.overall for e in rows])
        anchored = np.linalg.lstsq(np.c_[np.ones(len(rows)), lean], above, rcond=None)[0]
        fits[aspect] = AspectFit(*(round(float(x), 4) for x in (*alone, *anchored)))
    return AspectReader(polarity, fits, round(centre, 4), dict(meta))


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


#: Points on 0-100 by which what the reviews state and what kansou read from their text
#: may differ before the title says so: about the half-width of a 90% interval of
#: a handful of reviews, so a smaller gap is within what a few reviews can differ by.
DISAGREE_POINTS = 15.0


def title_aspects(
    reviews: Sequence[Mapping[str, Mapping[str, Any]]], overall_scores: Sequence[float] = ()
) -> dict[str, dict[str, Any]]:
    """Per aspect across a title's reviews: the consensus of their normalized aspect scores.

    Input: each review's ``review_aspects`` and the title's stated overall
    review scores. Output per aspect: ``score``, ``low``, ``high`` (the
    consensus interval, shrunk toward ``aspect_prior``), ``n``, how many were
    ``stated`` and read from ``text``, ``by_origin`` (the score of each source alone) and
    ``disagreement``: when what was read from text and what the reviews state
    (the aspect's sub-scores, else their overall scores) differ by at least
    ``DISAGREE_POINTS``, which source says what; else None.
    """
    out: dict[str, dict[str, Any]] = {}
    prior = aspect_prior(overall_scores)
    for aspect in ASPECTS:
        entries = [r[aspect] for r in reviews if aspect in r]
        if not entries:
            continue
        c = consensus([float(e["normalized"]) for e in entries], prior)
        by_origin = {
            origin: _origin_summary([e for e in entries if e["origin"] == origin])
            for origin in ("stated", "text")
        }
        out[aspect] = {
            "score": c.score,
            "low": c.low,
            "high": c.high,
            "n": c.n,
            "stated": by_origin["stated"]["n"],
            "text": by_origin["text"]["n"],
            "by_origin": by_origin,
            "disagreement": _disagreement(aspect, by_origin, overall_scores),
        }
    return out


def aspect_prior(overall_scores: Sequence[float]) -> Prior:
    """What an aspect is expected to score before its reviews speak: where the title's
    own review consensus sits (the consensus prior when no review is scored).

    Shrunk toward the site-wide prior of 72, a critical title's few aspect
    readings would sit far above its reviews' scores (its four reviews average 36,
    its aspects 52-62): the aspects would contradict the scores they were read
    beside. Toward the title's consensus, they differ from it only by what the
    text says about each aspect.
    """
    if not overall_scores:
        return Prior()
    level = consensus(overall_scores).score
    return Prior(mean=float(level)) if level is not None else Prior()


def _origin_summary(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    values = [float(e["normalized"]) for e in entries]
    return {"n": len(values), "score": round(sum(values) / len(values), 1) if values else None}


def _disagreement(
    aspect: str, by_origin: Mapping[str, Mapping[str, Any]], overall_scores: Sequence[float]
) -> dict[str, Any] | None:
    text, stated = by_origin["text"], by_origin["stated"]
    if not text["n"]:
        return None
    name = aspect.replace("_", " ")
    if stated["n"]:
        against = {"source": f"{name} scores the reviews state", **stated}
    elif overall_scores:
        mean = round(sum(overall_scores) / len(overall_scores), 1)
        against = {"source": "the reviews' overall scores", "n": len(overall_scores), "score": mean}
    else:
        return None
    if abs(float(text["score"]) - float(against["score"])) < DISAGREE_POINTS:
        return None
    read = {"source": f"{name} read from the text of the reviews", **text}
    reviews = f"{text['n']} review{'s' if text['n'] != 1 else ''}"
    note = (f"read from the text of {reviews}: {text['score']:g}; "
            f"{against['source']} ({against['n']}): {against['score']:g}")  # fmt: skip
    return {"text": read, "stated": against, "note": note}
