"""`kansou ingest` on URLs and WARC archives, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from kansou.load.warc import write_warc
from tests.conftest import Kansou
from tests.load.conftest import PageServer

BEBOP = "mal-2021/cowboy-bebop"


def test_urls_from_a_local_server_are_fetched_cached_and_reingested_offline(
    kansou: Kansou, server: PageServer, tmp_path: Path, corpus: Path
) -> None:
    cache = tmp_path / "cache"
    urls = [
        f"{server.base}/corpus/{BEBOP}/details.html",
        f"{server.base}/corpus/{BEBOP}/stats.html",
    ]
    refused = kansou("ingest", "--cache-dir", str(cache), *urls)
    assert refused.exit_code == 1
    assert "rejected: " + urls[0] + ": " in refused.stderr
    assert "127.0.0.1" in refused.stderr  # the reason names the refused address

    stored = kansou("ingest", "--allow-private", "--cache-dir", str(cache), *urls)
    assert stored.exit_code == 0, stored.output
    assert "2 stored, 0 unchanged, 0 rejected" in stored.stdout
    [title] = [t for t in kansou.export()["titles"] if t["name"] == "Cowboy Bebop"]
    assert title["source_ids"].get("myanimelist") == "1"
    urls_stored = {d["url"] for d in kansou.export()["documents"]}
    assert urls_stored == set(urls)

    server.shutdown()
    # The cache answers only what the same address policy would fetch (issue 16).
    without_flag = kansou("ingest", "--offline", "--cache-dir", str(cache), *urls)
    assert without_flag.exit_code == 1
    assert f"rejected: {urls[0]}: the cached copy is refused, and offline: host 127.0.0.1" in (
        without_flag.stderr
    )
    again = kansou("ingest", "--offline", "--allow-private", "--cache-dir", str(cache), *urls)
    assert again.exit_code == 0, again.output
    assert "0 stored, 2 unchanged, 0 rejected" in again.stdout


def test_robots_txt_disallow_is_a_rejection_with_its_reason(
    kansou: Kansou, server: PageServer, tmp_path: Path
) -> None:
    url = f"{server.base}/private/x"
    result = kansou("ingest", "--allow-private", "--cache-dir", str(tmp_path / "c"), url)
    assert result.exit_code == 1
    assert "robots.txt" in result.stderr


def test_a_warc_archive_becomes_one_document_per_page(
    kansou: Kansou, tmp_path: Path, corpus: Path
) -> None:
    pages = sorted((corpus / BEBOP).glob("reviews_1*.html"))[:3]
    warc = tmp_path / "crawl.warc.gz"
    write_warc(
        warc, [(f"https://myanimelist.net/x/{p.name}", p.read_bytes(), "text/html") for p in pages]
    )
    result = kansou("ingest", str(warc))
    assert result.exit_code == 0, result.output
    assert f"{len(pages)} stored, 0 unchanged, 0 rejected" in result.stdout
    data = kansou.export()
    assert {d["url"] for d in data["documents"]} == {
        f"https://myanimelist.net/x/{p.name}" for p in pages
    }
    assert len(data["reviews"]) > 10
