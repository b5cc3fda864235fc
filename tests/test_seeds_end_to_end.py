"""The four seed documents, ingested through the CLI, yield every expected fact.

Each assertion reads ``kansou export json`` (never internals) and checks that
the fact's span points at the text it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kansou


@pytest.fixture
def exported(kansou: Kansou, seeds_dir: Path) -> dict[str, Any]:
    result = kansou("ingest", str(seeds_dir))
    assert result.exit_code == 0, result.output
    return kansou.export("--include-text")


def doc_text(data: dict[str, Any], doc_id: int) -> str:
    return next(d["text"] for d in data["documents"] if d["id"] == doc_id)


def doc_name(data: dict[str, Any], doc_id: int) -> str:
    source = next(d["source"] for d in data["documents"] if d["id"] == doc_id)
    return Path(source).name


def spanned(data: dict[str, Any], doc_id: int, span: list[int]) -> str:
    return doc_text(data, doc_id)[span[0] : span[1]]


def the_title(data: dict[str, Any]) -> dict[str, Any]:
    titles = [t for t in data["titles"] if t["name"] == "Metallic Rouge"]
    assert len(titles) == 1, [t["name"] for t in data["titles"]]
    return titles[0]


def test_one_title_with_its_facts(exported: dict[str, Any], expected_seeds: dict[str, Any]) -> None:
    title = the_title(exported)
    want = expected_seeds["title"]
    assert [t["name"] for t in exported["titles"]] == ["Metallic Rouge"]
    assert title["type"] == want["type"]
    assert title["episodes"] == want["episodes"]
    assert title["episode_minutes"] == want["episode_length_minutes"]
    assert title["status"] == want["status"]
    assert title["start_date"] == want["start_date"]
    assert title["end_date"] == want["end_date"]
    assert title["studios"] == [want["studio"]]
    assert title["favorites"] == want["favorites"]
    assert title["trending_level"] == want["trending_level"]
    assert title["synopsis"]["source"] == want["synopsis_source"]
    assert "METALLIC ROUGE" in title["aliases"]
    assert "#メタリックルージュ" in title["aliases"]


def test_studio_spellings_are_one_studio(
    exported: dict[str, Any], expected_seeds: dict[str, Any]
) -> None:
    [studio] = the_title(exported)["studios_detail"]
    seen = set(studio["spellings"])
    for spelling in expected_seeds["title"]["studio_spellings_seen"]:
        assert spelling in seen, spelling


def test_every_fact_span_points_at_its_value(exported: dict[str, Any]) -> None:
    title = the_title(exported)
    for field, stated in title["facts"].items():
        for s in stated:
            text = spanned(exported, s["document"], s["span"])
            assert str(s["value"]).casefold() in text.casefold() or field in (
                "status",
                "start_date",
                "end_date",
                "type",
            ), (field, s, text)
    for d in title["dates"]:
        assert spanned(exported, d["document"], d["span"]) == d["as_written"]


def test_release_date_reconciled_as_end_and_both_claims_kept(exported: dict[str, Any]) -> None:
    title = the_title(exported)
    by_doc = {
        (doc_name(exported, d["document"]), d["role_as_written"], d["role"], d["date"])
        for d in title["dates"]
    }
    assert ("001_74e65dcd4a379021.txt", "release", "end", "2024-04-04") in by_doc
    assert ("001_74e65dcd4a379021.txt", "end", "end", "2024-04-04") in by_doc
    assert ("003_2142908cda100573.txt", "start", "start", "2024-01-11") in by_doc
    assert ("000_1bff099c55d9b35b.txt", "end", "end", "2024-04-04") in by_doc
    end_sources = {doc_name(exported, s["document"]) for s in title["facts"]["end_date"]}
    assert {"000_1bff099c55d9b35b.txt", "001_74e65dcd4a379021.txt"} <= end_sources


def test_site_aggregate_is_kept_apart_from_reviews(
    exported: dict[str, Any], expected_seeds: dict[str, Any]
) -> None:
    want = expected_seeds["title"]["site_aggregate_score"]
    title = the_title(exported)
    [site] = title["site_scores"]
    assert (site["value"], site["scale_max"], site["normalized"]) == (
        want["value"],
        want["scale_max"],
        want["normalized_0_100"],
    )
    assert doc_name(exported, site["document"]) == want["document"]
    assert spanned(exported, site["document"], site["span"]) == "2.95/5"
    assert all(r["score"] is None or r["score"]["value"] != 2.95 for r in exported["reviews"])
    assert title["consensus"]["n_reviews"] == 4  # 3 AniList + the 6/10 verdict, not 2.95/5


def test_cast_pairs_with_one_person_per_actor(
    exported: dict[str, Any], expected_seeds: dict[str, Any]
) -> None:
    title = the_title(exported)
    pairs = [[c["character"], c["actor"]] for c in title["cast"]]
    assert pairs == expected_seeds["cast"]
    tsuda = {c["person_id"] for c in title["cast"] if c["actor"] == "Minami Tsuda"}
    assert len(tsuda) == 1
    assert sum(1 for p in exported["people"] if p["name"] == "Minami Tsuda") == 1
    for c in title["cast"]:
        text = spanned(exported, c["documents"][0], c["span"])
        assert c["character"] in text and c["actor"] in text


def test_reviews_scores_headlines_and_the_unevaluated_one(
    exported: dict[str, Any], expected_seeds: dict[str, Any]
) -> None:
    reviews = exported["reviews"]
    for want in expected_seeds["reviews"]:
        matches = [
            r
            for r in reviews
            if doc_name(exported, r["document"]) == want["document"]
            and r["author"] == want["author"]
        ]
        assert len(matches) == 1, want
        got = matches[0]
        if want["score"] is None:
            assert got["score"] is None
            assert got["status"] == "unevaluated"
            assert got["episodes_seen"] == want["episodes_watched"]
            assert got["aspects_rated"] == want["aspects_rated"]
            assert got["date"] == want["created"] and got["updated"] == want["updated"]
            continue
        score = got["score"]
        assert (score["value"], score["scale_max"], score["normalized"]) == (
            want["score"],
            want["scale_max"],
            want["normalized_0_100"],
        )
        assert got["headline"] == want["headline"]
        assert spanned(exported, got["document"], score["span"]) == score["as_written"]
        review_text = spanned(exported, got["document"], got["span"])
        assert score["as_written"] in review_text
        assert want["headline"] in review_text


def test_scores_quoted_inside_a_body_are_not_the_reviews_score(exported: dict[str, Any]) -> None:
    [review] = [r for r in exported["reviews"] if r["author"] == "Scheveningen"]
    assert "at best a 4 out of 10" in review["text"]
    assert review["score"]["normalized"] == 35
    assert len(exported["reviews"]) == 5


def test_thirteen_episode_rows_with_scores(
    exported: dict[str, Any], expected_seeds: dict[str, Any]
) -> None:
    want = expected_seeds["episode_scores"]
    rows = the_title(exported)["episodes_list"]
    got = [[r["number"], r["title"], r["scores"][0]["value"]] for r in rows]
    assert got == want["rows"]
    for r in rows:
        [score] = r["scores"]
        assert score["scale_max"] == want["scale_max"]
        assert doc_name(exported, score["document"]) == want["document"]
        assert spanned(exported, score["document"], score["span"]) == score["as_written"]


def test_similar_titles(exported: dict[str, Any], expected_seeds: dict[str, Any]) -> None:
    assert the_title(exported)["similar"] == expected_seeds["similar_titles"]


def test_news_article_ingested_once_with_key_points(
    exported: dict[str, Any], expected_seeds: dict[str, Any]
) -> None:
    [want] = expected_seeds["news"]
    [news] = exported["news"]
    assert doc_name(exported, news["document"]) == want["document"]
    assert news["headline"] == want["headline"]
    assert news["key_points"] == want["key_points"]
    assert news["title_ids"] == [the_title(exported)["id"]]
    for point, span in zip(news["key_points"], news["key_point_spans"], strict=True):
        assert spanned(exported, news["document"], span) == point


def test_reingest_changes_nothing(kansou: Kansou, seeds_dir: Path) -> None:
    assert kansou("ingest", str(seeds_dir)).exit_code == 0
    first = kansou("export", "json").stdout
    again = kansou("ingest", str(seeds_dir))
    assert again.exit_code == 0
    assert "0 stored, 4 unchanged, 0 rejected" in again.stdout
    assert kansou("export", "json").stdout == first


def test_misspelled_character_in_prose_resolves_to_the_cast_entry(
    exported: dict[str, Any],
) -> None:
    [naomi] = [c for c in the_title(exported)["cast"] if c["character"] == "Naomi Orthmann"]
    written = {(doc_name(exported, m["document"]), m["as_written"]) for m in naomi["mentions"]}
    assert ("002_da567d25a758d95b.txt", "Naomi Orthman") in written
    for m in naomi["mentions"]:
        assert spanned(exported, m["document"], m["span"]) == m["as_written"]


def test_recurring_criticism_with_quotes_from_two_documents(exported: dict[str, Any]) -> None:
    title = the_title(exported)
    by_aspect: dict[str, set[int]] = {}
    for point in title["criticism"]:
        docs = {q["document"] for q in point["quotes"]}
        by_aspect.setdefault(point["aspect"], set()).update(docs)
        for q in point["quotes"]:
            assert spanned(exported, q["document"], q["span"]) == q["text"]
    for aspect in ("pacing", "story", "characters"):
        assert len(by_aspect.get(aspect, set())) >= 2, (aspect, by_aspect)
    points = " ".join(p["point"] for p in title["criticism"])
    assert "confusing" in points and "pacing" in points


def test_episode_timeline_names_weakest_and_strongest(exported: dict[str, Any]) -> None:
    timeline = the_title(exported)["timeline"]
    assert [e["number"] for e in timeline["weakest"]] == [5, 7, 13]
    assert [e["number"] for e in timeline["strongest"]] == [2, 3, 4, 11]
    assert timeline["n_scores"] == 13


def test_reviews_with_text_get_text_derived_aspects(exported: dict[str, Any]) -> None:
    for review in exported["reviews"]:
        assert review["aspects"], review["author"]
        for entry in review["aspects"].values():
            assert 0 <= entry["normalized"] <= 100
            assert entry["origin"] in ("stated", "text")
            for start, end in entry.get("spans", []):
                assert spanned(exported, review["document"], [start, end]).strip()
