"""Trained collaborative models, stored beside the ratings they came from.

A model is trained from every imported rating table and saved as
``model-<key>.npz`` in the ratings directory. The key hashes the ratings
store's fingerprint (its imported tables), the blend weights and
``MODEL_FORMAT``; when any of them changes the saved file no longer matches,
the model is retrained and stale files are removed. NPZ holds only arrays,
so loading never runs code from disk (``allow_pickle=False``).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from kansou.ratings.store import RatingsStore
from kansou.recommend.collaborative import EASE, ItemKNN
from kansou.recommend.interactions import Interactions
from kansou.recommend.ranker import KANSOU_WEIGHTS, BlendWeights, KansouRanker

#: Bump when the arrays saved below change meaning.
MODEL_FORMAT = 2


@dataclass
class TrainedModel:
    """Everything ``Recommender`` needs from the ratings: matrix, ranker, neighbours."""

    interactions: Interactions
    ranker: KansouRanker
    knn: ItemKNN
    train_seconds: float = 0.0


def train_model(interactions: Interactions, weights: BlendWeights = KANSOU_WEIGHTS) -> TrainedModel:
    """Fit the personal ranker and the title neighbours on every interaction."""
    start = time.perf_counter()
    ranker = KansouRanker(weights).fit(interactions.matrix)
    knn = ItemKNN().fit(interactions.matrix)
    return TrainedModel(interactions, ranker, knn, time.perf_counter() - start)


def model_key(fingerprint: str, weights: BlendWeights = KANSOU_WEIGHTS) -> str:
    text = f"{MODEL_FORMAT}|{fingerprint}|{sorted(weights.__dict__.items())}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _csr_arrays(prefix: str, matrix: sp.csr_matrix) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_data": matrix.data,
        f"{prefix}_indices": matrix.indices,
        f"{prefix}_indptr": matrix.indptr,
        f"{prefix}_shape": np.asarray(matrix.shape),
    }


def _csr_from(arrays: dict[str, np.ndarray], prefix: str) -> sp.csr_matrix:
    return sp.csr_matrix(
        (arrays[f"{prefix}_data"], arrays[f"{prefix}_indices"], arrays[f"{prefix}_indptr"]),
        shape=tuple(arrays[f"{prefix}_shape"]),
    )


def save_model(model: TrainedModel, directory: Path, key: str) -> Path:
    """Write ``model-<key>.npz`` atomically and drop older model files."""
    ease, knn = model.ranker.ease, model.knn.similarity
    assert ease is not None and ease.keep is not None and knn is not None
    assert model.ranker.prior is not None
    arrays = {
        "user_ids": model.interactions.user_ids,
        "item_ids": model.interactions.item_ids,
        **_csr_arrays("ratings", model.interactions.matrix),
        **_csr_arrays("knn", knn),
        "prior": model.ranker.prior,
        "ease_keep": ease.keep,
        "ease_params": np.asarray([ease.lam, ease.weight_power, ease.min_count, ease.n_items]),
    }
    if ease.dense_b is not None:
        arrays["ease_b"] = ease.dense_b
    else:
        assert ease.dual is not None
        arrays.update(ease_xt=ease.dual[0], ease_kx=ease.dual[1], ease_diag=ease.dual[2])
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"model-{key}.npz"
    partial = directory / f"model-{key}.partial.npz"
    np.savez(partial, **arrays)  # type: ignore[arg-type]
    partial.replace(final)
    for old in directory.glob("model-*.npz"):
        if old != final:
            old.unlink(missing_ok=True)
    return final


def load_model(
    directory: Path, key: str, weights: BlendWeights = KANSOU_WEIGHTS
) -> TrainedModel | None:
    """The saved model for ``key``, or None when there is none (or it is unreadable)."""
    path = directory / f"model-{key}.npz"
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError):
        return None
    interactions = Interactions(
        arrays["user_ids"], arrays["item_ids"], _csr_from(arrays, "ratings")
    )
    lam, power, min_count, n_items = arrays["ease_params"]
    ease = EASE(lam=float(lam), weight_power=float(power), min_count=int(min_count))
    ease.keep, ease.n_items = arrays["ease_keep"], int(n_items)
    if "ease_b" in arrays:
        ease.dense_b = arrays["ease_b"]
    else:
        ease.dual = (arrays["ease_xt"], arrays["ease_kx"], arrays["ease_diag"])
    ranker = KansouRanker(weights, ease=ease, prior=arrays["prior"])
    knn = ItemKNN(similarity=_csr_from(arrays, "knn"))
    return TrainedModel(interactions, ranker, knn)


def trained_model(store: RatingsStore) -> TrainedModel:
    """The model for the store's current ratings: loaded if saved, else trained and saved."""
    key = model_key(store.fingerprint())
    model = load_model(store.directory, key)
    if model is None:
        model = train_model(Interactions.from_store(store))
        save_model(model, store.directory, key)
    return model
