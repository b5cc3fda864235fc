"""Content similarity: titles alike in genres, themes, studio, staff, source and story.

A title becomes one sparse vector made of named blocks, each L2-normalised
and weighted by ``BLOCK_WEIGHTS``: genre/theme tags, studios, staff, source
material, and the synopsis as TF-IDF over words (stop words and words in
more than ``MAX_DOC_SHARE`` of synopses dropped; ``SYNOPSIS_TERMS`` strongest
terms kept per title so the vectors stay sparse). Similarity is the cosine of
two vectors. The blocks a pair shares become reasons ("shares studio Bones").

Input is plain ``TitleRecord`` values so any catalog (the SQL store, a MAL
CSV) can feed it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

#: Relative weight of each block in the content vector; tags and studio carry
#: most of what "similar" means to a viewer, the synopsis breaks ties.
BLOCK_WEIGHTS: dict[str, float] = {
    "genre": 1.0,
    "theme": 0.8,
    "studio": 0.7,
    "staff": 0.6,
    "source": 0.3,
    "synopsis": 0.6,
}

#: Words in more synopses than this share say nothing about a title.
MAX_DOC_SHARE = 0.2

#: Strongest synopsis terms kept per title.
SYNOPSIS_TERMS = 40

STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "while",
        "who",
        "will",
        "with",
        "written",
        "mal",
        "rewrite",
        "source",
        "not",
        "one",
        "two",
        "when",
        "after",
        "before",
        "about",
        "all",
        "also",
        "can",
        "more",
        "out",
        "up",
    )
)

WORD = re.compile(r"[a-z][a-z'-]{2,}")

TAG_KINDS = ("genre", "theme", "studio", "staff", "source")

Triples = tuple[list[int], list[int], np.ndarray]


@dataclass(frozen=True)
class TitleRecord:
    """What the content model reads about a title; empty fields are simply absent."""

    mal_id: int
    name: str
    genres: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    source: str | None = None
    synopsis: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _tags(record: TitleRecord) -> dict[str, Sequence[str]]:
    return {
        "genre": record.genres,
        "theme": record.themes,
        "studio": record.studios,
        "staff": record.staff,
        "source": (record.source,) if record.source else (),
    }


def synopsis_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


class ContentIndex:
    """Content vectors of a catalog and the cosine between any two of its titles."""

    def __init__(self, records: Iterable[TitleRecord]) -> None:
        self.records = list(records)
        self.position = {r.mal_id: i for i, r in enumerate(self.records)}
        self.vocabulary: dict[str, int] = {}
        parts = [self._tag_part(kind) for kind in TAG_KINDS] + [self._synopsis_part()]
        shape = (len(self.records), max(len(self.vocabulary), 1))
        vectors = sp.csr_matrix(shape, dtype=np.float32)
        for kind, (rows, cols, vals) in zip((*TAG_KINDS, "synopsis"), parts, strict=True):
            block = sp.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)
            vectors = vectors + BLOCK_WEIGHTS[kind] * _l2_rows(block)
        self.vectors = _l2_rows(vectors.tocsr())

    def _column(self, token: str) -> int:
        return self.vocabulary.setdefault(token, len(self.vocabulary))

    def _tag_part(self, kind: str) -> Triples:
        rows, cols = [], []
        for i, record in enumerate(self.records):
            for tag in dict.fromkeys(t.strip().lower() for t in _tags(record)[kind] if t.strip()):
                rows.append(i)
                cols.append(self._column(f"{kind}:{tag}"))
        return rows, cols, np.ones(len(rows), np.float32)

    def _synopsis_part(self) -> Triples:
        docs = [Counter(synopsis_words(r.synopsis)) for r in self.records]
        df = Counter(w for doc in docs for w in doc)
        limit = max(2.0, MAX_DOC_SHARE * len(docs))
        idf = {w: np.log(len(docs) / n) for w, n in df.items() if 2 <= n <= limit}
        rows, cols, vals = [], [], []
        for i, doc in enumerate(docs):
            weighted = [(tf * idf[w], w) for w, tf in doc.items() if w in idf]
            for weight, word in sorted(weighted, reverse=True)[:SYNOPSIS_TERMS]:
                rows.append(i)
                cols.append(self._column(f"synopsis:{word}"))
                vals.append(weight)
        return rows, cols, np.asarray(vals, np.float32)

    def similarities(self, mal_id: int) -> np.ndarray:
        """Cosine of ``mal_id`` against every catalog title (zeros if unknown)."""
        i = self.position.get(mal_id)
        if i is None:
            return np.zeros(len(self.records), np.float32)
        return np.asarray((self.vectors @ self.vectors[i].T).todense()).ravel()

    def aligned(self, mal_ids: np.ndarray) -> sp.csr_matrix:
        """Content vectors in the order of ``mal_ids`` (an empty row for an unknown title)."""
        where = np.array([self.position.get(int(m), -1) for m in mal_ids], dtype=np.int64)
        known = np.flatnonzero(where >= 0)
        pick = sp.csr_matrix(
            (np.ones(len(known), np.float32), (known, where[known])),
            shape=(len(mal_ids), len(self.records)),
        )
        return (pick @ self.vectors).tocsr()

    def shared(self, a: int, b: int) -> dict[str, list[str]]:
        """The tags two titles have in common, by block (for reasons)."""
        ra, rb = self.records[self.position[a]], self.records[self.position[b]]
        ta, tb = _tags(ra), _tags(rb)
        out: dict[str, list[str]] = {}
        for kind in ta:
            lower_b = {t.lower() for t in tb[kind]}
            common = [t for t in ta[kind] if t.lower() in lower_b]
            if common:
                out[kind] = common
        return out


def _l2_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = sp.diags(np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0).astype(np.float32))
    return (scale @ matrix).tocsr()
