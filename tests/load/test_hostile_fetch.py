"""Issue 16: a fetcher that no redirect, cache or link-local address can trick.

Against the real page server on 127.0.0.1 (``conftest.py``); every test asserts
the reason a user reads and what was or was not fetched.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kansou.load.netsafety import NetworkPolicy, UnsafeAddress, checked_addresses
from kansou.load.url import CachedPage, ResponseCache, default_cache_dir, fetch_documents
from kansou.model import Document, Rejection
from kansou.serve.app import create_app
from tests.conftest import Kansou
from tests.load.conftest import PageServer

LOCAL = ("127.0.0.1",)
BEBOP = "mal-2021/cowboy-bebop"
NOT_HTTP = "only http and https are fetched"


def fetch(urls: list[str], cache: Path, **options: object) -> list[Document | Rejection]:
    options.setdefault("rate_limit_per_host", 0)
    return list(fetch_documents(urls, cache_dir=cache, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("mailto:a@b.example", f"unsupported URL scheme 'mailto': {NOT_HTTP}"),
        ("data:text/html,<p>hi</p>", f"unsupported URL scheme 'data': {NOT_HTTP}"),
        ("javascript:alert(1)", f"unsupported URL scheme 'javascript': {NOT_HTTP}"),
        ("about:blank", f"unsupported URL scheme 'about': {NOT_HTTP}"),
        ("JavaScript:alert(1)", f"unsupported URL scheme 'javascript': {NOT_HTTP}"),
        ("http:foo", "invalid URL (an absolute URL with no host)"),
        ("http://[::1", "invalid URL (Invalid port: ':1')"),
    ],
)
def test_a_redirect_to_another_scheme_is_that_url_s_rejection_and_the_batch_goes_on(
    server: PageServer, tmp_path: Path, location: str, reason: str
) -> None:
    urls = [
        f"{server.base}/page/one",
        f"{server.base}/redirect?to={quote(location)}",
        f"{server.base}/page/three",
    ]
    first, middle, last = fetch(urls, tmp_path, allow_private=True)
    assert isinstance(first, Document) and isinstance(last, Document)
    assert middle == Rejection(urls[1], f"redirect to {location}: {reason}")
    assert server.hits["/page/three"] == 1


def test_kansou_ingest_reports_a_bad_redirect_and_stores_the_urls_around_it(
    kansou: Kansou, server: PageServer, tmp_path: Path, corpus: Path
) -> None:
    urls = [
        f"{server.base}/corpus/{BEBOP}/details.html",
        f"{server.base}/redirect?to={quote('mailto:someone@example.org')}",
        f"{server.base}/corpus/{BEBOP}/stats.html",
    ]
    cache = str(tmp_path / "cache")
    result = kansou("ingest", "--allow-private", "--rate-limit", "0", "--cache-dir", cache, *urls)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "2 stored, 0 unchanged, 1 rejected" in result.stdout
    assert (
        f"rejected: {urls[1]}: redirect to mailto:someone@example.org: "
        f"unsupported URL scheme 'mailto': {NOT_HTTP}"
    ) in result.stderr
    assert {d["url"] for d in kansou.export()["documents"]} == {urls[0], urls[2]}


def test_a_page_cached_with_allow_private_is_not_served_without_it(
    server: PageServer, tmp_path: Path
) -> None:
    url = f"{server.base}/page/secret"
    (fetched,) = fetch([url], tmp_path, allow_private=True)
    assert isinstance(fetched, Document)
    hits = server.hits["/page/secret"]

    (live,) = fetch([url], tmp_path)
    (offline,) = fetch([url], tmp_path, offline=True)
    refusal = "host 127.0.0.1 refused: loopback address 127.0.0.1"
    assert isinstance(live, Rejection) and live.reason.startswith(refusal)
    assert isinstance(offline, Rejection)
    assert offline.reason.startswith(f"the cached copy is refused, and offline: {refusal}")
    (allowed,) = fetch([url], tmp_path, offline=True, allow_private=True)
    assert isinstance(allowed, Document) and allowed.raw == fetched.raw
    assert server.hits["/page/secret"] == hits  # nothing was fetched again


def test_a_cached_redirect_is_judged_at_every_hop(server: PageServer, tmp_path: Path) -> None:
    """A page cached from a public host after a redirect through a LAN host is refused."""
    url = "http://public.test/start"
    page = CachedPage(
        url,
        "http://public.test/end",
        "text/html",
        b"<html><body><p>cached</p></body></html>",
        addresses=(("public.test", "93.184.216.34"), ("router.lan", "192.168.1.1")),
    )
    ResponseCache(tmp_path).put(page)
    (result,) = fetch([url], tmp_path, offline=True)
    assert result == Rejection(
        url,
        "the cached copy is refused, and offline: host router.lan refused: "
        "private address 192.168.1.1 (use --allow-private to fetch from it)",
    )
    (allowed,) = fetch([url], tmp_path, offline=True, allow_private=True)
    assert isinstance(allowed, Document)


def test_a_page_cached_without_its_addresses_is_not_trusted(tmp_path: Path) -> None:
    url = "http://old.test/page"
    ResponseCache(tmp_path).put(CachedPage(url, url, "text/html", b"<html>old</html>"))
    (result,) = fetch([url], tmp_path, offline=True, allow_private=True)
    assert result == Rejection(
        url,
        "the cached copy is refused, and offline: "
        "it was cached without the addresses it came from (by an older kansou)",
    )


def test_the_api_does_not_serve_a_page_the_cli_cached_with_allow_private(
    server: PageServer, tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    url = f"{server.base}/corpus/{BEBOP}/details.html"
    (cached,) = fetch([url], default_cache_dir(), allow_private=True)
    assert isinstance(cached, Document)
    assert default_cache_dir().is_relative_to(tmp_path)
    auth = {"authorization": "Bearer tok"}
    with TestClient(create_app(str(tmp_path / "k.sqlite"), token="tok")) as client:
        answer = client.post("/api/v1/documents", json={"url": url}, headers=auth)
    assert answer.status_code == 422
    assert answer.json()["error"] == (
        "document rejected: host 127.0.0.1 refused: loopback address 127.0.0.1 "
        "(use --allow-private to fetch from it)"
    )
    assert server.hits[f"/corpus/{BEBOP}/details.html"] == 1


@pytest.mark.parametrize("address", ["169.254.169.253", "169.254.1.1", "fe80::1"])
def test_link_local_addresses_are_refused_even_with_allow_private(address: str) -> None:
    policy = NetworkPolicy.build(allow_private=True)
    with pytest.raises(UnsafeAddress) as refused:
        checked_addresses(address, 80, policy)
    assert refused.value.message == (
        f"host {address} refused: link-local address {ipaddress.ip_address(address)} "
        "(refused even with --allow-private, which opens only loopback and private ranges)"
    )


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.7.7", "fd12::1"]
)
def test_allow_private_opens_loopback_and_private_ranges(address: str) -> None:
    policy = NetworkPolicy.build(allow_private=True)
    assert checked_addresses(address, 80, policy) == [ipaddress.ip_address(address)]


def test_a_redirect_to_a_link_local_host_is_refused_before_connecting(
    server: PageServer, tmp_path: Path
) -> None:
    url = f"{server.base}/redirect?to=http://169.254.169.253/"
    (result,) = fetch([url], tmp_path, allow_private=True)
    assert isinstance(result, Rejection)
    assert result.reason.startswith(
        "redirect to http://169.254.169.253/: host 169.254.169.253 refused: "
        "link-local address 169.254.169.253"
    )


def test_the_cache_records_the_address_of_every_hop(server: PageServer, tmp_path: Path) -> None:
    url = f"{server.base}/chain/2"
    (result,) = fetch([url], tmp_path, allowed_hosts=LOCAL)
    assert isinstance(result, Document)
    cached = ResponseCache(tmp_path).get(url)
    assert cached is not None
    assert cached.addresses == (("127.0.0.1", "127.0.0.1"),) * 3
    assert os.path.basename(cached.final_url) == "0"
