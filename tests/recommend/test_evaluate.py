"""Ranking metrics on hand-checked cases."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from kansou.recommend.evaluate import evaluate, top_k


def test_top_k_is_best_first() -> None:
    scores = np.array([[0.1, 0.9, 0.5, -np.inf, 0.7]])
    assert top_k(scores, 3).tolist() == [[1, 4, 2]]


def test_metrics_on_a_known_list() -> None:
    train = sp.csr_matrix(np.array([[9, 0, 0, 0, 0, 0]], dtype=np.float32))
    # held out: titles 1 (liked), 2 (liked), 3 (rated 5: not relevant)
    test = sp.csr_matrix(np.array([[0, 8, 10, 5, 0, 0]], dtype=np.float32))
    # ranking: title 0 (excluded: trained), then 1, 4, 2, 3, 5
    fixed = np.array([[10.0, 9.0, 7.0, 6.0, 8.0, 1.0]])
    m = evaluate(lambda rows, users: fixed[users], train, test, k=2)
    assert m.users == 1
    assert m.recall == pytest.approx(1 / 2)  # hits at rank 1 only, min(k, 2) = 2
    assert m.ndcg == pytest.approx(1 / (1 + 1 / np.log2(3)))
    assert m.map == pytest.approx(1 / 2)
    perfect = np.array([[10.0, 9.0, 9.5, 1.0, 1.0, 1.0]])
    best = evaluate(lambda rows, users: perfect[users], train, test, k=2)
    assert (best.recall, best.ndcg, best.map) == (1.0, 1.0, 1.0)
