"""Episode timeline: means and counts per episode, weakest and strongest named."""

from __future__ import annotations

from kansou.aggregate.episodes import episode_timeline
from kansou.scales import parse_score

GUIDE = [(1, "Crimson Is The Sound of Dawn", "3/5"), (2, "Wander In The Labyrinth", "3.5/5"),
         (5, "Carnival Dances With Lost Memories", "2.5/5"), (6, "Nameless Guest", "3/5"),
         (7, "Appropriate Gear", "2.5/5"), (11, "Target Planet", "3.5/5")]  # fmt: skip


def _rows() -> list[dict[str, object]]:
    return [{"number": n, "title": t, "score": parse_score(s).to_dict()} for n, t, s in GUIDE]


def test_the_guide_becomes_a_timeline_with_ties_named() -> None:
    timeline = episode_timeline(_rows())
    assert [e.number for e in timeline.episodes] == [1, 2, 5, 6, 7, 11]
    assert [e.number for e in timeline.weakest] == [5, 7]
    assert [e.number for e in timeline.strongest] == [2, 11]
    assert timeline.weakest[0].title == "Carnival Dances With Lost Memories"
    assert timeline.weakest[0].mean == 50.0


def test_sources_are_averaged_and_unscored_episodes_stay_unscored() -> None:
    rows = [*_rows(), {"number": 6, "title": None, "score": parse_score("9/10").to_dict()},
            {"number": 8, "title": "Nowhere House", "score": None}]  # fmt: skip
    timeline = episode_timeline(rows)
    by_number = {e.number: e for e in timeline.episodes}
    assert (by_number[6].mean, by_number[6].n, by_number[6].title) == (75.0, 2, "Nameless Guest")
    assert (by_number[8].mean, by_number[8].n) == (None, 0)
    assert [e.number for e in timeline.strongest] == [6]
    data = timeline.to_dict()
    assert data["n_scores"] == 7
    assert data["weakest"][0] == {"number": 5, "title": "Carnival Dances With Lost Memories",
                                  "mean": 50.0, "n": 1}  # fmt: skip


def test_a_flat_or_tiny_timeline_names_no_extremes() -> None:
    flat = episode_timeline([{"number": n, "score": {"normalized": 60.0}} for n in (1, 2, 3)])
    assert (flat.weakest, flat.strongest) == ((), ())
    assert episode_timeline([]).to_dict()["episodes"] == []
