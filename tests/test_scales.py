"""The scale registry: every accepted scale maps onto 0-100, keeps what was written,
and an unknown scale is an error naming the value and the accepted scales."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from kansou.errors import UnknownScale
from kansou.scales import LETTER_GRADES, Score, parse_score, ratio, scale_names


@pytest.mark.parametrize(
    ("written", "scale", "value", "scale_max", "normalized"),
    [
        ("7/10", "ratio", 7, 10, 70),
        ("3.5/5", "ratio", 3.5, 5, 70),
        ("30/100", "ratio", 30, 100, 30),
        ("3/4", "ratio", 3, 4, 75),
        ("7 out of 10", "ratio", 7, 10, 70),
        ("(8/12)", "ratio", 8, 12, 66.67),
        ("8,5/10", "ratio", 8.5, 10, 85),
        ("85%", "percent", 85, 100, 85),
        ("85 percent", "percent", 85, 100, 85),
        ("3.5 stars", "stars", 3.5, 5, 70),
        ("1 star", "stars", 1, 5, 20),
        ("3 out of 4 stars", "stars", 3, 4, 75),
        ("4/5 stars", "stars", 4, 5, 80),
        ("★★★½", "stars", 3.5, 5, 70),
        ("★★★☆☆", "stars", 3, 5, 60),
        ("★★★★★★★☆☆☆", "stars", 7, 10, 70),
        ("thumbs up", "thumbs", 1, 1, 100),
        ("Thumbs down", "thumbs", 0, 1, 0),
        ("Recommended", "verdict", 3, 4, 75),
        ("Mixed Feelings", "verdict", 2, 4, 50),
        ("Not Recommended", "verdict", 1, 4, 25),
        ("skip", "verdict", 0, 4, 0),
        ("Must watch!", "verdict", 4, 4, 100),
    ],
)
def test_each_scale_maps_onto_0_100_and_keeps_the_original(
    written: str, scale: str, value: float, scale_max: float, normalized: float
) -> None:
    score = parse_score(written)
    assert (score.scale, score.value, score.scale_max) == (scale, value, scale_max)
    assert score.normalized == pytest.approx(normalized, abs=0.01)
    assert score.as_written == written


def test_letter_grades_are_linear_with_a_and_a_plus_at_the_top() -> None:
    assert parse_score("A").normalized == 100
    assert parse_score("A+").normalized == 100
    assert parse_score("B+").normalized == pytest.approx(83.33)
    assert parse_score("b").normalized == 75
    assert parse_score("C").normalized == 50
    assert parse_score("D-").normalized == pytest.approx(16.67)
    assert parse_score("F").normalized == 0
    ladder = ["D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A"]
    steps = {round(LETTER_GRADES[b] - LETTER_GRADES[a], 2) for a, b in pairwise(ladder)}
    assert steps == {8.33, 8.34}
    assert parse_score("A−").scale == "letter"


@pytest.mark.parametrize("written", ["8", "great", "7/0", "11/10", "Z", "-3/5", ""])
def test_unknown_or_impossible_scales_are_errors_never_guesses(written: str) -> None:
    with pytest.raises(UnknownScale) as err:
        parse_score(written)
    assert f"'{written}'" in err.value.message or written in ("7/0", "11/10")


def test_the_error_names_the_value_and_every_accepted_scale() -> None:
    with pytest.raises(UnknownScale) as err:
        parse_score("great")
    message = err.value.message
    assert message.startswith("unknown score scale 'great': expected ")
    for words in ("x/N", "stars", "percentage", "letter grade A+ to F", "recommended"):
        assert words in message
    assert err.value.status == 422


def test_out_of_range_values_name_their_scale() -> None:
    with pytest.raises(UnknownScale, match=r"score '11/10' lies outside its scale 0-10"):
        parse_score("11/10")
    with pytest.raises(UnknownScale, match="maximum must be above 0"):
        ratio(3, 0)


def test_scores_round_trip_through_their_dict() -> None:
    score = parse_score("3.5/5")
    assert Score.from_dict(score.to_dict()) == score
    assert ratio(6, 10).normalized == 60
    assert scale_names() == ["stars", "ratio", "percent", "letter", "thumbs", "verdict"]


@pytest.mark.parametrize(
    ("value", "top"), [(math.inf, math.inf), (math.nan, 10.0), (5.0, math.nan), (1.0, math.inf)]
)
def test_numbers_that_are_not_finite_are_refused(value: float, top: float) -> None:
    with pytest.raises(UnknownScale, match="not a finite number"):
        ratio(value, top)


def test_a_400_digit_score_is_refused_and_a_huge_scale_still_tops_out_at_100() -> None:
    with pytest.raises(UnknownScale):
        parse_score("9" * 400 + "/" + "9" * 400)
    assert ratio(1.797693134862316e306, 1.797693134862316e306).normalized == 100.0
