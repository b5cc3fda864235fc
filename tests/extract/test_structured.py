"""schema.org JSON-LD and microdata become claims whose spans show the stated values."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest

from kansou.clean import clean
from kansou.clean.html import parse_html
from kansou.extract.base import registered
from kansou.extract.structured import SchemaOrgExtractor, item_type, read_items
from kansou.model import Claim, ClaimKind, Cleaned, Document, DocumentKind, Extraction

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def _run(name: str) -> tuple[Cleaned, Extraction]:
    raw = (FIXTURES / name).read_bytes()
    document = Document(name, raw, "text/html")
    cleaned = clean(document)
    extractor = SchemaOrgExtractor()
    assert extractor.applies(document, cleaned)
    return cleaned, extractor.extract(document, cleaned)


def _shown(cleaned: Cleaned, claim: Claim) -> str:
    return cleaned.text[claim.span.start : claim.span.end]


def _of(extraction: Extraction, kind: ClaimKind) -> list[Claim]:
    return [c for c in extraction.claims if c.kind is kind]


def test_registered_on_the_structured_route() -> None:
    extractor = registered()["schema.org"]
    assert extractor.route == "structured"


def test_jsonld_review_gives_its_score_author_and_the_body_it_spans() -> None:
    cleaned, extraction = _run("review-jsonld.html")
    assert extraction.kind is DocumentKind.REVIEW
    assert extraction.subject == "Frieren: Beyond Journey's End"
    (review,) = _of(extraction, ClaimKind.REVIEW)
    assert review.data["author"] == "Dana Whitfield"
    assert review.data["score"]["value"] == 9 and review.data["score"]["scale_max"] == 10
    assert review.data["score"]["normalized"] == 90
    assert review.data["date"] == "2024-03-29"
    assert review.data["status"] == "scored"
    shown = _shown(cleaned, review)
    assert shown.startswith("Frieren takes the moment")
    assert shown.endswith("the dialogue leaves unsaid.")


def test_rating_of_the_reviewed_item_is_not_read_as_the_review_score() -> None:
    _cleaned, extraction = _run("review-jsonld.html")
    (review,) = _of(extraction, ClaimKind.REVIEW)
    assert review.data["score"]["value"] != 4.6


def test_microdata_tvseries_gives_title_aliases_genres_dates_and_rating() -> None:
    cleaned, extraction = _run("tvseries-microdata.html")
    assert extraction.kind is DocumentKind.TITLE_PAGE
    assert extraction.subject == "Mushishi"
    names = {c.data["name"] for c in _of(extraction, ClaimKind.ALIAS)}
    assert names == {"Mushi-Shi", "蟲師"}
    assert [c.data["name"] for c in _of(extraction, ClaimKind.GENRE)] == [
        "Adventure", "Mystery", "Slice of Life",
    ]  # fmt: skip
    assert [c.data["value"] for c in _of(extraction, ClaimKind.EPISODE_COUNT)] == [26]
    dates = {c.data["role"]: c.data["date"] for c in _of(extraction, ClaimKind.DATE)}
    assert dates == {"start": "2005-10-23", "end": "2006-06-18"}
    assert [c.data["name"] for c in _of(extraction, ClaimKind.STUDIO)] == ["Artland"]
    (staff,) = _of(extraction, ClaimKind.STAFF)
    assert staff.data == {"person": "Hiroshi Nagahama", "role": "Director"}
    (rating,) = _of(extraction, ClaimKind.SITE_SCORE)
    assert rating.data["score"]["value"] == 8.65 and rating.data["score"]["scale_max"] == 10
    assert rating.data["votes"] == 156321
    assert _shown(cleaned, rating) == "8.65"


def test_microdata_episodes_and_reviews_keep_a_missing_rating_missing() -> None:
    cleaned, extraction = _run("tvseries-microdata.html")
    episodes = _of(extraction, ClaimKind.EPISODE)
    assert [(e.data["number"], e.data["title"], e.data["aired"]) for e in episodes] == [
        (1, "The Green Seat", "2005-10-23"),
        (2, "The Light of the Eyelid", "2005-10-30"),
    ]
    assert _shown(cleaned, episodes[1]) == "The Light of the Eyelid"
    scored, unscored = _of(extraction, ClaimKind.REVIEW)
    assert scored.data["score"]["value"] == 5 and scored.data["score"]["scale_max"] == 5
    assert unscored.data["score"] is None and unscored.data["status"] == "unscored"
    assert _shown(cleaned, unscored) == "Slow, but I never wanted it to hurry."


def test_value_only_in_markup_gets_the_title_block_span() -> None:
    html = (
        '<html><head><title>Studio news | Anime Wire</title><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Science SARU announces a new series",'
        ' "datePublished": "2024-05-02"}</script></head><body><h1>Studio news</h1>'
        "<p>The studio shared a teaser this morning.</p></body></html>"
    )
    document = Document("news.html", html.encode(), "text/html")
    cleaned = clean(document)
    extraction = SchemaOrgExtractor().extract(document, cleaned)
    assert extraction.kind is DocumentKind.NEWS
    (headline,) = _of(extraction, ClaimKind.HEADLINE)
    assert headline.data["text"] == "Science SARU announces a new series"
    assert _shown(cleaned, headline) == "Studio news"


def test_broken_jsonld_block_does_not_hide_the_valid_one() -> None:
    html = (
        "<html><head><title>Review</title>"
        '<script type="application/ld+json">{"@type": "Review", "name": broken</script>'
        '<script type="application/ld+json">{"@type": "Review", "name": "Dandadan review",'
        ' "reviewRating": {"ratingValue": "4", "bestRating": "5"}}</script>'
        "</head><body><h1>Dandadan review</h1><p>Loud and kind.</p></body></html>"
    )
    document = Document("r.html", html.encode(), "text/html")
    extraction = SchemaOrgExtractor().extract(document, clean(document))
    (review,) = _of(extraction, ClaimKind.REVIEW)
    assert review.data["headline"] == "Dandadan review"
    assert review.data["score"]["normalized"] == 80


def test_page_chrome_of_the_review_page_is_not_in_the_clean_text() -> None:
    cleaned, _extraction = _run("review-jsonld.html")
    for chrome in ("Home", "Most read", "cookies", "Advertisement", "Image: Madhouse"):
        assert chrome not in cleaned.text
    assert "By Dana Whitfield" in cleaned.text  # an article's own header stays


@pytest.mark.parametrize("name", ["tvseries-microdata.html", "review-jsonld.html"])
def test_microdata_reader_agrees_with_extruct(name: str) -> None:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    ours = [i for i in read_items(html, parse_html(html)) if "@context" not in i]
    theirs = extruct.extract(html, syntaxes=["microdata"], uniform=True)["microdata"]
    assert [item_type(i) for i in ours] == [item_type(i) for i in theirs]
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.get("name") == reference.get("name")
        assert mine.get("genre") == reference.get("genre")


def test_mal_title_page_microdata_matches_extruct() -> None:
    page = SHARED / "corpus" / "mal-2021" / "cowboy-bebop" / "details.html"
    if not page.exists():
        pytest.skip(f"../shared is missing ({page})")
    html = page.read_text(encoding="utf-8")
    ours = [i for i in read_items(html, parse_html(html)) if item_type(i) == "TVSeries"]
    theirs = [i for i in extruct.extract(html, syntaxes=["microdata"], uniform=True)["microdata"]
              if item_type(i) == "TVSeries"]  # fmt: skip
    assert ours[0]["name"] == theirs[0]["name"] == "Cowboy Bebop"
    assert ours[0]["genre"] == theirs[0]["genre"]
    assert ours[0]["aggregateRating"]["ratingValue"] == theirs[0]["aggregateRating"]["ratingValue"]


def test_page_without_structured_data_is_not_read() -> None:
    document = Document("plain.html", b"<html><body><p>Just words here.</p></body></html>")
    cleaned = clean(Document("plain.html", document.raw, "text/html"))
    assert not SchemaOrgExtractor().applies(document, cleaned)
    assert SchemaOrgExtractor().extract(document, cleaned).claims == ()


def _extract_html(html: str) -> tuple[Cleaned, Extraction]:
    document = Document("page.html", html.encode(), "text/html")
    cleaned = clean(document)
    return cleaned, SchemaOrgExtractor().extract(document, cleaned)


_ANIDB_LIKE = """<html><head><title>Anime: Kodama Tales</title></head><body>
<div itemscope itemtype="http://schema.org/Movie"><h1 itemprop="name">Kodama Tales</h1>
<span itemprop="datePublished" content="2001-07-20">20.07.2001</span>
<span itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">
  <span itemprop="ratingValue">8.75</span> <span itemprop="ratingCount">(14610)</span>
  <meta itemprop="bestRating" content="10"></span>
