"""Quality gate on real MyAnimeList ratings (issue 6): kansou's ranking against the baselines.

Protocol of ``benchmarks/recommend.py``: 20% of each user's ratings held out
(seed 42), all titles ranked with training titles excluded, relevant =
held-out titles rated 8+. The pins are the figures measured when the gate was
set (kansou Recall@10 0.405, NDCG@10 0.426; popularity 0.188 / 0.199; EASE
lambda 200, the best EASE of the benchmark grid, 0.366 / 0.382; ALS best of
its grid 0.267 / 0.274), rounded down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kansou.ratings.store import RatingsStore
from kansou.recommend.catalog import load_mal_catalog_csv
from kansou.recommend.collaborative import EASE, ImplicitALS, Popularity
from kansou.recommend.content import ContentIndex
from kansou.recommend.evaluate import HOLDOUT, evaluate
from kansou.recommend.interactions import Interactions, holdout_split
from kansou.recommend.ranker import KansouRanker

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
RATINGS = SHARED / "data" / "ratings" / "mal-user-ratings-2023.csv.gz"
CATALOG = SHARED / "data" / "catalog" / "mal-anime-2024.csv.gz"

#: Pinned from the measured run (see the module docstring).
MIN_RECALL, MIN_NDCG = 0.40, 0.42
MIN_VS_POPULARITY = 2.1
MIN_VS_EASE = 1.09
MIN_VS_ALS = 1.45


@pytest.mark.gate
def test_kansou_beats_popularity_ease_and_als_on_real_ratings(tmp_path: Path) -> None:
    if not (RATINGS.is_file() and CATALOG.is_file()):
        pytest.skip(f"{RATINGS.parent.parent} is missing: the quality gate needs ../shared")
    store = RatingsStore(tmp_path / "ratings")
    store.import_file(RATINGS)
    data = Interactions.from_store(store)
    assert (data.n_users, data.matrix.nnz) == (541, 160885)
    train, test = holdout_split(data.matrix, HOLDOUT, seed=42)

    def quality(model):  # type: ignore[no-untyped-def]
        return evaluate(model.fit(train).score, train, test)

    content = ContentIndex(load_mal_catalog_csv(CATALOG)).aligned(data.item_ids)
    kansou = quality(KansouRanker(title_content=content))
    popularity = quality(Popularity())
    ease = quality(EASE(lam=200.0))
    als = quality(ImplicitALS(factors=32, regularization=0.1))
    assert kansou.recall >= MIN_RECALL and kansou.ndcg >= MIN_NDCG
    for baseline, floor in (
        (popularity, MIN_VS_POPULARITY),
        (ease, MIN_VS_EASE),
        (als, MIN_VS_ALS),
    ):
        assert kansou.recall / baseline.recall >= floor, (kansou, baseline)
        assert kansou.ndcg / baseline.ndcg >= floor, (kansou, baseline)
