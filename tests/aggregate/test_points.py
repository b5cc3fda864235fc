"""Recurring praise and criticism, with quotes that point back at their spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansou.aggregate.points import ReviewText, points_of, recurring_points
from kansou.aggregate.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _labels(sentence: str) -> set[tuple[str, str]]:
    return {(r.side, r.label) for s in split_sentences(sentence) for r in points_of(s)}


def test_a_sentence_makes_the_points_its_cues_name() -> None:
    assert ("criticism", "pacing felt rushed or uneven") in _labels("The pacing felt rushed.")
    assert ("praise", "visuals and animation praised") in _labels("The animation is gorgeous.")


def test_negated_and_hedged_cues_make_no_praise() -> None:
    assert _labels("The storyline isn't a complete trainwreck.") == set()
    assert _labels("Rouge and Naomi are fine characters at best, and great ones never.") == set()


def test_quotes_carry_their_document_and_absolute_span() -> None:
    text = "Intro line. The pacing felt rushed in the back half of the season."
    out = recurring_points([ReviewText("doc-7", text, offset=1000),
                            ReviewText("doc-9", "Honestly the pacing was rushed and uneven.")])  # fmt: skip
    point = next(p for p in out["criticism"] if p["aspect"] == "pacing")
    assert point["n_reviews"] == 2
    first = next(q for q in point["quotes"] if q["document"] == "doc-7")
    assert first["span"] == [1012, 1012 + len(first["text"])]
    assert text[first["span"][0] - 1000 : first["span"][1] - 1000] == first["text"]


def test_the_metallic_rouge_seeds_criticise_pacing_confusion_and_characters() -> None:
    if not SEEDS.exists():
        pytest.skip(f"needs the shared seeds at {SEEDS.resolve()}")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    out = recurring_points([ReviewText(name, text) for name, text in texts.items()])
    criticism = {p["point"]: p for p in out["criticism"]}
    for label in ("pacing felt rushed or uneven", "storytelling was confusing",
                  "characters felt flat or underdeveloped"):  # fmt: skip
        point = criticism[label]
        documents = {q["document"] for q in point["quotes"]}
        assert len(documents) >= 2, point
        assert point["n_reviews"] >= 2
        for quote in point["quotes"]:
            start, end = quote["span"]
            assert texts[quote["document"]][start:end] == quote["text"]
    assert {p["aspect"] for p in out["praise"]} >= {"animation", "sound"}
    assert all(len(p["quotes"]) <= 3 for p in out["criticism"] + out["praise"])


def test_questions_make_no_point_and_generic_praise_joins_the_broad_point() -> None:
    assert _labels("Has she ever made any bad music?") == set()
    assert _labels("The art is absolutely fantastic.") == {
        ("praise", "visuals and animation praised")}  # fmt: skip
    assert _labels("The story is superb.") == {("praise", "story praised")}


def test_headlines_captions_and_furniture_are_never_quoted() -> None:
    from kansou.aggregate.points import quotable

    assert not quotable(
        "Metallic Rouge Finale Doesn’t Work Miracles, Anime Keeps Disappointing Fans"
    )
    assert not quotable("The finale disappointed everyone who watched it - image 1")
    assert not quotable("- The ending was a letdown for most fans.")
    assert not quotable("Home | Reviews | The ending was a letdown | Contact")
    assert not quotable("the ending was a letdown, and fans said so.")
    assert quotable("The ending was a letdown for most fans.")
    assert _labels("Photo: the ending was a disappointing letdown.") == set()


def test_scare_quotes_irony_and_counterfactuals_make_no_point() -> None:
    assert _labels("The characters kill 'for fun' and murder their own kin.") == set()
    assert _labels("This so-called masterpiece has great animation.") == set()
    assert _labels("If it aired today, people would say the plot is weak.") == set()


def test_each_clause_makes_its_own_point_with_its_own_polarity() -> None:
    labels = _labels("The animation is gorgeous, but the story is a confusing mess.")
    assert ("praise", "visuals and animation praised") in labels
    assert ("criticism", "storytelling was confusing") in labels
    assert not any(side == "praise" and "story" in label for side, label in labels)
    conceded = _labels("While the first half is intriguing, the story goes nowhere and fails.")
    assert ("praise", "interesting ideas and story") not in conceded


def test_a_cue_belongs_to_the_aspect_named_nearest_it() -> None:
    labels = _labels("It has great characters, rich stories and beautiful art.")
    assert ("praise", "characters praised") in labels
    assert ("praise", "visuals and animation praised") in labels
    assert ("praise", "story praised") not in labels
    assert (
        _labels(
            "This batch moves the plot forwards with a nudge or two as the five great ninja nations prepare."
        )
        == set()
    )