<div class="card"><div itemprop="character" itemscope itemtype="http://schema.org/Person">
  <span itemprop="name">Ogino Chihiro</span></div>
  <div class="seiyuu">voiced by: <span itemprop="actor" itemscope
    itemtype="http://schema.org/Person"><span itemprop="name">Hiiragi Rumi</span></span></div></div>
<div class="card"><div itemprop="character" itemscope itemtype="http://schema.org/Person">
  <span itemprop="name">Susuwatari</span></div></div>
<div class="card"><div itemprop="character" itemscope itemtype="http://schema.org/Person">
  <span itemprop="name">Haku</span></div>
  <div class="seiyuu">voiced by: <span itemprop="actor" itemscope
    itemtype="http://schema.org/Person"><span itemprop="name">Irino Miyu</span></span></div></div>
<div itemprop="review" itemscope itemtype="http://schema.org/Review">
  <span itemprop="author">irohma</span> <span itemprop="reviewRating" itemscope
  itemtype="http://schema.org/Rating"><span itemprop="ratingValue">8.83</span></span>
  <p itemprop="reviewBody">A master-crafted adventure of immense quality.</p></div>
<table><tr itemprop="episode" itemscope itemtype="http://schema.org/TVEpisode">
  <td itemprop="episodeNumber">1</td><td itemprop="name">Complete Movie</td></tr>
