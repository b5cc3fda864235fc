"""The MyAnimeList adapter on real pages of both layouts, and on damaged copies of them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kansou.clean import clean
from kansou.extract.adapters.myanimelist import MyAnimeListAdapter
from kansou.extract.base import registered
from kansou.model import Claim, ClaimKind, Cleaned, Document, DocumentKind, Extraction

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
BEBOP = "mal-2021/cowboy-bebop"
ONE_PIECE = "mal-2018/one-piece"


def _page(relative: str) -> bytes:
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"../shared is missing ({path}): clone the project with shared/ beside it")
    return path.read_bytes()


def _run(
    raw: bytes, source: str = "page.html", url: str | None = None
) -> tuple[Cleaned, Extraction]:
    document = Document(source, raw, "text/html", url=url)
    cleaned = clean(document)
    adapter = MyAnimeListAdapter()
    assert adapter.applies(document, cleaned)
    return cleaned, adapter.extract(document, cleaned)


def _of(extraction: Extraction, kind: ClaimKind) -> list[Claim]:
    return [c for c in extraction.claims if c.kind is kind]


def _data(extraction: Extraction, kind: ClaimKind) -> list[dict[str, Any]]:
    return [dict(c.data) for c in _of(extraction, kind)]


def _shown(cleaned: Cleaned, claim: Claim) -> str:
    return cleaned.text[claim.span.start : claim.span.end]


def test_registered_as_an_adapter_with_a_docstring() -> None:
    adapter = registered()["myanimelist"]
    assert adapter.route == "adapter"
    assert (type(adapter).__doc__ or "").strip()


def test_recognised_by_its_own_address_not_its_file_name() -> None:
    raw = _page(f"{BEBOP}/details.html")
    document = Document("anything-at-all.html", raw, "text/html")
    assert MyAnimeListAdapter().applies(document, clean(document))
    other = b"<html><head><title>Links</title></head><body><p>See <a href='https://myanimelist.net/anime/1'>MAL</a>.</p></body></html>"
    page = Document("links.html", other, "text/html")
    assert not MyAnimeListAdapter().applies(page, clean(page))


def test_address_from_the_fetch_when_the_page_states_none() -> None:
    raw = _page(f"{BEBOP}/stats.html").replace(b'property="og:url"', b'property="og:nothing"')
    raw = raw.replace(b'rel="canonical"', b'rel="nothing"')
    _cleaned, extraction = _run(raw, url="https://myanimelist.net/anime/1/Cowboy_Bebop/stats")
    assert extraction.kind is DocumentKind.STATS_PAGE


def test_title_page_2021() -> None:
    cleaned, ex = _run(_page(f"{BEBOP}/details.html"))
    assert ex.kind is DocumentKind.TITLE_PAGE and ex.subject == "Cowboy Bebop"
    (title,) = _of(ex, ClaimKind.TITLE)
    assert title.data == {"name": "Cowboy Bebop", "role": "subject",
                          "source_ids": {"myanimelist": "1"}}  # fmt: skip
    assert [(d["name"], d["language"]) for d in _data(ex, ClaimKind.ALIAS)] == [
        ("Cowboy Bebop", "en"), ("カウボーイビバップ", "ja"),
    ]  # fmt: skip
    dates = {d["role"]: d["date"] for d in _data(ex, ClaimKind.DATE)}
    assert dates == {"start": "1998-04-03", "end": "1999-04-24", "premiered": "1998",
                     "broadcast": None}  # fmt: skip
    (score,) = _of(ex, ClaimKind.SITE_SCORE)
    assert score.data["score"]["value"] == 8.78 and score.data["score"]["scale_max"] == 10
    assert score.data["votes"] == 610881
    assert _shown(cleaned, score).startswith("Score: 8.78")
    stats = {d["name"]: d["value"] for d in _data(ex, ClaimKind.STAT)}
    assert stats == {"age_rating": "R", "rank": 28, "popularity": 39, "members": 1251960,
                     "favorites": 61970}  # fmt: skip
    assert [d["value"] for d in _data(ex, ClaimKind.EPISODE_MINUTES)] == [24]
    (episodes,) = _of(ex, ClaimKind.EPISODE_COUNT)
    assert _shown(cleaned, episodes) == "Episodes: 26"


def test_title_page_2018_keeps_unknown_episodes_missing() -> None:
    _cleaned, ex = _run(_page(f"{ONE_PIECE}/main.html"))
    assert ex.subject == "One Piece"
    assert _of(ex, ClaimKind.EPISODE_COUNT) == []
    assert [d["role"] for d in _data(ex, ClaimKind.DATE)] == ["start", "premiered", "broadcast"]
    synonyms = [d["name"] for d in _data(ex, ClaimKind.ALIAS) if d["synonym"]]
    assert synonyms == ["OP"]
    producers = [(d["name"], d["role"]) for d in _data(ex, ClaimKind.PRODUCER)]
    assert ("4Kids Entertainment", "licensor") in producers and ("TAP", "producer") in producers
    assert [d["value"] for d in _data(ex, ClaimKind.STATUS)] == ["airing"]


def test_cast_page_voice_actors_per_language_and_staff_roles() -> None:
    cleaned, ex = _run(_page(f"{BEBOP}/staff.html"))
    assert ex.kind is DocumentKind.CAST_PAGE
    spike = [(d["actor"], d["language"]) for d in _data(ex, ClaimKind.CAST)
             if d["character"] == "Spiegel, Spike"]  # fmt: skip
    assert ("Yamadera, Kouichi", "Japanese") in spike and ("Blum, Steven", "English") in spike
    assert len(spike) == len(set(spike)) == 8
    unvoiced = [d for d in _data(ex, ClaimKind.CAST) if d["character"] == "Reporter"]
    assert unvoiced == [{"character": "Reporter", "actor": None, "role": "Supporting",
                         "language": None}]  # fmt: skip
    watanabe = [d["role"] for d in _data(ex, ClaimKind.STAFF)
                if d["person"] == "Watanabe, Shinichiro"]  # fmt: skip
    assert watanabe == ["Director", "Script", "Storyboard"]
    first_staff = _of(ex, ClaimKind.STAFF)[0]
    assert _shown(cleaned, first_staff) == "Maseba, Yutaka\nProducer"


def test_review_page_reads_every_review_with_aspects_and_text() -> None:
    cleaned, ex = _run(_page(f"{BEBOP}/reviews_1.html"))
    assert ex.kind is DocumentKind.MULTI_REVIEW
    reviews = _of(ex, ClaimKind.REVIEW)
    assert len(reviews) == 20
    first = reviews[0].data
    assert first["author"] == "TheLlama" and first["review_id"] == "7406"
    assert first["score"]["value"] == 10 and first["score"]["scale_max"] == 10
    assert {k: v["value"] for k, v in first["aspects"].items()} == {
        "story": 10, "animation": 9, "sound": 10, "characters": 10, "enjoyment": 9,
    }  # fmt: skip
    assert (first["date"], first["episodes_seen"], first["episodes_total"]) == (
        "2008-08-24",
        26,
        26,
    )
    assert first["helpful"] == 1837 and first["status"] == "scored"
    assert first["text"].startswith("People who know me know that I'm not a fan of episodic")
    assert first["text"].endswith("Feedback greatly appreciated =)")
    assert _shown(cleaned, reviews[0]) == first["text"]


def test_unrated_aspects_are_missing_not_zero() -> None:
    _cleaned, ex = _run(_page(f"{BEBOP}/reviews_1.html"))
    review = next(c.data for c in _of(ex, ClaimKind.REVIEW) if c.data["review_id"] == "127443")
    assert review["score"]["value"] == 10
    assert review["aspects"] == {} and review["aspects_rated"] == []


def test_overall_rating_quoted_in_a_review_body_is_not_a_review() -> None:
    _cleaned, ex = _run(_page(f"{BEBOP}/reviews_13.html"))
    reviews = _of(ex, ClaimKind.REVIEW)
    assert len(reviews) == 20
    quoting = [r.data for r in reviews if "Overall Rating: 8/10" in r.data["text"]]
    assert len(quoting) == 1


def test_truncated_review_page_keeps_the_complete_reviews() -> None:
    raw = _page(f"{BEBOP}/reviews_1.html")
    cut = raw[: raw.index(b"score104803") + 2000]  # inside the second review
    _cleaned, ex = _run(cut)
    reviews = _of(ex, ClaimKind.REVIEW)
    assert 1 <= len(reviews) <= 2
    assert reviews[0].data["review_id"] == "7406"


def test_damaged_values_are_missing_not_a_crash() -> None:
    raw = _page(f"{BEBOP}/reviews_1.html").replace(b"Aug 24, 2008", b"Feb 30, 2008", 1)
    _cleaned, ex = _run(raw)
    assert _of(ex, ClaimKind.REVIEW)[0].data["date"] is None
    top = _page("mal-2018/listings/topanime.html").replace(b">9.25<", b">12.5<", 1)
    _cleaned, listing = _run(top)
    first = _of(listing, ClaimKind.LISTING_ENTRY)[0].data
    assert first["name"] == "Fullmetal Alchemist: Brotherhood" and first["score"] is None


def test_stats_page() -> None:
    _cleaned, ex = _run(_page(f"{BEBOP}/stats.html"))
    statuses = {d["name"]: d["value"] for d in _data(ex, ClaimKind.STAT)}
    assert statuses["completed"] == 718161 and statuses["plan_to_watch"] == 329800
    assert sum(v for k, v in statuses.items() if k != "total") == statuses["total"]
    (dist,) = _data(ex, ClaimKind.SCORE_DISTRIBUTION)
    assert sorted(dist["votes"], key=int) == [str(n) for n in range(1, 11)]
    assert dist["votes"]["10"] == 229170 and dist["votes"]["1"] == 1580


def test_recommendations_page() -> None:
    cleaned, ex = _run(_page(f"{BEBOP}/recomendations.html"))
    similar = _of(ex, ClaimKind.SIMILAR)
    first = similar[0]
    assert (first.data["name"], first.data["mal_id"], first.data["votes"]) == (
        "Samurai Champloo", "205", 93,
    )  # fmt: skip
    assert first.data["reason"].startswith("The music is a big influence for both anime.")
    assert len(first.data["reasons"]) > 1
    assert first.subject is None  # a fact about the page's own title: "similar to Champloo"
    assert _shown(cleaned, first).startswith("Samurai Champloo")


def test_episode_list_reads_each_episode_once() -> None:
    _cleaned, ex = _run(_page(f"{ONE_PIECE}/episodes.html"))
    episodes = _data(ex, ClaimKind.EPISODE)
    assert [e["number"] for e in episodes] == list(range(1, 101))
    assert episodes[0]["aired"] == "1999-10-20" and episodes[0]["score"] is None
    assert episodes[49]["filler"] is True and episodes[0]["filler"] is False


def test_listings() -> None:
    _cleaned, top = _run(_page("mal-2018/listings/topanime.html"))
    assert top.kind is DocumentKind.LISTING and top.subject is None
    entries = _data(top, ClaimKind.LISTING_ENTRY)
    assert [e["rank"] for e in entries] == list(range(1, 51))
    assert entries[0]["name"] == "Fullmetal Alchemist: Brotherhood"
    assert entries[0]["members"] == 1219009 and entries[0]["score"]["value"] == 9.25
    _cleaned, season = _run(_page("mal-2018/listings/season-2018-spring.html"))
    cards = _data(season, ClaimKind.LISTING_ENTRY)
    assert len(cards) == 234
    unscored = [c for c in cards if c["score"] is None]
    assert unscored and all(c["rank"] is None for c in cards)


def test_news_page_headlines() -> None:
    cleaned, ex = _run(_page(f"{ONE_PIECE}/news.html"))
    assert ex.kind is DocumentKind.NEWS and ex.subject == "One Piece"
    headlines = _of(ex, ClaimKind.HEADLINE)
    first = headlines[0].data
    assert first["text"] == "North American Anime & Manga Releases for May"
    assert (first["date"], first["as_written"]) == (None, "Apr 30, 3:26 AM")  # no year printed
    assert first["author"] == "Sakana-san"
    dated = next(h.data for h in headlines if h.data["as_written"].startswith("Dec 4, 2017"))
    assert dated["date"] == "2017-12-04"
    assert _shown(cleaned, headlines[0]) == first["text"]


def test_pictures_page_names_its_subject_only() -> None:
    _cleaned, ex = _run(_page(f"{BEBOP}/pictures.html"))
    assert ex.kind is DocumentKind.OTHER
    assert [c.kind for c in ex.claims] == [ClaimKind.TITLE]


@pytest.mark.parametrize("label", ["Episodes", "Members"])
def test_a_number_past_pythons_digit_limit_is_left_out_not_a_crash(label: str) -> None:
    raw = _page(f"{BEBOP}/details.html")
    damaged = re.sub(
        rf"({label}:\s*</span>\s*)[\d,]+".encode(), lambda m: m.group(1) + b"9" * 5000, raw, count=1
    )
    assert damaged != raw
    _cleaned, extraction = _run(damaged, url="https://myanimelist.net/anime/1/Cowboy_Bebop")
    assert _of(extraction, ClaimKind.TITLE)  # the rest of the page is read
    if label == "Episodes":
        assert not _of(extraction, ClaimKind.EPISODE_COUNT)
    else:
        assert "members" not in [c.data.get("name") for c in _of(extraction, ClaimKind.STAT)]
