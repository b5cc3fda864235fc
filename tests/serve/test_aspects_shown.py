"""What a reader sees of aspects: stated and text-read counts, disagreements, quote links."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from rich.console import Console

from kansou.aggregate.aspects import review_aspects, title_aspects
from kansou.cli_render import _aspects
from kansou.scales import ratio
from tests.serve.conftest import title_id


def _disagreeing_title() -> dict[str, Any]:
    reviews = [review_aspects({"Story": ratio(v, 10)}, None) for v in (3, 4)]
    reviews.append({"story": {"normalized": 85.0, "origin": "text"}})
    return {"aspects": title_aspects(reviews, [30.0, 40.0])}


def test_the_card_says_how_many_reviews_stated_each_aspect_and_where_sources_differ() -> None:
    console = Console(record=True, width=120)
    _aspects(console, _disagreeing_title())
    out = console.export_text()
    assert "stated in 2 reviews, read from the text of 1 review" in out
    assert (
        "story: sources differ: read from the text of 1 review: 85; "
        "story scores the reviews state (2): 35"
    ) in out


def test_the_title_page_and_api_show_stated_and_text_counts(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    html = client.get(f"/titles/{tid}", headers={"accept": "text/html"}).text
    shown = re.findall(r'<span class="aspect-origin">([^<]*)</span>', html)
    api = client.get(f"/api/v1/titles/{tid}/aspects").json()["data"]["aspects"]
    assert shown and len(shown) == len(api)
    for words, entry in zip(shown, api.values(), strict=True):
        stated = re.search(r"stated in (\d+) reviews?", words)
        text = re.search(r"read from the text of (\d+) reviews?", words)
        assert (int(stated[1]) if stated else 0, int(text[1]) if text else 0) == (
            entry["stated"],
            entry["text"],
        )
        assert entry["by_origin"]["text"]["n"] == entry["text"]
        assert "disagreement" in entry


def test_each_point_quote_links_to_its_highlighted_span(client: TestClient) -> None:
    tid = title_id(client, "Metallic Rouge")
    html = client.get(f"/titles/{tid}", headers={"accept": "text/html"}).text
    points = client.get(f"/api/v1/titles/{tid}/aspects").json()["data"]["points"]
    quotes = [q for side in ("praise", "criticism") for p in points[side] for q in p["quotes"]]
    assert quotes
    for quote in quotes:
        start, end = quote["span"]
        text = client.get(f"/api/v1/documents/{quote['document']}").json()["data"]["text"]
        assert text[start:end] == quote["text"]
        assert f'href="/documents/{quote["document"]}?hl={start}-{end}#span-{start}-{end}"' in html