<tr itemprop="episode" itemscope itemtype="http://schema.org/TVEpisode">
  <td itemprop="episodeNumber">T1</td><td itemprop="name">Trailer</td></tr></table>
</div></body></html>"""


def test_microdata_values_written_for_people_are_read_as_values() -> None:
    _cleaned, extraction = _extract_html(_ANIDB_LIKE)
    (date,) = _of(extraction, ClaimKind.DATE)
    assert date.data["date"] == "2001-07-20"  # the content attribute, as extruct reads it
    (rating,) = _of(extraction, ClaimKind.SITE_SCORE)
    assert (rating.data["score"]["value"], rating.data["votes"]) == (8.75, 14610)
    assert [c.data["value"] for c in _of(extraction, ClaimKind.MEDIA_TYPE)] == ["Movie"]


def test_a_review_without_a_scale_takes_the_pages_aggregate_scale() -> None:
    _cleaned, extraction = _extract_html(_ANIDB_LIKE)
    (review,) = _of(extraction, ClaimKind.REVIEW)
    assert review.data["score"]["value"] == 8.83 and review.data["score"]["scale_max"] == 10


def test_actors_pair_with_the_character_card_they_sit_in() -> None:
    cleaned, extraction = _extract_html(_ANIDB_LIKE)
    pairs = [(c.data["character"], c.data["actor"]) for c in _of(extraction, ClaimKind.CAST)]
    assert pairs == [("Ogino Chihiro", "Hiiragi Rumi"), ("Haku", "Irino Miyu")]
    assert _shown(cleaned, _of(extraction, ClaimKind.CAST)[1]) == "Irino Miyu"


def test_a_trailer_numbered_t1_is_not_an_episode() -> None:
    _cleaned, extraction = _extract_html(_ANIDB_LIKE)
    episodes = [(e.data["number"], e.data["title"]) for e in _of(extraction, ClaimKind.EPISODE)]
    assert episodes == [(1, "Complete Movie")]


def test_jsonld_dates_that_are_not_calendar_dates_are_not_claimed() -> None:
    _cleaned, extraction = _extract_html(
        '<html><body><h1>Show</h1><script type="application/ld+json">{"@type": "TVSeries",'
        ' "name": "Show", "startDate": "Summer 2001", "endDate": "2002-03-29T00:00:00Z",'
        ' "numberOfEpisodes": "S1"}</script></body></html>'
    )
    dates = [(c.data["role"], c.data["date"]) for c in _of(extraction, ClaimKind.DATE)]
    assert dates == [("end", "2002-03-29")]
    assert _of(extraction, ClaimKind.EPISODE_COUNT) == []


def test_an_item_list_gives_listing_entries_and_a_breadcrumb_does_not() -> None:
    _cleaned, extraction = _extract_html(
        '<html><body><h1>Spring 2025</h1><script type="application/ld+json">[{"@type":'
        ' "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1, "item":'
        ' {"@type": "TVSeries", "name": "Frieren"}}, {"@type": "ListItem", "position": 2,'
        ' "name": "Dandadan"}]}, {"@type": "BreadcrumbList", "itemListElement": [{"@type":'
        ' "ListItem", "position": 1, "name": "Home"}]}]</script></body></html>'
    )
    assert extraction.kind is DocumentKind.LISTING
    entries = _of(extraction, ClaimKind.LISTING_ENTRY)
    assert [(c.data["name"], c.subject) for c in entries] == [
        ("Frieren", "Frieren"), ("Dandadan", "Dandadan"),
    ]  # fmt: skip


def test_a_plain_article_has_a_headline_but_is_not_news() -> None:
    _cleaned, extraction = _extract_html(
        '<html><body><h1>List of episodes</h1><script type="application/ld+json">{"@type":'
        ' "Article", "name": "List of Frieren episodes"}</script></body></html>'
    )
    assert [c.data["text"] for c in _of(extraction, ClaimKind.HEADLINE)] == [
        "List of Frieren episodes"
    ]
    assert extraction.kind is DocumentKind.OTHER


def test_real_anidb_page_pairs_every_voice_actor_with_a_character() -> None:
    page = SHARED / "sites" / "anidb" / "sen-to-chihiro.html"
    if not page.exists():
        pytest.skip(f"../shared is missing ({page})")
    document = Document(str(page), page.read_bytes(), "text/html")
    extraction = SchemaOrgExtractor().extract(document, clean(document))
    cast = _of(extraction, ClaimKind.CAST)
    assert len(cast) == 52 and all(c.data["character"] for c in cast)
    assert ("Ogino Chihiro", "Hiiragi Rumi") in {
        (c.data["character"], c.data["actor"]) for c in cast
    }
