"""The user x title matrix that collaborative filtering learns from.

Decisions made here:

- A row of the ratings store becomes an interaction unless its watching
  status is "plan to watch" (not watched yet). A scored row keeps its 1-10
  score; a "watched, no score" row gets ``UNSCORED_RATING``.
- The same (user, title) pair in two imported tables counts once, with its
  highest score.
- Users and titles are indexed by their sorted external ids, so the same
  ratings always give the same matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kansou.ratings.stats import STATUS_PLAN_TO_WATCH
from kansou.ratings.store import RatingsStore

#: Score given to "watched, no score" rows: the rounded mean of the 160,885 real
#: MAL ratings in ``mal-user-ratings-2023`` (7.2), so they read as average.
UNSCORED_RATING = 7.0

#: A score at or above which a rating counts as "liked" (MAL's 8 = "very good").
LIKED_RATING = 8.0


@dataclass(frozen=True)
class Interactions:
    """Users x titles; ``matrix.data`` holds 1-10 scores (float32)."""

    user_ids: np.ndarray
    item_ids: np.ndarray
    matrix: sp.csr_matrix

    @classmethod
    def from_triples(
        cls, users: np.ndarray, items: np.ndarray, ratings: np.ndarray
    ) -> Interactions:
        """Build the matrix from parallel arrays of external ids and scores (NaN: unscored)."""
        user_ids, u = np.unique(np.asarray(users, dtype=np.int64), return_inverse=True)
        item_ids, i = np.unique(np.asarray(items, dtype=np.int64), return_inverse=True)
        values = np.asarray(ratings, dtype=np.float32)
        values = np.where(np.isnan(values) | (values < 1), UNSCORED_RATING, values)
        coo = sp.coo_matrix((values, (u, i)), shape=(len(user_ids), len(item_ids)))
        return cls(user_ids, item_ids, _max_duplicates(coo))

    @classmethod
    def from_store(cls, store: RatingsStore) -> Interactions:
        """Every watched (user, title) pair of the ratings store."""
        con = store.connect()
        try:
            cols = con.sql(
                "SELECT user_id, anime_id, max(rating)::FLOAT AS rating FROM ratings "
                f"WHERE status IS NULL OR status <> {STATUS_PLAN_TO_WATCH} GROUP BY ALL"
            ).fetchnumpy()
        finally:
            con.close()
        ratings = np.asarray(cols["rating"], dtype=np.float32)
        return cls.from_triples(np.asarray(cols["user_id"]), np.asarray(cols["anime_id"]), ratings)

    def with_matrix(self, matrix: sp.csr_matrix) -> Interactions:
        """The same users and titles over another matrix (a train or test part)."""
        return Interactions(self.user_ids, self.item_ids, matrix)

    @property
    def n_users(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.matrix.shape[1])

    def item_index(self) -> dict[int, int]:
        return {int(mal_id): i for i, mal_id in enumerate(self.item_ids)}

    def item_counts(self) -> np.ndarray:
        """How many users watched each title."""
        return np.diff(self.matrix.tocsc().indptr).astype(np.float32)

    def liked_counts(self) -> np.ndarray:
        """How many users rated each title ``LIKED_RATING`` or more."""
        liked = self.matrix.multiply(self.matrix >= LIKED_RATING)
        return np.asarray((liked > 0).sum(axis=0)).ravel().astype(np.float32)


def _max_duplicates(coo: sp.coo_matrix) -> sp.csr_matrix:
    order = np.lexsort((-coo.data, coo.col, coo.row))
    row, col, data = coo.row[order], coo.col[order], coo.data[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
    matrix = sp.csr_matrix((data[first], (row[first], col[first])), shape=coo.shape)
    matrix.sort_indices()
    return matrix


def holdout_split(
    matrix: sp.csr_matrix, fraction: float, seed: int
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Hold out ``fraction`` of each user's interactions at random (rounded, fixed seed)."""
    rng = np.random.default_rng(seed)
    held = np.zeros(matrix.nnz, dtype=bool)
    for user in range(matrix.shape[0]):
        start, end = matrix.indptr[user], matrix.indptr[user + 1]
        k = round(fraction * (end - start))
        if k:
            held[start + rng.choice(end - start, size=k, replace=False)] = True
    return _subset(matrix, ~held), _subset(matrix, held)


def _subset(matrix: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    coo = matrix.tocoo()
    part = sp.csr_matrix(
        (coo.data[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape, dtype=np.float32
    )
    part.sort_indices()
    return part
