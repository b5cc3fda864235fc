"""Title distance: named penalties, strengths, and franchises kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansou.resolve import titles
from kansou.resolve.index import IndexedName, TitleIndex, match_key
from kansou.resolve.titles import (
    Hints,
    Strength,
    TitleFacts,
    load_weights,
    resolve_title,
    sequel_markers,
)
from tests.resolve.catalogs import title_index

FACTS = {
    1: TitleFacts("Cowboy Bebop", "TV", 26, 1998),
    5: TitleFacts("Cowboy Bebop: Tengoku no Tobira", "Movie", 1, 2001),
    16498: TitleFacts("Shingeki no Kyojin", "TV", 25, 2013),
    25777: TitleFacts("Shingeki no Kyojin Season 2", "TV", 12, 2017),
    21: TitleFacts("One Piece", "TV", None, 1999),
    459: TitleFacts("One Piece Movie 1", "Movie", 1, 2000),
    2: TitleFacts("Hunter x Hunter", "TV", 62, 1999),
    11061: TitleFacts("Hunter x Hunter (2011)", "TV", 148, 2011),
    54794: TitleFacts("Metallic Rouge", "TV", 13, 2024),
}
ALIASES = [
    IndexedName(16498, "Attack on Titan", "official"),
    IndexedName(25777, "Attack on Titan Season 2", "official"),
    IndexedName(1, "カウボーイビバップ", "official"),
    IndexedName(1, "Bebop", "short"),
    IndexedName(54794, "メタリックルージュ", "official"),
]


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    return title_index(FACTS, ALIASES)


def _resolve(index: TitleIndex, name: str, hints: Hints | None = None):
    return resolve_title(index, FACTS, name, hints)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Cowboy Bebop", 1),
        ("COWBOY BEBOP", 1),
        ("Ｃｏｗｂｏｙ Ｂｅｂｏｐ", 1),
        ("カウボーイビバップ", 1),
        ("Cowboy Bebop: Tengoku no Tobira", 5),
        ("Attack on Titan", 16498),
        ("Attack on Titan Season 2", 25777),
        ("Shingeki no Kyojin 2nd Season", 25777),
        ("Shingeki no Kyoujin", 16498),
        ("One Piece", 21),
        ("One Piece: The Movie", 459),
        ("Metallic Rouge", 54794),
        ("#メタリックルージュ", 54794),
    ],
)
def test_resolves_spellings_to_the_right_title(
    index: TitleIndex, query: str, expected: int
) -> None:
    res = _resolve(index, query)
    assert res.match is not None and res.match.title_id == expected, res


def test_seasons_and_movies_stay_apart(index: TitleIndex) -> None:
    season = _resolve(index, "Attack on Titan Season 2")
    assert season.match is not None and season.match.title_id == 25777
    assert season.strength is Strength.STRONG
    typo = _resolve(index, "Atack on Titan Season 2")  # a full search: the runner-up is weighed
    first = typo.runner_up
    assert typo.match is not None and typo.match.title_id == 25777
    assert first is not None and first.title_id == 16498
    assert "sequel: markers differ: n2" in first.evidence
    assert sequel_markers("Shingeki no Kyojin Season 2") == sequel_markers("SnK 2nd Season")
    assert sequel_markers("Lupin III") == frozenset({"n3"})
    assert sequel_markers("Cowboy Bebop: The Movie") == frozenset({"movie"})
    assert sequel_markers("Some Show Recap") == frozenset({"recap"})


def test_hints_pick_between_titles_of_one_name(index: TitleIndex) -> None:
    new = _resolve(index, "Hunter x Hunter", Hints(year=2011, episodes=148))
    old = _resolve(index, "Hunter x Hunter", Hints(year=1999, episodes=62))
    assert (new.match.title_id, old.match.title_id) == (11061, 2)  # type: ignore[union-attr]
    plain = _resolve(index, "Hunter x Hunter")
    assert plain.match is not None and plain.match.title_id == 2  # "(2011)" is a qualifier


def test_strengths_and_evidence(index: TitleIndex) -> None:
    exact = _resolve(index, "Metallic Rouge", Hints(2024, "TV", 13))
    assert exact.strength is Strength.STRONG and exact.distance == 0.0
    assert exact.match is not None
    assert [e.split(":")[0] for e in exact.match.evidence] == [
        "title",
        "sequel",
        "spelling",
        "alias",
        "year",
        "type",
        "episodes",
    ]
    typo = _resolve(index, "Metalic Rouge")
    assert typo.strength in (Strength.MEDIUM, Strength.WEAK)
    assert typo.match is not None and typo.match.title_id == 54794
    nothing = _resolve(index, "Completely Different Thing")
    assert nothing.strength is Strength.NONE and nothing.match is None


def test_wrong_hints_lower_the_strength(index: TitleIndex) -> None:
    near = _resolve(index, "Metallic Rouge", Hints(2023, "TV", 12))
    assert near.match is not None and near.match.title_id == 54794
    assert near.strength is Strength.MEDIUM
    contradicted = _resolve(index, "Metallic Rouge", Hints(1990, "Movie", 1))
    assert contradicted.strength in (Strength.WEAK, Strength.NONE)


def test_weights_come_from_configuration(index: TitleIndex, tmp_path: Path) -> None:
    assert load_weights().penalties["title"] == 6.0
    strict = tmp_path / "weights.yaml"
    strict.write_text(
        "penalties: {title: 6, sequel: 3, spelling: 0.3, alias: 0.4, year: 2, type: 1.5,"
        " episodes: 1}\nstrengths: {strong: 0.0, medium: 0.0, weak: 0.001}\nmargin: 0.5\n",
        encoding="utf-8",
    )
    res = resolve_title(index, FACTS, "Metalic Rouge", None, load_weights(strict))
    assert res.strength is Strength.NONE


def test_match_key_folds_romanization_and_forms() -> None:
    assert match_key("Shingeki no Kyoujin") == match_key("Shingeki no Kyojin")
    assert match_key("Shōnen") == match_key("Shounen") == match_key("Shonen")
    assert match_key("Kuroko&#039;s Basketball") == match_key("Kuroko's Basketball")
    assert match_key("Ｆａｔｅ／Ｚｅｒｏ") == match_key("Fate/Zero")
    assert match_key("Hunter × Hunter") == match_key("Hunter x Hunter")
    assert match_key("Kimi wo Wasurenai") == match_key("Kimi o Wasurenai")
    assert match_key("The☆Ultraman") == match_key("The Ultraman")


def test_candidates_come_from_the_index_not_a_scan(index: TitleIndex) -> None:
    found = index.candidates("Cowbey Bebop", keep=3)
    assert found[0].title_id == 1 and found[0].similarity > 0.9
    assert len(index.candidates("zzzz qqqq")) == 0


SHORTCUT_QUERIES = [
    ("Cowboy Bebop", Hints()),
    ("Cowboy Bebop", Hints(1998, "TV", 26)),
    ("Cowboy Bebop", Hints(2001, "Movie", 1)),
    ("Hunter x Hunter", Hints()),
    ("Hunter x Hunter", Hints(2011, "TV", 148)),
    ("Hunter x Hunter (2011)", Hints()),
    ("Attack on Titan", Hints(2013)),
    ("Attack on Titan Season 2", Hints(episodes=12)),
    ("One Piece", Hints(media_type="Movie")),
    ("Metallic Rouge", Hints(2024, "TV", 13)),
    ("Metallic Rouge", Hints(1990, "Movie", 1)),
    ("Metalic Rouge", Hints()),
]


def _outcome(index: TitleIndex, query: str, hints: Hints) -> tuple[object, ...]:
    res = _resolve(index, query, hints)
    return (res.match.title_id if res.match else None, res.strength, res.distance)


def test_a_name_found_by_its_exact_key_settles_without_the_trigram_search(
    index: TitleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut decides only when nothing else could win: same title, strength, distance."""
    w = load_weights()
    taken = [
        titles._settled_by_exact_key(index, FACTS, q, h, w, frozenset()) is not None
        for q, h in SHORTCUT_QUERIES
    ]
    assert taken[0] and taken[1] and taken[9]  # written as the catalog does, hints agree
    assert not taken[2] and not taken[10] and not taken[11]  # hints disagree; a typo
    with_shortcut = [_outcome(index, q, h) for q, h in SHORTCUT_QUERIES]
    monkeypatch.setattr(titles, "_settled_by_exact_key", lambda *args: None)
    assert [_outcome(index, q, h) for q, h in SHORTCUT_QUERIES] == with_shortcut


def test_a_rare_whole_word_brings_its_names_to_the_candidates() -> None:
    """Word postings complement trigrams: "Nine: Original Han" (a misspelt "-ban") shares
    its rarest trigrams ("han") with thirty other names and its own ("nin", "ine") with a
    hundred, so only the rare word "nine" finds "Nine: Original-ban"."""
    names = [IndexedName(i, f"Original Han {i:03d}", "main") for i in range(1, 31)]
    names += [IndexedName(100 + i, f"Canine Oat Ninety {i:03d}", "main") for i in range(100)]
    index = TitleIndex([*names, IndexedName(500, "Nine: Original-ban", "main")])
    assert "nine" in index.words and "ninety" not in index.words  # in 100 names: too common
    assert 500 not in index._by_trigrams("nine original han", 24, 10, 2000)
    found = index.candidates("Nine: Original Han")
    assert 500 in {c.title_id for c in found}
