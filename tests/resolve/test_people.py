"""People and characters across spellings, in memory and in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kansou.resolve.people import group_spellings, match_person, merge_people, same_person
from kansou.store import open_store
from kansou.store.schema import PersonRow


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Naomi Orthmann", "Naomi Orthman", True),
        ("Miyamoto Yume", "Yume Miyamoto", True),
        ("Kenjirou Tsuda", "Kenjiro Tsuda", True),
        ("TSUDA, Kenjirou", "Kenjiro Tsuda", True),
        ("Yui Ogura", "Yuu Ogura", False),
        ("Minami Tsuda", "Kenjirou Tsuda", False),
        ("Rouge Redstar", "Rouge", False),
        ("Naomi Orthmann", "Naoki Orthman", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


def test_group_spellings_is_transitive_and_skips_strangers() -> None:
    names = [
        (1, "Yume Miyamoto"),
        (2, "Miyamoto Yume"),
        (3, "MIYAMOTO Yume"),
        (4, "Yui Ogura"),
        (5, "Yuu Ogura"),
    ]
    assert group_spellings(names) == [[1, 2, 3]]


def test_merge_people_moves_their_claims(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "k.sqlite"))
    with store.session() as s:
        s.add_all(
            [
                PersonRow(name="Yume Miyamoto", key="miyamoto yume"),
                PersonRow(name="MIYAMOTO Yume x", key="miyamoto x yume"),
                PersonRow(name="Naomi Orthman", key="naomi orthman"),
                PersonRow(name="Naomi Orthmann", key="naomi orthmann"),
            ]
        )
    with store.session() as s:
        assert merge_people(s) == 1
        assert match_person(s, "Orthmann Naomi") is not None
        assert match_person(s, "Someone Else") is None
    with store.session() as s:
        names = sorted(s.scalars(select(PersonRow.name)))
    assert names == ["MIYAMOTO Yume x", "Naomi Orthmann", "Yume Miyamoto"]
    store.close()
