"""Content similarity and typed titles resolved to MAL ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansou.errors import UserError
from kansou.recommend.blend import content_reasons
from kansou.recommend.catalog import TitleNames, load_mal_catalog_csv
from kansou.recommend.content import ContentIndex, TitleRecord


def test_catalog_csv_splits_genres_from_themes(catalog_csv: Path) -> None:
    records = {r.mal_id: r for r in load_mal_catalog_csv(catalog_csv)}
    assert records[101].genres == ("Action", "Sci-Fi")
    assert records[101].themes == ("Space",)
    assert records[201].themes == ("School",)


def test_titles_alike_in_tags_and_story_are_nearest(catalog_csv: Path) -> None:
    records = load_mal_catalog_csv(catalog_csv)
    index = ContentIndex(records)
    sims = index.similarities(101)
    ranked = [records[i].mal_id for i in sims.argsort()[::-1]]
    assert ranked[:2] == [101, 103]  # Outlaw Star: same genres, space, outlaws
    assert ranked.index(102) < ranked.index(201)


def test_shared_studio_and_genres_become_reasons() -> None:
    records = [
        TitleRecord(1, "Cowboy Bebop", genres=("Action", "Sci-Fi"), studios=("Sunrise",)),
        TitleRecord(2, "Wolf's Rain", genres=("Action", "Sci-Fi", "Drama"), studios=("Bones",)),
        TitleRecord(3, "Space Dandy", genres=("Comedy", "Sci-Fi"), studios=("Bones",)),
    ]
    index = ContentIndex(records)
    assert content_reasons(index, 1, 2) == ["shares genres Action, Sci-Fi"]
    assert content_reasons(index, 2, 3) == ["shares studio Bones"]  # one genre is not enough


def test_typed_names_resolve_and_unknown_ones_are_refused(catalog_csv: Path) -> None:
    names = TitleNames(load_mal_catalog_csv(catalog_csv))
    assert names.resolve("cowboy bebop") == 101
    assert names.resolve("Samurai Champlo") == 104  # one typo
    assert names.resolve("201") == 201
    with pytest.raises(UserError) as err:
        names.resolve("Trigun Stampede 2")
    assert err.value.message == (
        "unknown title 'Trigun Stampede 2': no catalog title matches (closest: 'Trigun')"
    )
