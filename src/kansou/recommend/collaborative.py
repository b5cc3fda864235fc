"""Collaborative filtering: titles scored from what similar audiences watched and liked.

Four models share one shape (``fit`` on a users x titles ratings matrix,
``score`` for rows of that shape, higher is better):

- ``Popularity``: how many users watched each title, the baseline to beat.
- ``ItemKNN``: cosine similarity between titles' audiences, ``ITEM_KNN_NEIGHBOURS``
  kept per title; it also backs "similar titles" and their reasons.
- ``ImplicitALS``: the ``implicit`` library's alternating least squares.
- ``EASE`` (Steck 2019): the closed-form item-item model
  ``B = I - P / diag(P)``, ``P = (X'X + lambda I)^-1`` over titles watched by at
  least ``min_count`` users. With fewer users than titles the inverse is taken
  through the Woodbury identity, ``P = (I - X' (XX' + lambda I)^-1 X) / lambda``,
  which costs users^2 x titles instead of titles^3 (0.5 s instead of 15 s on
  the 541 real MAL users), and is exact.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg import cho_factor, cho_solve, lapack
from threadpoolctl import ThreadpoolController, threadpool_limits

_BLAS = ThreadpoolController()

#: Neighbours kept per title by ``ItemKNN`` (scoring and "similar titles").
ITEM_KNN_NEIGHBOURS = 100

#: Titles whose audience cosines are computed at once by ``ItemKNN`` (bounds
#: memory at block x titles floats: 1024 x 16,663 is 68 MB).
KNN_BLOCK = 1024

#: Titles with fewer watchers than this get no ``ItemKNN`` neighbours at all
#: (a cosine over 1-2 users is noise).
ITEM_KNN_MIN_COUNT = 3


def _binary(rows: sp.csr_matrix) -> sp.csr_matrix:
    out = rows.copy().astype(np.float32)
    out.data[:] = 1.0
    return out


def rating_weights(rows: sp.csr_matrix, power: float) -> sp.csr_matrix:
    """Rows with each score r replaced by (r / 10) ** power (power 0: watched = 1)."""
    out = rows.copy().astype(np.float32)
    out.data = (out.data / 10.0) ** power if power else np.ones_like(out.data)
    return out


@dataclass
class Popularity:
    """Titles ranked by how many users watched them."""

    counts: np.ndarray | None = None

    def fit(self, matrix: sp.csr_matrix) -> Popularity:
        self.counts = np.diff(matrix.tocsc().indptr).astype(np.float32)
        return self

    def score(self, rows: sp.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        assert self.counts is not None
        return np.tile(self.counts, (rows.shape[0], 1))


@dataclass
class ItemKNN:
    """Cosine similarity between titles' sets of watchers, top neighbours only."""

    neighbours: int = ITEM_KNN_NEIGHBOURS
    min_count: int = ITEM_KNN_MIN_COUNT
    similarity: sp.csr_matrix | None = None

    def fit(self, matrix: sp.csr_matrix) -> ItemKNN:
        binary = _binary(matrix).tocsc()
        counts = np.diff(binary.indptr)
        keep = np.flatnonzero(counts >= self.min_count)
        kept = binary[:, keep]
        dense = kept.toarray()
        by_title = kept.T.tocsr()
        norms = np.sqrt(counts[keep]).astype(np.float32)
        parts = [(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))]
        for start in range(0, len(keep), KNN_BLOCK):
            block = slice(start, start + KNN_BLOCK)
            # sparse x dense costs ~nnz x titles, not users x titles^2 as dense x dense
            cosine = np.asarray(by_title[block] @ dense)
            cosine /= norms[block, None]
            cosine /= norms[None, :]
            rows = np.arange(cosine.shape[0])
            cosine[rows, rows + start] = 0.0
            parts.append(_top_k(cosine, keep, keep[block], self.neighbours))
        rows, cols, vals = (np.concatenate(p) for p in zip(*parts, strict=True))
        n = matrix.shape[1]
        self.similarity = sp.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=np.float32)
        return self

    def score(self, rows: sp.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        assert self.similarity is not None
        return np.asarray((_binary(rows) @ self.similarity).todense())


def _top_k(
    dense: np.ndarray, keep: np.ndarray, anchors: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(anchor, neighbour, cosine) for the ``k`` largest positive entries of each row of
    ``dense`` (titles ``anchors`` against titles ``keep``)."""
    width = dense.shape[1]
    k = min(k, width - 1)
    if k <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    cols = np.argpartition(dense, width - k, axis=1)[:, width - k :]
    vals = np.take_along_axis(dense, cols, axis=1).ravel()
    positive = vals > 0
    rows = np.repeat(anchors, k)[positive]
    return rows, keep[cols.ravel()][positive], vals[positive]


@dataclass
class ImplicitALS:
    """``implicit``'s ALS on watched = 1, confidence ``1 + alpha``.

    BLAS runs single-threaded during the fit, as ``implicit`` asks (its own
    threads do the parallel work; nested BLAS threads make it ~10x slower).
    """

    factors: int = 64
    regularization: float = 0.05
    alpha: float = 10.0
    iterations: int = 15
    seed: int = 0
    user_factors: np.ndarray | None = None
    item_factors: np.ndarray | None = None

    def fit(self, matrix: sp.csr_matrix) -> ImplicitALS:
        from implicit.cpu.als import AlternatingLeastSquares

        with threadpool_limits(1, "blas"), warnings.catch_warnings():
            # implicit warns about BLAS threads once, before threadpool_limits is seen.
            warnings.filterwarnings("ignore", message=".*BLAS.*threads", category=RuntimeWarning)
            model = AlternatingLeastSquares(
                factors=self.factors,
                regularization=self.regularization,
                alpha=self.alpha,
                iterations=self.iterations,
                random_state=self.seed,
            )
            model.fit(_binary(matrix), show_progress=False)
        self.user_factors = np.asarray(model.user_factors)
        self.item_factors = np.asarray(model.item_factors)
        return self

    def score(self, rows: sp.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        assert self.item_factors is not None and self.user_factors is not None
        factors = self.user_factors[users] if users is not None else self._fold_in(rows)
        return np.asarray(factors @ self.item_factors.T)

    def _fold_in(self, rows: sp.csr_matrix) -> np.ndarray:
        """Factors for users not seen in training: one ALS half-step on their rows."""
        assert self.item_factors is not None
        y = self.item_factors
        base = y.T @ y + self.regularization * np.eye(y.shape[1], dtype=y.dtype)
        out = np.zeros((rows.shape[0], y.shape[1]), dtype=np.float32)
        for i in range(rows.shape[0]):
            idx = rows.indices[rows.indptr[i] : rows.indptr[i + 1]]
            yi = y[idx]
            a = base + self.alpha * yi.T @ yi
            out[i] = np.linalg.solve(a, (1 + self.alpha) * yi.sum(axis=0))
        return out


@dataclass
class EASE:
    """Steck's EASE over titles with at least ``min_count`` watchers.

    ``weight_power`` turns scores into input weights (``rating_weights``):
    0 is the paper's binary model.
    """

    lam: float = 200.0
    min_count: int = 3
    weight_power: float = 0.0
    keep: np.ndarray | None = None
    n_items: int = 0
    dense_b: np.ndarray | None = None
    #: Woodbury form: (X' titles x users, (XX' + lambda I)^-1 X, diag(P)).
    dual: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def fit(self, matrix: sp.csr_matrix) -> EASE:
        counts = np.diff(matrix.tocsc().indptr)
        self.keep = np.flatnonzero(counts >= self.min_count)
        self.n_items = matrix.shape[1]
        x = rating_weights(matrix, self.weight_power)[:, self.keep].toarray()
        if x.shape[0] < x.shape[1]:
            self._fit_dual(x)
        else:
            self._fit_primal(x)
        return self

    def _fit_dual(self, x: np.ndarray) -> None:
        gram = x @ x.T
        gram[np.diag_indices_from(gram)] += self.lam
        kx = cho_solve(
            cho_factor(gram, overwrite_a=True, check_finite=False), x, check_finite=False
        )
        diag_p = (1.0 - np.einsum("ui,ui->i", x, kx)) / self.lam
        self.dual = (np.ascontiguousarray(x.T), kx, diag_p.astype(np.float32))
        self.dense_b = None

    def _fit_primal(self, x: np.ndarray) -> None:
        gram = x.T @ x
        gram[np.diag_indices_from(gram)] += self.lam
        chol, info = lapack.spotrf(gram, lower=0, overwrite_a=1)
        inverse, info2 = lapack.spotri(chol, lower=0, overwrite_c=1)
        if info or info2:
            raise ArithmeticError(f"EASE Gram matrix is not positive definite ({info}, {info2})")
        inverse = np.triu(inverse) + np.triu(inverse, 1).T
        b = -inverse / np.diag(inverse)[None, :]
        np.fill_diagonal(b, 0.0)
        self.dense_b = b.astype(np.float32)
        self.dual = None

    def score(self, rows: sp.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        """Scores for every title; titles outside the model get -inf."""
        assert self.keep is not None
        out = np.full((rows.shape[0], self.n_items), -np.inf, dtype=np.float32)
        if rows.shape[0] == 1:
            out[0, self.keep] = self._one_row(rows)
            return out
        x = rating_weights(rows, self.weight_power)[:, self.keep].toarray()
        out[:, self.keep] = self._kept_scores(x)
        return out

    def _kept_scores(self, x: np.ndarray) -> np.ndarray:
        if self.dense_b is not None:
            return x @ self.dense_b
        assert self.dual is not None
        train_xt, kx, diag_p = self.dual
        xp = (x - (x @ train_xt) @ kx) / self.lam
        return x - xp / diag_p[None, :]

    def _one_row(self, row: sp.csr_matrix) -> np.ndarray:
        """One user's scores from their watched titles only (the serving path).

        BLAS runs single-threaded here: for one vector-matrix product, waking
        a thread pool costs more than it saves (30 ms against 3 ms on a busy
        2-core machine).
        """
        assert self.keep is not None
        slot = np.searchsorted(self.keep, row.indices)
        slot = np.minimum(slot, len(self.keep) - 1)
        known = self.keep[slot] == row.indices
        cols = slot[known]
        weights = rating_weights(row, self.weight_power).data[known].astype(np.float32)
        with _BLAS.limit(limits=1, user_api="blas"):
            if self.dense_b is not None:
                return weights @ self.dense_b[cols]
            assert self.dual is not None
            train_xt, kx, diag_p = self.dual
            xp = -(weights @ train_xt[cols]) @ kx
        xp[cols] += weights
        xp /= self.lam
        scores = -xp / diag_p
        scores[cols] += weights
        return scores
