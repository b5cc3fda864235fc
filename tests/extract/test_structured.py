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
