"""Ingest through the API: disabled without a token, and visible at once when it lands."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kansou.serve.app import create_app
from kansou.store import open_store
from tests.serve.conftest import hostile_page, seeds

TOKEN = "s3cret"


def test_no_token_configured_means_writes_disabled(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "k.sqlite"))) as c:
        r = c.post("/api/v1/documents", json={"body": "x"}, headers={"authorization": "Bearer x"})
    assert r.status_code == 403
    assert r.json() == {
        "ok": False,
        "error": "writes are disabled: the operator has not set KANSOU_API_TOKEN; "
        "start the server with KANSOU_API_TOKEN=<secret> to enable them",
        "errors": [],
        "status": 403,
    }


def test_ingest_through_api_is_searchable_at_once(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    auth = {"authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(str(db), token=TOKEN)) as c:
        assert c.get("/api/v1/titles").json()["total"] == 0
        before = c.get("/api/v1/titles").headers["etag"]
        page = (seeds() / "002_da567d25a758d95b.txt").read_text(encoding="utf-8")
        r = c.post(
            "/api/v1/documents", json={"body": page, "media_type": "text/plain"}, headers=auth
        )
        assert r.status_code == 201, r.text
        assert r.json()["data"]["status"] == "stored"
        again = c.post(
            "/api/v1/documents", json={"body": page, "media_type": "text/plain"}, headers=auth
        )
        assert again.status_code == 200 and again.json()["data"]["status"] == "unchanged"
        titles = c.get("/api/v1/titles", headers={"if-none-match": before})
        assert titles.status_code == 200 and titles.json()["total"] == 1
        assert c.get("/api/v1/search?q=labyrinth").status_code == 200
        assert c.get("/api/v1/search?q=sci-fi").json()["data"]["reviews"]
        bad = c.post("/api/v1/documents", json={"body": "", "source": "empty"}, headers=auth)
        assert bad.status_code == 422 and bad.json()["error"].startswith("document rejected: ")
        private = c.post("/api/v1/documents", json={"url": "http://127.0.0.1:9/x"}, headers=auth)
        assert private.status_code == 422, private.text


def test_search_index_follows_ingest_from_another_writer(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    store = open_store(str(db))
    from kansou.model import Document
    from kansou.pipeline import ingest_items

    ingest_items([Document("h.html", hostile_page(), media_type="text/html")], store)
    from kansou.store.queries import search

    assert [h.name for h in search(store, "Pwn Show").titles]
    assert search(store, "strong characters").reviews
    doc = store.documents()[0].id
    store.delete_document(doc)
    assert not search(store, "strong characters").reviews


def test_the_token_never_reaches_the_logs(tmp_path: Path, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "tok-Very-Secret-91"
    with TestClient(create_app(str(tmp_path / "k.sqlite"), token=secret)) as c:
        good = c.post(
            "/api/v1/documents",
            json={"body": "Title: X\nType: TV\nEpisodes: 3\n"},
            headers={"authorization": f"Bearer {secret}"},
        )
        bad = c.post(
            "/api/v1/documents", json={"body": "x"}, headers={"authorization": f"Bearer {secret}x"}
        )
    assert good.status_code == 201 and bad.status_code == 401
    assert secret not in caplog.text
    assert secret not in bad.text
