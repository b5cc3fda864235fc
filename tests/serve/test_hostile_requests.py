"""Issue 16: requests that cost the server memory, read bodies before the token, or answered 500.

The application runs in-process; where what matters is how much of a body the
server pulled, the test speaks ASGI to it directly and counts the chunks read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kansou.model import Document
from kansou.pipeline import ingest_items
from kansou.serve.app import create_app
from kansou.serve.settings import ServeLimits
from kansou.store import open_store

TOKEN = "hostile-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
MB = 1_000_000


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("kind", ["titles", "documents", "people"])
@pytest.mark.parametrize("value", [2**31, 2**63, -(2**63) - 1, 10**30])
@pytest.mark.parametrize("prefix", ["", "/api/v1"])
def test_an_id_past_the_database_range_is_not_found(
    client: TestClient, kind: str, value: int, prefix: str
) -> None:
    answer = client.get(f"{prefix}/{kind}/{value}", headers={"accept": "application/json"})
    assert answer.status_code == 404, answer.text
    singular = {"titles": "title", "documents": "document", "people": "person"}[kind]
    assert answer.json()["error"].startswith(f"no {singular} with id {value}")


@pytest.mark.parametrize(
    ("body", "field", "where"),
    [
        (b'{"body": "\\ud800"}', "body", "U+D800 at character 0"),
        (b'{"body": "Type: TV\\n\\udfff"}', "body", "U+DFFF at character 9"),
        (b'{"body": "x", "source": "a\\udc00"}', "source", "U+DC00 at character 1"),
        (b'{"url": "http://x.example/\\ud83d"}', "url", "U+D83D at character 17"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_its_field(
    client: TestClient, body: bytes, field: str, where: str
) -> None:
    answer = client.post("/api/v1/documents", content=body, headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == (
        f"invalid request (body.{field}: Value error, text holds a lone surrogate ({where}), "
        "which is not valid Unicode: send text as UTF-8)"
    )


def test_a_surrogate_pair_is_text_like_any_other(client: TestClient) -> None:
    body = b'{"body": "Title: Smile \\ud83d\\ude00\\nType: TV\\nEpisodes: 12\\n", "media_type": "text/plain"}'
    answer = client.post("/api/v1/documents", content=body, headers=AUTH)
    assert answer.status_code == 201, answer.text


def test_an_oversized_number_is_dropped_and_the_page_stored_through_the_api(
    client: TestClient,
) -> None:
    page = f"Starfall Academy\nType: TV\nMembers: {'9' * 310}\nStudios: Bones\n"
    answer = client.post(
        "/api/v1/documents", json={"body": page, "media_type": "text/plain"}, headers=AUTH
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["data"]["dropped"] == [
        "stat members 999999999999… (310 digits) is out of range: "
        "a count or rank is 0 to 10,000,000,000; that claim was dropped"
    ]


def asgi_post(
    app: FastAPI, headers: dict[str, str], chunks: int, chunk: bytes = b"x" * 65_536
) -> tuple[int, dict[str, str], int]:
    """POST ``chunks`` chunks to /api/v1/documents over ASGI; (status, headers, chunks read)."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": pulled < chunks}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/documents",
        "raw_path": b"/api/v1/documents",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], answer, pulled


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return create_app(str(tmp_path / "k.sqlite"), token=TOKEN, limits=ServeLimits(2 * MB))


def test_a_declared_body_past_the_limit_is_refused_before_a_byte_is_read(app: FastAPI) -> None:
    status, headers, pulled = asgi_post(app, {"content-length": str(100 * MB)}, chunks=1600)
    assert (status, pulled) == (413, 0)
    assert headers["connection"] == "close"


def test_the_token_is_checked_before_the_body_is_read(app: FastAPI) -> None:
    status, headers, pulled = asgi_post(app, {"transfer-encoding": "chunked"}, chunks=1600)
    assert (status, pulled) == (401, 0)
    assert headers["www-authenticate"] == "Bearer"


def test_an_undeclared_body_is_read_only_up_to_the_limit(app: FastAPI) -> None:
    status, _headers, pulled = asgi_post(app, {"transfer-encoding": "chunked", **AUTH}, chunks=1600)
    assert status == 413
    assert pulled == 2 * MB // 65_536 + 1  # the chunk that passed the limit, and no more


def test_the_limits_are_stated_in_the_413(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/documents", content=b"{}", headers={**AUTH, "content-length": "30000000"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"] == (
        "request body too large: 30,000,000 bytes declared "
        "(this route takes at most 20,000,000 bytes)"
    )
    other = client.get("/api/v1/titles", headers={"content-length": "70000"})
    assert other.status_code == 413
    assert "this route takes at most 65,536 bytes" in other.json()["error"]


def test_distinct_highlights_of_a_large_document_stay_within_the_cache_budget(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "k.sqlite")
    text = "Starfall Academy review\nRating: 7/10\n" + "The story moves fast. " * 20_000
    outcome = ingest_items([Document("big.txt", text.encode(), "text/plain")], open_store(db))
    document = outcome.outcomes[0].document_id
    budget = 4 * MB
    app = create_app(db, limits=ServeLimits(cache_bytes=budget))
    with TestClient(app) as client:
        for i in range(30):
            answer = client.get(f"/documents/{document}?hl={i}-{i + 20}")
            assert answer.status_code == 200
            assert f'id="span-{i}-{i + 20}"' in answer.text
    held = app.state.kansou.cache_bytes()
    assert 0 < held <= budget, held  # 30 highlighted copies hold over 13 MB


def test_a_flood_from_many_addresses_is_logged_in_bounded_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from kansou.serve.server import RefusalLog

    refusals = RefusalLog(interval=0.05, max_keys=100)

    async def flood() -> None:
        loop = asyncio.get_running_loop()
        for _round in range(3):
            for i in range(150):
                refusals.note(loop, f"2001:db8::{i:x}", "closed: no complete request head")
        await asyncio.sleep(0.2)

    caplog.set_level("WARNING", logger="uvicorn.error")
    asyncio.run(flood())
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 100 + 100 + 1  # first sight, the counts held back, the rest in one line
    assert "2001:db8::0: closed: no complete request head" in lines
    assert "2001:db8::0: closed: no complete request head (2 more in the last 0.05 s)" in lines
    assert lines[-1] == (
        "150 more refused, timed out or evicted connections from other addresses in the last 0.05 s"
    )
