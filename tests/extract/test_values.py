"""Dates, runs, counts and running times as database pages write them; nothing guessed."""

from __future__ import annotations

import pytest

from kansou.extract.values import read_count, read_date, read_date_range, read_minutes, slash_order


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("04.10.2006 until 27.06.2007", [("start", "2006-10-04"), ("end", "2007-06-27")]),
        ("04.10.2006 ‑ 27.06.2007", [("start", "2006-10-04"), ("end", "2007-06-27")]),
        ("2009-04-05 to 2010-07-04", [("start", "2009-04-05"), ("end", "2010-07-04")]),
        ("10/03/2006 - 06/26/2007", [("start", "2006-10-03"), ("end", "2007-06-26")]),
        ("Apr 3, 1998 to Apr 24, 1999", [("start", "1998-04-03"), ("end", "1999-04-24")]),
        ("08.01.1996 ‑ ?", [("start", "1996-01-08")]),
        ("Tuesday Sep 13, 2022 03:00 AM", [("start", "2022-09-13")]),
        ("2006-10-03T00:00:00Z", [("start", "2006-10-03")]),
        ("1917", []),
        ("Summer 2001", []),
        ("03/04/2006", []),  # day-first or month-first: not known
    ],
)
def test_runs_read_as_written(text: str, run: list[tuple[str, str]]) -> None:
    assert [(role, iso) for role, iso, _s, _e in read_date_range(text)] == run


def test_a_run_offsets_point_at_each_date() -> None:
    text = "04.10.2006 until 27.06.2007"
    assert [text[s:e] for _r, _d, s, e in read_date_range(text)] == ["04.10.2006", "27.06.2007"]


def test_the_pages_slash_order_settles_an_ambiguous_date() -> None:
    assert slash_order(["Last Ep. aired on Sunday 07/04/2010"]) == "mdy"  # July 4th was a Sunday
    assert slash_order(["Wed 07/04/2010"]) == "dmy"
    assert slash_order(["Aired 06/26/2007"]) == "mdy"
    assert slash_order(["Aired 26/06/2007"]) == "dmy"
    assert read_date("04/05/2009", "mdy") == ("2009-04-05", 0, 10)
    assert read_date("04/05/2009", "dmy") == ("2009-05-04", 0, 10)
    assert read_date("04/05/2009") is None


@pytest.mark.parametrize(
    ("text", "count"),
    [("(14610)", 14610), ("59,233 votes", 59233), ("10355 votes", 10355), ("11.913", None)],
)
def test_counts(text: str, count: int | None) -> None:
    assert read_count(text) == count


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("23 min", 23),
        ("approx. 2h 5m", 125),
        ("25m", 25),
        ("PT0H23M", 23),
        ("23 minutes per episode", 23),
        ("Autumn 2006", None),
    ],
)
def test_running_times(text: str, minutes: int | None) -> None:
    assert read_minutes(text) == minutes
