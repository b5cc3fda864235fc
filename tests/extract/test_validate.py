"""Claim values are checked for their field's range on every extraction route (issue 16)."""

from __future__ import annotations

import math

import pytest

from kansou.extract.patterns import parse_int
from kansou.extract.validate import MAX_EPISODES, problem_of, valid_claims
from kansou.model import Claim, ClaimKind, Document, Span
from kansou.pipeline import process

NINES = "9" * 310


def claim(kind: ClaimKind, **data: object) -> Claim:
    return Claim(kind, data, Span(0, 1), "test")


def test_parse_int_reads_any_whole_number_exactly_and_never_overflows() -> None:
    assert parse_int("1,251,960 members") == 1_251_960
    assert parse_int("2.9") == 2
    assert parse_int(NINES) == 10**310 - 1
    assert parse_int(NINES + ".5") == 10**310 - 1
    assert parse_int("9" * 5000) is None  # past Python's 4,300-digit conversion limit


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (
            claim(ClaimKind.EPISODE_COUNT, value=10**310),
            "episode_count value 100000000000… (311 digits) is out of range: "
            "an episode count is 1 to 20,000",
        ),
        (
            claim(ClaimKind.EPISODE_COUNT, value=0),
            "episode_count value 0 is out of range: an episode count is 1 to 20,000",
        ),
        (
            claim(ClaimKind.STAT, name="members", value=10**12),
            "stat members 1,000,000,000,000 is out of range: "
            "a count or rank is 0 to 10,000,000,000",
        ),
        (
            claim(ClaimKind.EPISODE, number=MAX_EPISODES + 1, title="x"),
            "episode number 20,001 is out of range: an episode number is 0 to 20,000",
        ),
        (
            claim(ClaimKind.EPISODE_MINUTES, value=math.inf),
            "episode_minutes value inf is out of range: a runtime in minutes is 1 to 1,440",
        ),
        (
            claim(ClaimKind.SCORE_DISTRIBUTION, votes={"10": 2**70}),
            "score_distribution votes.10 118059162071… (22 digits) "
            "is not a number kansou can store",
        ),
        (
            claim(ClaimKind.REVIEW, author="a", helpful=-3),
            "review helpful -3 is out of range: a count of people is 0 to 10,000,000,000",
        ),
    ],
)
def test_a_wrong_value_names_its_field_value_and_range(bad: Claim, reason: str) -> None:
    assert problem_of(bad) == reason


def test_right_values_and_non_numbers_pass() -> None:
    good = [
        claim(ClaimKind.EPISODE_COUNT, value=26),
        claim(ClaimKind.STAT, name="age_rating", value="PG-13"),
        claim(ClaimKind.STAT, name="members", value=4_100_000),
        claim(ClaimKind.EPISODE, number=0, title="Prologue", filler=False),
    ]
    assert valid_claims(good) == (tuple(good), ())


def test_a_page_with_a_wrong_number_is_stored_without_that_claim() -> None:
    text = f"Starfall Academy\nType: TV\nFavorited by {NINES} Users\nStudios: Bones\n"
    processed = process(Document("title.txt", text.encode(), "text/plain"))
    kinds = {str(c.kind) for c in processed.extraction.claims}
    assert {"media_type", "studio"} <= kinds and "stat" not in kinds
    assert processed.extraction.dropped == (
        "stat favorites 999999999999… (310 digits) is out of range: "
        "a count or rank is 0 to 10,000,000,000; that claim was dropped",
    )
