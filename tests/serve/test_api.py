"""The JSON API as a program uses it: shapes, pagination, validators, errors, writes, headers."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from kansou.serve.security import CONTENT_SECURITY_POLICY
from tests.serve.conftest import TITLE_PAYLOAD, TOKEN, title_id


def test_title_json_carries_the_reception_with_sources(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    body = client.get(f"/api/v1/titles/{tid}").json()
    assert body["ok"] is True
    t = body["data"]
    assert t["name"] == "Metallic Rouge"
    assert t["consensus"]["n"] == 4
    assert 34 < t["consensus"]["low"] < t["consensus"]["score"] < t["consensus"]["high"] < 70
    assert [s["normalized"] for s in t["site_scores"]] == [59.0]
    assert len(t["episodes_list"]) == 13
    assert sum(b["count"] for b in t["score_histogram"]) == 4
    for stated in t["facts"].values():
        for s in stated:
            assert str(s["document"]) in t["sources"]
    assert {s["name"] for s in t["similar_titles"]} >= {"Lycoris Recoil", "Dirty Pair"}


def test_every_html_page_names_its_json_twin(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    for page in [f"/titles/{tid}", "/search?q=rouge", "/browse", "/documents/1", "/people/1", "/"]:
        html = client.get(page, headers={"accept": "text/html"}).text
        twin = re.search(r'rel="alternate" type="application/json" href="([^"]+)"', html)
        assert twin, page
        assert client.get(twin.group(1).replace("&amp;", "&")).json()["ok"] is True


def test_reviews_paginate(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    first = client.get(f"/api/v1/titles/{tid}/reviews", params={"per_page": 2}).json()
    second = client.get(f"/api/v1/titles/{tid}/reviews?per_page=2&page=2").json()
    assert (first["total"], first["pages"], len(first["data"])) == (5, 3, 2)
    assert {r["id"] for r in first["data"]}.isdisjoint(r["id"] for r in second["data"])


def test_sub_resources(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    episodes = client.get(f"/api/v1/titles/{tid}/episodes").json()["data"]
    assert [e["number"] for e in episodes] == list(range(1, 14))
    aspects = client.get(f"/api/v1/titles/{tid}/aspects").json()["data"]
    assert set(aspects) == {"aspects", "points"}
    recs = client.get(f"/api/v1/titles/{tid}/recommendations").json()["data"]
    assert recs["similar"] and all(s["reason"] for s in recs["similar"])


def test_etag_gives_304_until_something_changes(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    first = client.get(f"/api/v1/titles/{tid}")
    assert first.headers["etag"] and first.headers["last-modified"].endswith("GMT")
    again = client.get(f"/api/v1/titles/{tid}", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get(
        f"/api/v1/titles/{tid}/episodes", headers={"if-none-match": first.headers["etag"]}
    )
    assert other.status_code == 200


def test_errors_have_one_shape(client: TestClient) -> None:
    cases = {
        "/api/v1/titles/999999": 404,
        "/api/v1/titles/abc": 422,
        "/api/v1/titles?per_page=0": 422,
        "/api/v1/browse?sort=best": 400,
        "/api/v1/nothing-here": 404,
        "/api/v1/documents/424242": 404,
    }
    for path, status in cases.items():
        r = client.get(path)
        body = r.json()
        assert r.status_code == status, path
        assert set(body) == {"ok", "error", "errors", "status"}, path
        assert body["ok"] is False and body["status"] == status and body["error"]
    assert client.get("/api/v1/browse?sort=best").json()["error"] == (
        "unknown sort 'best': expected one of consensus, reviews, divisive, name"
    )


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in [
        "/",
        "/titles/1",
        "/api/v1/titles",
        "/api/v1/titles/999999",
        "/static/kansou.js",
        "/docs",
    ]:
        r = client.get(path)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_pages_hold_no_inline_script(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    for path in [f"/titles/{tid}", "/", "/docs", "/documents/2", "/search?q=x"]:
        html = client.get(path, headers={"accept": "text/html"}).text
        for attrs, content in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attrs or "application/" in attrs, (path, attrs, content[:80])
        assert "cdn" not in html.lower() and "https://" not in re.sub(
            r'"https://schema.org"', "", html
        )


def test_jsonld_is_a_tvseries_with_rating_and_reviews(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    html = client.get(f"/titles/{tid}").text
    block = re.search(r'<script type="application/ld\+json" id="jsonld">(.*?)</script>', html, re.S)
    assert block
    ld = json.loads(block.group(1))
    assert ld["@type"] == "TVSeries" and ld["name"] == "Metallic Rouge"
    assert ld["aggregateRating"]["ratingCount"] == 4
    assert ld["aggregateRating"]["bestRating"] == 100
    assert len(ld["review"]) == 5 and ld["review"][0]["@type"] == "Review"


def test_hostile_strings_stay_text_in_html_and_jsonld(client: TestClient) -> None:
    tid = title_id(client, "Pwn Show")
    html = client.get(f"/titles/{tid}").text
    assert "<script>window.__pwned" not in html
    assert 'onmouseover="window' not in html and "<img src=x" not in html
    block = re.search(r'<script type="application/ld\+json" id="jsonld">(.*?)</script>', html, re.S)
    assert block, "the JSON-LD block must not be cut short by a scraped </script>"
    assert (
        json.loads(block.group(1))["name"]
        == client.get(f"/api/v1/titles/{tid}").json()["data"]["name"]
    )
    assert TITLE_PAYLOAD.split("Pwn")[0] in json.loads(block.group(1))["name"]


def test_javascript_urls_never_become_links(client: TestClient) -> None:
    hostile = [d for d in range(1, 6) if "hostile" in client.get(f"/api/v1/documents/{d}").text]
    assert hostile
    data = client.get(f"/api/v1/documents/{hostile[0]}").json()["data"]
    assert data["url"] is None
    html = client.get(f"/documents/{hostile[0]}").text
    assert 'href="javascript:' not in html.lower()


def test_document_json_lists_every_span(client: TestClient) -> None:
    data = client.get("/api/v1/documents/2").json()["data"]
    assert data["spans"] and all(
        0 <= s["start"] <= s["end"] <= len(data["text"]) for s in data["spans"]
    )
    html = client.get("/documents/2").text
    for s in data["spans"][:10]:
        assert f'id="{s["anchor"]}"' in html or f'id="claim-{s["claim"]}"' in html
    assert html.count("<mark") >= len([s for s in data["spans"] if s["end"] > s["start"]])
    assert html.count("<mark") == html.count("</mark>")


def test_search_tolerates_typos_and_finds_review_text(client: TestClient) -> None:
    fuzzy = client.get("/api/v1/search", params={"q": "metalic ruge"}).json()["data"]
    assert fuzzy["fuzzy"] is True and fuzzy["titles"][0]["name"] == "Metallic Rouge"
    text = client.get("/api/v1/search", params={"q": "Asimov"}).json()["data"]
    hit = text["reviews"][0]
    assert not {"\ue000", "\ue001"} & set(hit["snippet"]), "private-use markers reached a reader"
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["Asimov"]
    person = client.get("/api/v1/search", params={"q": "Kurosawa"}).json()["data"]
    assert [p["name"] for p in person["people"]] == ["Tomoyo Kurosawa"]


def test_search_input_with_sql_and_fts_syntax_is_only_text(client: TestClient) -> None:
    for q in ['"', "'; DROP TABLE titles; --", "rouge OR 1=1", "NEAR(a b)", "*", "a:b", "-x", "^"]:
        r = client.get("/api/v1/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)
    assert client.get("/api/v1/titles").json()["total"] >= 1


def test_browse_filters_and_sorts(client: TestClient) -> None:
    rows = client.get("/api/v1/browse", params={"studio": "Bones Studios"}).json()["data"]
    assert [t["name"] for t in rows["titles"]] == ["Metallic Rouge"]
    assert rows["facets"]["seasons"] == ["2024-winter"]
    assert client.get("/api/v1/browse?season=2023-fall").json()["data"]["titles"] == []
    by_reviews = client.get("/api/v1/browse?sort=reviews").json()["data"]["titles"]
    assert [t["n_reviews"] for t in by_reviews] == sorted(
        (t["n_reviews"] for t in by_reviews), reverse=True
    )


def test_person_page_lists_roles(client: TestClient) -> None:
    people = client.get("/api/v1/search", params={"q": "Tomoyo Kurosawa"}).json()["data"]["people"]
    p = client.get(f"/api/v1/people/{people[0]['id']}").json()["data"]
    assert [(r["title"], r["credit"], r["role"]) for r in p["roles"]] == [
        ("Metallic Rouge", "cast", "Naomi Orthmann")
    ]


def test_docs_served_locally(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/v1/titles/{title_id}"]


def test_writes_need_the_token(client: TestClient) -> None:
    page = {"body": "<html><body><p>nothing</p></body></html>", "source": "t.html"}
    r = client.post("/api/v1/documents", json=page)
    assert r.status_code == 401 and r.json()["error"].startswith("a valid bearer token is required")
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/v1/documents", json=page, headers={"authorization": "Bearer wrong"})
    assert r.status_code == 401
    r = client.post(
        "/api/v1/documents",
        json={"url": "x", "body": "y"},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 422 and "exactly one of" in r.json()["error"]
