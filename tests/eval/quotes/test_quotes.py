"""Quality gate: the share of shown praise and criticism quotes that are right.

The labelled set (``labels.jsonl``, see ``quote_set``) holds 620 (point, quote)
pairs read by hand from the seeds, the web excerpts and Cowboy Bebop reviews.
Its parts were measured in turn, each before any rule was changed after it:
``holdout-1`` (by site: 22 web pages, 11 reviews) measured 0.800 on first
look, ``holdout-2`` (38 reviews) 0.852; rules changed after each; ``holdout-3``
(38 further reviews) is the one no rule has seen: 0.902. A quote kansou shows
that no label covers counts as wrong until someone reads it.
"""

from __future__ import annotations

import pytest

from tests.eval.quotes import quote_set as q

pytestmark = pytest.mark.gate

#: Pinned precision (right shown quotes / shown quotes) and right quotes shown per part.
PINNED = {
    "dev": (0.92, 134),
    "holdout-1": (0.91, 43),
    "holdout-2": (0.89, 95),
    "holdout-3": (0.90, 110),
}


@pytest.fixture(scope="module")
def labels() -> list[dict]:
    if why := q.missing():
        pytest.skip(why)
    return q.labels()


def test_the_set_is_large_read_by_reference_and_still_points_at_its_sentences(
    labels: list[dict],
) -> None:
    assert len(labels) >= 200
    assert {r["split"] for r in labels} == set(PINNED)
    assert {r["label"] for r in labels} == {"right", "wrong"}
    for row in labels:
        text = q.text_of(row["source"])[row["start"] : row["end"]]
        assert q.sha(text) == row["sha"], row


@pytest.mark.parametrize("split", sorted(PINNED))
def test_shown_quotes_say_their_point(labels: list[dict], split: str) -> None:
    floor, right = PINNED[split]
    found = q.score(split)
    assert found["precision"] >= floor, (split, found["precision"], found["wrong"])
    assert found["right"] >= right, (split, found["right"])


def test_the_issues_examples_are_no_longer_quoted(labels: list[dict]) -> None:
    """Issue 14: "fun to watch" quoting killing 'for fun', "plot and writing felt weak"
    quoting "isn't a complete trainwreck", "the ending disappointed" quoting a headline
    and its image caption."""
    shown = {
        (pair.point, q.text_of(source)[pair.start : pair.end])
        for source in sorted({r["source"] for r in labels if r["source"].startswith("seeds/")})
        for pair in q.shown(source)
    }
    texts = {text for _, text in shown}
    assert not any("for fun" in text for point, text in shown if point == "fun to watch")
    assert not any("trainwreck" in t for p, t in shown if p == "plot and writing felt weak")
    assert not any(t.endswith("image 1") or "Keeps Disappointing Fans" in t for t in texts)
