"""The collaborative models: exactness of EASE's two solvers, and taste learned from ratings."""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp

from kansou.recommend.collaborative import EASE, ImplicitALS, ItemKNN, Popularity
from kansou.recommend.interactions import Interactions, holdout_split
from tests.recommend.recommend_fixtures import ACTION, taste_table


def tastes() -> Interactions:
    u, i, r = zip(*taste_table(), strict=True)
    return Interactions.from_triples(np.array(u), np.array(i), np.array(r, dtype=np.float32))


def random_matrix(users: int, items: int, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = (rng.random((users, items)) < 0.3) * rng.integers(1, 11, (users, items))
    return sp.csr_matrix(dense.astype(np.float32))


def test_ease_woodbury_and_direct_inverse_agree() -> None:
    wide = random_matrix(15, 40, seed=1)  # fewer users than titles: the Woodbury path
    dual = EASE(lam=5.0, weight_power=2.0).fit(wide)
    assert dual.dual is not None
    primal = EASE(lam=5.0, weight_power=2.0)
    primal.keep = dual.keep
    primal.n_items = dual.n_items
    assert dual.keep is not None
    from kansou.recommend.collaborative import rating_weights

    primal._fit_primal(rating_weights(wide, 2.0)[:, dual.keep].toarray())
    np.testing.assert_allclose(dual.score(wide), primal.score(wide), rtol=1e-3, atol=1e-4)


def test_one_user_fast_path_matches_the_batch() -> None:
    matrix = random_matrix(30, 25, seed=2)
    for model in (EASE(lam=3.0).fit(matrix), EASE(lam=3.0).fit(matrix[:10])):
        batch = model.score(matrix[:4])
        for u in range(4):
            np.testing.assert_allclose(model.score(matrix[u : u + 1])[0], batch[u], atol=1e-4)


def test_every_model_recommends_within_the_users_taste() -> None:
    data = tastes()
    action = np.isin(data.item_ids, ACTION)
    # ALS reads "watched" only, so the two disliked titles per user read as taste (0.7 here).
    cases = ((ItemKNN(min_count=2), 0.9), (EASE(lam=10.0, weight_power=2.0), 0.9))
    for model, floor in (*cases, (ImplicitALS(factors=4, seed=0), 0.65)):
        model.fit(data.matrix)
        scores = np.asarray(model.score(data.matrix, np.arange(data.n_users)), dtype=float)
        scores[data.matrix.nonzero()] = -np.inf
        best = scores.argmax(axis=1)
        fans_pick_action = action[best[:20]].mean()
        others_pick_romance = (~action[best[20:]]).mean()
        assert min(fans_pick_action, others_pick_romance) >= floor, type(model).__name__


def test_popularity_counts_watchers() -> None:
    data = tastes()
    counts = Popularity().fit(data.matrix).counts
    assert counts is not None
    assert counts.sum() == data.matrix.nnz


def test_als_trains_without_the_blas_thread_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ImplicitALS(factors=4, iterations=2).fit(tastes().matrix)
    assert not [w for w in caught if "threads" in str(w.message)]


def test_holdout_takes_a_fifth_of_each_user() -> None:
    matrix = tastes().matrix
    train, test = holdout_split(matrix, 0.2, seed=42)
    assert train.nnz + test.nnz == matrix.nnz
    per_user = np.diff(test.indptr)
    assert set(per_user) == {2}  # 9 ratings each: round(1.8) = 2
    assert train.multiply(test).nnz == 0
    again, _ = holdout_split(matrix, 0.2, seed=42)
    assert (again != train).nnz == 0
