"""Fixtures for the web UI and API: a seeded database, an in-process client, a live server.

The live server is the real ``kansou serve`` command in a subprocess on a free
loopback port; the hostile pages are real HTML documents whose title,
author, headline, body and URL carry script payloads.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from kansou.model import Document
from kansou.pipeline import ingest, ingest_items
from kansou.serve.app import create_app
from kansou.store import Store, open_store

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TOKEN = "test-token-Zq8w"

#: Payloads that set ``window.__pwned`` or change ``document.title`` if they ever run.
TITLE_PAYLOAD = (
    '<script>window.__pwned="title";document.title="PWNED"</script>Pwn Show '
    '"><img src=x onerror="window.__pwned=\'img\'">'
)
AUTHOR_PAYLOAD = (
    '" onmouseover="window.__pwned=\'attr\'" autofocus onfocus="window.__pwned=\'focus\'" x="'
)
HEADLINE_PAYLOAD = "</script><script>window.__pwned='headline';document.title='PWNED'</script>"
BODY_PAYLOAD = (
    '</script><script>window.__pwned="body"</script> A great show with strong characters. '
    '<img src=x onerror=window.__pwned="img2"> The animation was excellent and the music '
    "stayed with me for weeks after the final episode aired."
)
URL_PAYLOAD = "javascript:window.__pwned='url'"


def seeds() -> Path:
    path = SHARED / "seeds"
    if not path.exists():
        pytest.skip(f"../shared is missing ({path}): clone the project with shared/ beside it")
    return path


def hostile_page() -> bytes:
    review = {
        "@context": "https://schema.org",
        "@type": "Review",
        "itemReviewed": {"@type": "TVSeries", "name": TITLE_PAYLOAD},
        "author": {"@type": "Person", "name": AUTHOR_PAYLOAD},
        "reviewRating": {"@type": "Rating", "ratingValue": "7", "bestRating": "10"},
        "reviewBody": BODY_PAYLOAD,
        "name": HEADLINE_PAYLOAD,
    }
    ld = json.dumps(review).replace("</", "<\\/")  # as a page must write it to stay parseable
    body = BODY_PAYLOAD.replace("<", "&lt;")
    return (
        "<html><head><title>review</title>"
        f"<script type='application/ld+json'>{ld}</script></head>"
        f"<body><h1>{TITLE_PAYLOAD.replace('<', '&lt;')}</h1><p>{body}</p></body></html>"
    ).encode()


def ingest_hostile(store: Store) -> int:
    doc = Document("hostile.html", hostile_page(), media_type="text/html", url=URL_PAYLOAD)
    outcome = ingest_items([doc], store).outcomes[0]
    assert outcome.status == "stored", outcome
    assert outcome.document_id is not None
    return outcome.document_id


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the four seed pages and the hostile page."""
    db = tmp_path_factory.mktemp("serve") / "kansou.sqlite"
    store = open_store(str(db))
    report = ingest([str(seeds())], store)
    assert report.count("stored") == 4, report.outcomes
    ingest_hostile(store)
    store.close()
    return db


@pytest.fixture(scope="session")
def client(seeded_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(seeded_db), token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def title_id(client: TestClient, name: str) -> int:
    found = client.get("/api/v1/titles", params={"q": name}).json()["data"]
    assert found, f"no title {name!r}"
    return int(found[0]["id"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    url: str
    db: Path


def start_server(db: Path, token: str | None = TOKEN) -> tuple[subprocess.Popen[bytes], str]:
    """``kansou serve`` on a free loopback port, waited for until it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KANSOU_API_TOKEN"}
    if token:
        env["KANSOU_API_TOKEN"] = token
    cmd = [sys.executable, "-m", "kansou", "--db", str(db), "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kansou serve exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url + "/api/v1/titles", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("kansou serve did not answer within 30 s")


@pytest.fixture(scope="session")
def live_server(seeded_db: Path) -> Iterator[LiveServer]:
    proc, url = start_server(seeded_db)
    try:
        yield LiveServer(url, seeded_db)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
