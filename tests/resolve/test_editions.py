"""Editions of one franchise: edition words, one-sided numbers, translated franchise names,
same-name titles, and the strength each is allowed."""

from __future__ import annotations

import pytest

from kansou.resolve.index import IndexedName, TitleIndex
from kansou.resolve.titles import (
    Hints,
    Strength,
    TitleFacts,
    franchise_rewrites,
    resolve_title,
    season_by_air_order,
)
from tests.resolve.catalogs import title_index

FACTS = {
    10: TitleFacts("Elfen Lied", "TV", 13, 2004),
    11: TitleFacts("Elfen Lied: Tooriame nite Arui wa", "Special", 1, 2005),
    20: TitleFacts("Shingeki no Bahamut: Genesis", "TV", 12, 2014),
    21: TitleFacts("Shingeki no Bahamut: Genesis - Roundup", "Special", 1, 2014),
    30: TitleFacts("Break Blade Movie 1: Kakusei no Toki", "Movie", 1, 2010),
    34: TitleFacts("Break Blade Movie 4: Sanka no Chi", "Movie", 1, 2010),
    40: TitleFacts("Koukaku Kidoutai: Stand Alone Complex", "TV", 26, 2002),
    41: TitleFacts(
        "Koukaku Kidoutai: Stand Alone Complex - Tachikoma na Hibi", "Special", 26, 2002
    ),
    50: TitleFacts("Kabi Usagi", "ONA", 3, 2012),
    51: TitleFacts("Kabi Usagi (2016)", "ONA", 1, 2016),
    60: TitleFacts("Aldnoah.Zero", "TV", 12, 2014),
    61: TitleFacts("Aldnoah.Zero Part 2", "TV", 12, 2015),
    70: TitleFacts("Ganbare Kickers Specials", "Special", 3, 1987),
    80: TitleFacts("Pokemon Movie 03: Kesshoutou no Teiou Entei", "Movie", 1, 2000),
    90: TitleFacts("Log Horizon", "TV", 25, 2013),
}
ALIASES = [IndexedName(40, "Ghost in the Shell: Stand Alone Complex", "official")]


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    return title_index(FACTS, ALIASES)


def _resolve(index: TitleIndex, name: str, hints: Hints | None = None):
    return resolve_title(index, FACTS, name, hints)


@pytest.mark.parametrize(
    ("query", "hints", "expected"),
    [
        ("Elfen Lied Special", Hints(media_type="Special", episodes=1), 11),
        ("Shingeki no Bahamut: Genesis Recap", Hints(media_type="Special", episodes=1), 21),
        ("Break Blade 4: Sanka no Chi", Hints(media_type="Movie", episodes=1), 34),
        ("Aldnoah.Zero 2nd Season", Hints(media_type="TV", episodes=12), 61),
        ("Elfen Lied", Hints(media_type="TV", episodes=13), 10),
    ],
)
def test_edition_words_meet_the_catalog_name(
    index: TitleIndex, query: str, hints: Hints, expected: int
) -> None:
    res = _resolve(index, query, hints)
    assert res.match is not None and res.match.title_id == expected, res


def test_a_special_does_not_land_on_its_tv_series(index: TitleIndex) -> None:
    res = _resolve(index, "Elfen Lied Special", Hints(media_type="Special", episodes=1))
    tv = next(m for m in res.candidates if m.title_id == 10)
    assert "sequel: markers differ: special" in tv.evidence


def test_a_number_on_one_side_only_is_at_most_weak(index: TitleIndex) -> None:
    res = _resolve(index, "Pokemon: Kesshoutou no Teiou Entei", Hints(media_type="Movie"))
    assert res.match is not None and res.match.title_id == 80
    assert res.strength is Strength.WEAK
    season = _resolve(index, "Log Horizon Season 2", Hints(media_type="TV"))
    assert season.strength not in (Strength.STRONG, Strength.MEDIUM)


