"""Similar titles from ratings, content and harvested links, each with checkable reasons."""

from __future__ import annotations

import numpy as np
import pytest

from kansou.recommend.blend import SimilarLink, similar_title_table
from kansou.recommend.catalog import load_mal_catalog_csv
from kansou.recommend.interactions import Interactions
from kansou.recommend.persist import train_model
from kansou.recommend.personal import Recommender
from tests.recommend.recommend_fixtures import ACTION, ROMANCE, taste_table


@pytest.fixture
def recommender(catalog_csv):  # type: ignore[no-untyped-def]
    u, i, r = zip(*taste_table(), strict=True)
    data = Interactions.from_triples(np.array(u), np.array(i), np.array(r, dtype=np.float32))
    links = [
        SimilarLink(101, 104, "myanimelist.net", 12),
        SimilarLink(104, 101, "anilist.co", 3),
    ]
    return Recommender(train_model(data), load_mal_catalog_csv(catalog_csv), links)


def test_similar_titles_stay_with_the_audience(recommender: Recommender) -> None:
    similar = recommender.similar_titles(101, n=5)
    assert [r.mal_id in ACTION for r in similar] == [True] * 5
    assert 101 not in [r.mal_id for r in similar]


def test_reasons_name_the_audience_share_tags_and_sites(recommender: Recommender) -> None:
    champloo = next(r for r in recommender.similar_titles(101, n=10) if r.mal_id == 104)
    assert "recommended on 2 sites (15 votes)" in champloo.reasons
    assert "shares genres Action" not in champloo.reasons  # one shared genre says little
    data = recommender.model.interactions  # type: ignore[union-attr]
    m = data.matrix.tocsc()
    a, b = data.item_index()[101], data.item_index()[104]
    watchers = m[:, a].nonzero()[0]
    liked = int((m[watchers, b].toarray() >= 8).sum())
    share = round(100 * liked / len(watchers))
    assert f"{share}% of people who rated Cowboy Bebop rated it 8+" in champloo.reasons


def test_typed_titles_get_titles_of_the_same_taste(recommender: Recommender) -> None:
    picks = recommender.recommend_for_titles([201, 202], n=5)
    assert [p.mal_id in ROMANCE for p in picks] == [True] * 5
    assert {201, 202}.isdisjoint(p.mal_id for p in picks)
    assert all(p.reasons for p in picks)


def test_a_user_gets_unwatched_titles_of_their_taste(recommender: Recommender) -> None:
    data = recommender.model.interactions  # type: ignore[union-attr]
    watched = set(data.item_ids[data.matrix[0].indices])
    picks = recommender.recommend_for_user(0, n=3)
    assert picks and all(p.mal_id in ACTION and p.mal_id not in watched for p in picks)


def test_unknown_user_and_title_are_refused(recommender: Recommender) -> None:
    with pytest.raises(Exception) as err:
        recommender.recommend_for_user(999)
    assert (
        str(err.value)
        == "unknown user 999: no imported rating has user_id 999 (40 users, ids 0..39)"
    )
    with pytest.raises(Exception) as err2:
        recommender.similar_titles(5)
    assert str(err2.value) == "unknown title MAL id 5: not in the catalog nor in any rating"


def test_the_whole_table_agrees_with_one_title_at_a_time(recommender: Recommender) -> None:
    assert recommender.audience is not None
    table = similar_title_table(recommender.audience, recommender.content, recommender.links, 3)
    assert set(table) == set(ACTION + ROMANCE)
    one = [r.mal_id for r in recommender.similar_titles(102, n=3)]
    assert set(table[102]) & set(one)
