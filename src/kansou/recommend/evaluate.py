"""Offline evaluation: hide part of each user's titles and see whether they come back.

The protocol of issue 6: hold out ``HOLDOUT`` of each user's ratings at
random (fixed seed), rank every title with the user's training titles
excluded, and count a held-out title as relevant when it was rated
``LIKED_RATING`` (8) or more. Users with no relevant held-out title are
skipped. Metrics at k, as in Liang et al. 2018 and Steck 2019:

- Recall@k: hits / min(k, relevant), so a perfect list scores 1;
- NDCG@k: DCG of the list over the DCG of an ideal list of min(k, relevant) hits;
- MAP@k: precision at each hit, summed, over min(k, relevant).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kansou.recommend.interactions import LIKED_RATING

#: Share of each user's ratings held out for testing (issue 6).
HOLDOUT = 0.2

#: Users scored per block, bounding memory at block x titles floats.
SCORE_BLOCK = 256

Scorer = Callable[[sp.csr_matrix, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Metrics:
    """Mean ranking quality over the evaluated users."""

    recall: float
    ndcg: float
    map: float
    users: int

    def to_dict(self) -> dict[str, float]:
        return {
            "recall_at_10": round(self.recall, 4),
            "ndcg_at_10": round(self.ndcg, 4),
            "map_at_10": round(self.map, 4),
        }


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best scores of each row, best first."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def _user_metrics(ranked: np.ndarray, relevant: np.ndarray, k: int) -> tuple[float, float, float]:
    hits = np.isin(ranked, relevant).astype(np.float64)
    m = min(k, len(relevant))
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    recall = hits.sum() / m
    ndcg = float((hits * discount[: len(hits)]).sum() / discount[:m].sum())
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(recall), ndcg, float((precision * hits).sum() / m)


def evaluate(scorer: Scorer, train: sp.csr_matrix, test: sp.csr_matrix, k: int = 10) -> Metrics:
    """Rank all titles for every user with held-out likes; ``scorer(rows, users)``."""
    users = np.flatnonzero(np.diff((test >= LIKED_RATING).tocsr().indptr) > 0)
    totals = np.zeros(3)
    for start in range(0, len(users), SCORE_BLOCK):
        block = users[start : start + SCORE_BLOCK]
        rows = train[block]
        scores = np.array(scorer(rows, block), dtype=np.float32, copy=True)
        scores[rows.nonzero()] = -np.inf
        ranked = top_k(scores, k)
        for i, user in enumerate(block):
            row = test[user]
            relevant = row.indices[row.data >= LIKED_RATING]
            totals += _user_metrics(ranked[i], relevant, k)
    n = max(len(users), 1)
    return Metrics(totals[0] / n, totals[1] / n, totals[2] / n, len(users))
