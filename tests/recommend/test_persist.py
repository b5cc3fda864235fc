"""Trained models are kept beside the ratings and retrained when the ratings change."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kansou.ratings.store import RatingsStore
from kansou.recommend.persist import trained_model


def test_model_is_saved_reloaded_and_invalidated(taste_csv: Path, tmp_path: Path) -> None:
    store = RatingsStore(tmp_path / "ratings")
    store.import_file(taste_csv)
    first = trained_model(store)
    saved = list(store.directory.glob("model-*.npz"))
    assert len(saved) == 1
    again = trained_model(store)
    assert again.train_seconds == 0.0  # loaded, not trained
    rows = first.interactions.matrix[:3]
    np.testing.assert_allclose(again.ranker.score(rows), first.ranker.score(rows))

    extra = tmp_path / "more.csv"
    extra.write_text("user_id,anime_id,rating\n100,101,9\n100,102,9\n", encoding="utf-8")
    store.import_file(extra)
    retrained = trained_model(store)
    assert retrained.train_seconds > 0.0
    assert 100 in retrained.interactions.user_ids
    now = list(store.directory.glob("model-*.npz"))
    assert len(now) == 1 and now != saved