def test_translated_franchise_names_come_from_aliases(index: TitleIndex) -> None:
    query = "Ghost in the Shell: Stand Alone Complex - Tachikoma na Hibi"
    assert franchise_rewrites(index, FACTS, query) == [FACTS[41].name]
    res = _resolve(index, query, Hints(media_type="Special", episodes=26))
    assert res.match is not None and res.match.title_id == 41
    assert res.strength is not Strength.STRONG  # found through a rewrite: never strong
    assert franchise_rewrites(index, FACTS, "Completely Different Thing") == []


def test_a_translated_name_keeps_its_closing_qualifier(index: TitleIndex) -> None:
    """A closing "(TV)" or "(2016)" is no word of the key, yet the rewrite keeps it."""
    query = "Ghost in the Shell: Stand Alone Complex - Tachikoma (TV)"
    assert franchise_rewrites(index, FACTS, query) == [
        "Koukaku Kidoutai: Stand Alone Complex - Tachikoma (TV)"
    ]


def test_of_two_shared_beginnings_the_one_covering_more_of_the_query_wins() -> None:
    facts = {
        1: TitleFacts("Senki Zesshou Symphogear", "TV", 13, 2012),
        2: TitleFacts("Senki Zesshou Symphogear G", "TV", 13, 2013),
    }
    index = title_index(facts)
    query = "Senki Zesshou Symphogear G: In the Distance, That Day, When the Star Became Music"
    res = resolve_title(index, facts, query, Hints(media_type="TV", episodes=13))
    assert res.match is not None and res.match.title_id == 2
    assert res.strength is not Strength.STRONG  # a shared beginning is never strong alone


SYMPHOGEAR = {
    1: TitleFacts("Senki Zesshou Symphogear", "TV", 13, 2012),
    2: TitleFacts("Senki Zesshou Symphogear G", "TV", 13, 2013),
    3: TitleFacts("Senki Zesshou Symphogear GX", "TV", 13, 2015),
    4: TitleFacts("Senki Zesshou Symphogear AXZ", "TV", 13, 2017),
    5: TitleFacts("Senki Zesshou Symphogear G: Houkago no Kesshou", "Special", 1, 2014),
    6: TitleFacts("Log Horizon", "TV", 25, 2013),
    7: TitleFacts("Log Horizon 2nd Season", "TV", 25, 2014),
}


def test_a_season_renamed_by_subtitle_is_counted_by_air_date_for_review() -> None:
    index = title_index(SYMPHOGEAR)
    res = resolve_title(index, SYMPHOGEAR, "Senki Zesshou Symphogear 4th Season", Hints())
    assert res.match is not None and res.match.title_id == 4
    assert res.strength is Strength.WEAK  # a count, not a name: listed for review
    assert any("by air date: 2012, 2013, 2015, 2017" in e for e in res.match.evidence)


def test_seasons_are_not_counted_where_a_name_states_the_number_or_too_few_exist() -> None:
    index = title_index(SYMPHOGEAR)
    assert season_by_air_order(index, SYMPHOGEAR, "Log Horizon Season 2", Hints()) is None
    fifth = "Senki Zesshou Symphogear 5th Season"
    assert season_by_air_order(index, SYMPHOGEAR, fifth, Hints()) is None  # four TV titles
    second = resolve_title(index, SYMPHOGEAR, "Log Horizon Season 2", Hints())
    assert second.match is not None and second.match.title_id == 7


def test_same_named_titles_are_never_strong(index: TitleIndex) -> None:
    res = _resolve(index, "Kabi Usagi", Hints(media_type="ONA"))
    assert res.match is not None and res.match.title_id == 50
    assert res.strength is Strength.MEDIUM
    told_apart = _resolve(index, "Kabi Usagi", Hints(media_type="ONA", year=2016))
    assert told_apart.match is not None and told_apart.match.title_id == 51


def test_disagreeing_hints_keep_an_exact_name_from_strong(index: TitleIndex) -> None:
    agree = _resolve(index, "Ganbare Kickers Specials", Hints(media_type="Special", episodes=3))
    assert agree.strength is Strength.STRONG
    differ = _resolve(index, "Ganbare Kickers Specials", Hints(media_type="Special", episodes=2))
    assert differ.match is not None and differ.strength is Strength.MEDIUM
