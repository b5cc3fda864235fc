"""A fan's first hour on the served UI: every link answers, and every word on the page is true.

Each store is the four seed pages, alone or with the bundled catalog slice and the real
MyAnimeList user ratings (``shared/data/ratings``), on the test database (SQLite, or
PostgreSQL under ``KANSOU_TEST_DB=postgresql``). The walk starts at the home page and
follows every page and API link (``tests/serve/linkwalk.py``); the title pages are a
title with reviews and catalog facts, one with catalog facts only, one with no catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kansou.demo import import_demo_catalog
from kansou.pipeline import ingest
from kansou.serve.app import create_app
from kansou.store import database_url, open_store
from tests.conftest import USE_POSTGRES, shared_path
from tests.serve.linkwalk import walk

RATINGS = ("data", "ratings", "mal-user-ratings-2023.csv.gz")
#: Raw names no reader should meet on a page (the API keeps them as keys).
RAW_NAMES = ("voice_acting", "episode_count", "key_point", "episode_minutes", "site_score")


def build_store(url: str, *, catalog: bool, ratings: Path | None = None) -> None:
    store = open_store(url)
    report = ingest([str(shared_path("seeds"))], store)
    assert report.count("stored") == 4, report.outcomes
    if catalog:
        import_demo_catalog(store)
    if ratings is not None:
        from kansou.ratings.store import RatingsStore

        RatingsStore.for_database(database_url(url)).import_file(shared_path(*RATINGS))
    store.close()


def client_for(url: str) -> TestClient:
    return TestClient(create_app(url), raise_server_exceptions=False)


def walk_site(client: TestClient) -> list[str]:
    def fetch(path: str) -> tuple[int, str, bytes]:
        answer = client.get(path, headers={"accept": "text/html"})
        return answer.status_code, answer.headers.get("content-type", ""), answer.content

    found = walk(fetch)
    assert found.paths(r"^/titles/\d+$") and found.paths(r"^/api/v1/titles/\d+/reviews$")
    return found.failures


def test_every_link_answers_without_a_catalog(db_url: str) -> None:
    build_store(db_url, catalog=False)
    with client_for(db_url) as client:
        assert walk_site(client) == []


def test_every_link_answers_with_a_catalog_and_ratings(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANSOU_RATINGS_DIR", str(tmp_path / "ratings"))
    build_store(db_url, catalog=True, ratings=shared_path(*RATINGS))
    with client_for(db_url) as client:
        assert walk_site(client) == []
        tid = title_id(client, "Cowboy Bebop")
        recommended = client.get(f"/api/v1/titles/{tid}/recommendations").json()["data"]
        assert recommended["recommendations"]["available"], recommended
        assert all(not r["name"].startswith("MyAnimeList ") for r in recommended[
            "recommendations"]["items"])  # fmt: skip


@pytest.mark.postgres
@pytest.mark.skipif(USE_POSTGRES, reason="the PostgreSQL run walks every store there already")
def test_every_link_answers_on_postgresql(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANSOU_RATINGS_DIR", str(tmp_path / "ratings"))
    build_store(postgres_url, catalog=True, ratings=shared_path(*RATINGS))
    with client_for(postgres_url) as client:
        assert walk_site(client) == []


# -- the three kinds of title page ------------------------------------------------------


@pytest.fixture(scope="module")
def with_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = str(tmp_path_factory.mktemp("first-hour") / "kansou.sqlite")
    build_store(url, catalog=True)
    with client_for(url) as client:
        yield client


@pytest.fixture(scope="module")
def without_catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = str(tmp_path_factory.mktemp("first-hour-bare") / "kansou.sqlite")
    build_store(url, catalog=False)
    with client_for(url) as client:
        yield client


def title_id(client: TestClient, name: str) -> int:
    found = client.get("/api/v1/titles", params={"q": name}).json()["data"]
    return int(next(t["id"] for t in found if t["name"] == name))


def page_text(html: str) -> str:
    """What a reader sees: the page without its markup, scripts and JSON blocks."""
    body = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def html_of(client: TestClient, path: str) -> str:
    answer = client.get(path, headers={"accept": "text/html"})
    assert answer.status_code == 200, (path, answer.text[:500])
    return answer.text


def test_a_title_with_reviews_and_catalog_facts(with_catalog: TestClient) -> None:
    tid = title_id(with_catalog, "Metallic Rouge")
    html = html_of(with_catalog, f"/titles/{tid}")
    text = page_text(html)
    assert "Mixed or average" in text and "51.6" in text
    assert "the reviews' own mean: 36.2" in text
    assert (
        "The 4 reviews average 36.2; the consensus (51.6) also counts a typical title's 72" in text
    )
    assert "could still be generally favorable or generally unfavorable" in text
    assert 'href="/documents/None' not in html and "document None" not in text
    # the catalog's score and facts name the catalog file and line, and link to them
    assert "MyAnimeList catalog, catalog-slice.csv line 539" in text
    assert f'href="/titles/{tid}/catalog#catalog-myanimelist-score"' in html
    catalog = html_of(with_catalog, f"/titles/{tid}/catalog")
    assert 'id="catalog-myanimelist-score"' in catalog and "catalog-slice.csv, line 539" in catalog
    assert "/work/" not in catalog and "/src/kansou/" not in catalog  # no server path
    api = with_catalog.get(f"/api/v1/titles/{tid}").json()["data"]["consensus"]
    assert api["verdict"]["words"] == "mixed or average" and api["raw_mean"] == 36.25


def test_a_title_only_the_catalog_knows(with_catalog: TestClient) -> None:
    tid = title_id(with_catalog, "Cowboy Bebop")
    html = html_of(with_catalog, f"/titles/{tid}")
    text = page_text(html)
    assert "No verdict yet" in text
    assert "TV · 26 episodes · Spring 1998" in text
    assert re.search(r"first aired 1998-04-03 MyAnimeList catalog, catalog-slice.csv line 2", text)
    assert "8.75/10 = 87.5/100 · MyAnimeList catalog, catalog-slice.csv line 2" in text
    assert "No source states" not in text and "not in the catalog" not in text
    assert "/documents/None" not in html and "document None" not in text
    genres = with_catalog.get("/api/v1/browse", params={"genre": "Award Winning"}).json()
    assert tid in {t["id"] for t in genres["data"]["titles"]}
    facets = genres["data"]["facets"]
    assert "Sci-Fi" in facets["genres"] and "1998-spring" in facets["seasons"]
    assert facets["seasons"].index("2024-winter") < facets["seasons"].index("1998-spring")


def test_a_title_with_no_catalog(without_catalog: TestClient) -> None:
    tid = title_id(without_catalog, "Metallic Rouge")
    html = html_of(without_catalog, f"/titles/{tid}")
    text = page_text(html)
    assert "Mixed or average" in text
    assert "catalog," not in text and "catalog facts" not in text  # no catalog, none cited
    assert "Site aggregates 2.95/5 = 59/100 · title page “METALLIC ROUGE”" in text


# -- words a reader notices -----------------------------------------------------------------


def test_the_title_page_speaks_as_a_reader_does(with_catalog: TestClient) -> None:
    tid = title_id(with_catalog, "Metallic Rouge")
    html = html_of(with_catalog, f"/titles/{tid}")
    text = page_text(html)
    assert not [name for name in RAW_NAMES if name in text]
    assert "(1 reviews)" not in text and "(1 review)" in text
    assert "anonymous" not in text and " unknown" not in text
    assert "author not named" in text  # the one way a missing author is written
    assert "30/100 = 30/100" not in text and "6/10 = 60/100" in text
    assert "(Video contains audio" not in text
    excerpts = re.findall(r'class="quote" href="[^"]+">“([^”]*)”</a>', html)
    assert any(e.endswith("…") for e in excerpts)
    for excerpt in (e for e in excerpts if e.endswith("…")):
        body = excerpt[:-1]
        assert body in full_texts(with_catalog, tid), excerpt
        following = full_texts(with_catalog, tid).split(body, 1)[1][:1]
        assert not following.isalnum(), f"cut mid-word: …{body[-20:]}|{following}"
    assert "001_74e65dcd4a379021.txt" not in text  # sources are named, not filed
    assert "title page “METALLIC ROUGE”" in text
    assert re.search(r"also written: METALLIC ROUGE · tagged #メタリックルージュ", text)


def full_texts(client: TestClient, tid: int) -> str:
    reviews = client.get(f"/api/v1/titles/{tid}/reviews", params={"per_page": 100}).json()
    return "\n".join(" ".join((r["text"] or "").split()) for r in reviews["data"])


def test_the_document_page_names_its_source_without_the_servers_path(
    with_catalog: TestClient,
) -> None:
    html = html_of(with_catalog, "/documents/2")
    text = page_text(html)
    assert "title page “METALLIC ROUGE”" in text
    assert "file 001_74e65dcd4a379021.txt" in text
    assert "/seeds/" not in text and "shared" not in text
    assert with_catalog.get("/api/v1/documents/2").json()["data"]["source"] == (
        "001_74e65dcd4a379021.txt"
    )


def test_head_answers_as_get_does(with_catalog: TestClient) -> None:
    tid = title_id(with_catalog, "Metallic Rouge")
    for path in ("/", f"/titles/{tid}", "/api/v1/titles", "/browse", "/static/kansou.css"):
        head = with_catalog.head(path)
        get = with_catalog.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers.get("etag") == get.headers.get("etag")


def test_the_home_page_gives_the_latest_season_the_most_divisive_and_the_latest_reviews(
    with_catalog: TestClient,
) -> None:
    html = html_of(with_catalog, "/")
    text = page_text(html)
    tid = title_id(with_catalog, "Metallic Rouge")
    assert "Winter 2024 , by consensus" in text or "Winter 2024, by consensus" in text
    assert re.search(r"Metallic Rouge 51\.6 mixed or average 4 reviews", text)
    assert f'<a href="/titles/{tid}#review-' in html  # each latest review links to itself
    assert 'id="most-divisive"' in html and "spread ±17" in text
    home = with_catalog.get("/api/v1/home").json()["data"]
    assert home["season"] == "2024-winter"
    assert [t["name"] for t in home["season_titles"]] == ["Metallic Rouge"]
    assert len(home["latest_reviews"]) == 5
