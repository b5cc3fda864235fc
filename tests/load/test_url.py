"""URL loading against a real HTTP server on 127.0.0.1 (see conftest.py for its routes)."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import ssl
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from kansou.errors import DocumentRejected
from kansou.load.netsafety import (
    IPAddress,
    NetworkPolicy,
    UnsafeAddress,
    address_problem,
    checked_addresses,
)
from kansou.load.url import (
    Fetcher,
    FetchSettings,
    HostRateLimiter,
    ResponseCache,
    bounded_decode,
    fetch_documents,
)
from kansou.model import Document, Rejection

from .conftest import TLS_HOST, PageServer, TlsFiles

LOCAL = ("127.0.0.1",)


def fetch_one(url: str, cache_dir: Path, **options: Any) -> Document | Rejection:
    options.setdefault("allowed_hosts", LOCAL)
    options.setdefault("rate_limit_per_host", 0)
    options.setdefault("backoff", 0.01)
    (result,) = fetch_documents([url], cache_dir=cache_dir, **options)
    return result


def rejected(result: Document | Rejection) -> str:
    assert isinstance(result, Rejection), f"expected a rejection, got {result!r}"
    return result.reason


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- happy path ------------------------------------------------------------------------------


def test_corpus_page_arrives_byte_for_byte(
    server: PageServer, corpus: Path, tmp_path: Path
) -> None:
    url = f"{server.base}/corpus/mal-2021/cowboy-bebop/details.html"
    doc = fetch_one(url, tmp_path)
    assert isinstance(doc, Document)
    assert doc.raw == (corpus / "mal-2021/cowboy-bebop/details.html").read_bytes()
    assert (doc.source, doc.url, doc.media_type) == (url, url, "text/html")


def test_allow_private_opens_loopback(server: PageServer, tmp_path: Path) -> None:
    doc = fetch_one(f"{server.base}/page/a", tmp_path, allowed_hosts=(), allow_private=True)
    assert isinstance(doc, Document) and b"page a" in doc.raw


def test_batch_keeps_order_and_lands_the_rest(server: PageServer, tmp_path: Path) -> None:
    urls = [f"{server.base}/page/1", f"{server.base}/status/404", f"{server.base}/page/3"]
    results = list(
        fetch_documents(urls, cache_dir=tmp_path, allowed_hosts=LOCAL, rate_limit_per_host=0)
    )
    assert [r.source for r in results] == urls
    assert [type(r) for r in results] == [Document, Rejection, Document]
    assert rejected(results[1]) == "HTTP 404 Not Found"


def test_gzip_encoded_page_is_decoded(server: PageServer, tmp_path: Path) -> None:
    doc = fetch_one(f"{server.base}/gzipped", tmp_path)
    assert (
        isinstance(doc, Document) and doc.raw == b"<html><body><p>compressed page</p></body></html>"
    )


# --- network safety --------------------------------------------------------------------------


def test_loopback_refused_by_default_before_connecting(server: PageServer, tmp_path: Path) -> None:
    reason = rejected(fetch_one(f"{server.base}/page/a", tmp_path, allowed_hosts=()))
    assert reason == (
        "host 127.0.0.1 refused: loopback address 127.0.0.1 (use --allow-private to fetch from it)"
    )
    assert sum(server.hits.values()) == 0


def test_redirect_to_private_address_refused(server: PageServer, tmp_path: Path) -> None:
    url = f"{server.base}/redirect?to=http://10.0.0.1/admin"
    reason = rejected(fetch_one(url, tmp_path))
    assert reason.startswith("redirect to http://10.0.0.1/admin: host 10.0.0.1 refused: private")


def test_redirect_to_metadata_refused_even_with_allow_private(
    server: PageServer, tmp_path: Path
) -> None:
    url = f"{server.base}/redirect?to=http://169.254.169.254/latest/meta-data/"
    reason = rejected(fetch_one(url, tmp_path, allow_private=True))
    assert "cloud metadata address 169.254.169.254" in reason
    assert reason.startswith("redirect to http://169.254.169.254/latest/meta-data/")


def test_redirect_to_name_resolving_private_refused(server: PageServer, tmp_path: Path) -> None:
    def resolver(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("10.9.8.7")] if host == "intranet.test" else []

    url = f"{server.base}/redirect?to=http://intranet.test/"
    reason = rejected(fetch_one(url, tmp_path, resolver=resolver))
    assert "host intranet.test refused: private address 10.9.8.7" in reason


def test_connection_is_pinned_to_the_checked_address(server: PageServer, tmp_path: Path) -> None:
    """A name no DNS knows is reached through the address our resolver checked."""
    asked: list[str] = []

    def resolver(host: str, port: int) -> list[IPAddress]:
        asked.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    port = server.server_address[1]
    url = f"http://pinned.test:{port}/host"
    doc = fetch_one(url, tmp_path, allowed_hosts=("pinned.test",), resolver=resolver)
    assert isinstance(doc, Document)
    assert f"asked for pinned.test:{port}".encode() in doc.raw
    assert set(asked) == {"pinned.test"}


def test_answer_changed_after_the_first_check_never_reaches_loopback(
    server: PageServer, tmp_path: Path
) -> None:
    """DNS rebinding: a public answer first, loopback afterwards; no connection gets through."""
    answers = iter([ipaddress.ip_address("93.184.216.34")])

    def resolver(host: str, port: int) -> list[IPAddress]:
        return [next(answers, ipaddress.ip_address("127.0.0.1"))]

    url = f"http://rebind.test:{server.server_address[1]}/page/x"
    reason = rejected(fetch_one(url, tmp_path, allowed_hosts=(), resolver=resolver))
    assert "host rebind.test refused: loopback address 127.0.0.1" in reason
    assert sum(server.hits.values()) == 0


def test_ipv6_loopback_literal_refused(tmp_path: Path) -> None:
    reason = rejected(fetch_one("http://[::1]:9/page", tmp_path, allowed_hosts=()))
    assert reason == "host ::1 refused: loopback address ::1 (use --allow-private to fetch from it)"


def test_unresolvable_host_rejected(tmp_path: Path) -> None:
    def resolver(host: str, port: int) -> list[IPAddress]:
        return []

    reason = rejected(fetch_one("http://nowhere.test/", tmp_path, resolver=resolver))
    assert reason == "cannot resolve host 'nowhere.test': no addresses"


def test_tls_to_a_pinned_address_verifies_the_host_name(
    tls_server: tuple[PageServer, TlsFiles], tmp_path: Path
) -> None:
    """The socket goes to the checked IP, yet the certificate is checked against the name."""
    server, files = tls_server
    trust = ssl.create_default_context(cadata=files.ca_pem.decode())

    def resolver(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("127.0.0.1")]

    port = server.server_address[1]
    options: dict[str, Any] = {"resolver": resolver, "ssl_context": trust}
    url = f"https://{TLS_HOST}:{port}/page/tls"
    doc = fetch_one(url, tmp_path, allowed_hosts=(TLS_HOST,), **options)
    assert isinstance(doc, Document) and b"page tls" in doc.raw

    by_address = f"https://127.0.0.1:{port}/page/tls"
    reason = rejected(fetch_one(by_address, tmp_path, **options))
    assert "CERTIFICATE_VERIFY_FAILED" in reason and "127.0.0.1" in reason


def test_tls_certificate_from_an_unknown_ca_refused(
    tls_server: tuple[PageServer, TlsFiles], tmp_path: Path
) -> None:
    server, _ = tls_server

    def resolver(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("127.0.0.1")]

    url = f"https://{TLS_HOST}:{server.server_address[1]}/page/tls"
    reason = rejected(fetch_one(url, tmp_path, allowed_hosts=(TLS_HOST,), resolver=resolver))
    assert reason.startswith("robots.txt unavailable: TLS failed: ConnectError")
    assert "CERTIFICATE_VERIFY_FAILED" in reason


def test_name_with_one_private_address_among_public_refused() -> None:
    def resolver(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("192.168.1.1")]

    with pytest.raises(UnsafeAddress, match=r"private address 192\.168\.1\.1"):
        checked_addresses("mixed.test", 80, NetworkPolicy.build(resolver=resolver))


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback address 127.0.0.1"),
        ("::1", "loopback address ::1"),
        ("10.0.0.1", "private address 10.0.0.1"),
        ("172.16.5.4", "private address 172.16.5.4"),
        ("192.168.0.10", "private address 192.168.0.10"),
        ("169.254.169.254", "cloud metadata address 169.254.169.254"),
        ("fd00:ec2::254", "cloud metadata address fd00:ec2::254"),
        ("100.100.100.200", "cloud metadata address 100.100.100.200"),
        ("169.254.1.1", "link-local address 169.254.1.1"),
        ("fe80::1", "link-local address fe80::1"),
        ("224.0.0.1", "multicast address 224.0.0.1"),
        ("0.0.0.0", "unspecified address 0.0.0.0"),
        ("240.0.0.1", "reserved address 240.0.0.1"),
        ("198.18.0.1", "reserved address 198.18.0.1"),
        ("100.64.0.1", "non-global address 100.64.0.1"),
        ("::ffff:10.0.0.1", "private address 10.0.0.1 (embedded in ::ffff:a00:1)"),
        ("2002:7f00:1::", "loopback address 127.0.0.1 (embedded in 2002:7f00:1::)"),
        (
            "64:ff9b::a9fe:a9fe",
            "cloud metadata address 169.254.169.254 (embedded in 64:ff9b::a9fe:a9fe)",
        ),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_problems(address: str, problem: str | None) -> None:
    ip = ipaddress.ip_address(address)
    assert address_problem(ip) == (problem.format(ip) if problem else None)


def test_metadata_host_name_refused_without_resolving() -> None:
    policy = NetworkPolicy.build(allow_private=True)
    with pytest.raises(UnsafeAddress, match="cloud metadata host"):
        checked_addresses("metadata.google.internal", 80, policy)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file': only http and https are fetched"),
        ("ftp://example.org/x", "unsupported URL scheme 'ftp': only http and https are fetched"),
        ("not a url", "unsupported URL scheme 'none': only http and https are fetched"),
    ],
)
def test_only_http_and_https(url: str, reason: str, tmp_path: Path) -> None:
    assert rejected(fetch_one(url, tmp_path)) == reason


def test_redirect_to_file_scheme_refused(server: PageServer, tmp_path: Path) -> None:
    reason = rejected(fetch_one(f"{server.base}/redirect?to=file:///etc/passwd", tmp_path))
    assert reason == (
        "redirect to file:///etc/passwd: unsupported URL scheme 'file': "
        "only http and https are fetched"
    )


def test_redirects_followed_up_to_five_hops(server: PageServer, tmp_path: Path) -> None:
    doc = fetch_one(f"{server.base}/chain/5", tmp_path)
    assert isinstance(doc, Document) and doc.url == f"{server.base}/chain/0"
    assert rejected(fetch_one(f"{server.base}/chain/6", tmp_path)) == "more than 5 redirects"


# --- robots.txt ------------------------------------------------------------------------------


def test_robots_disallow_respected_and_read_once(server: PageServer, tmp_path: Path) -> None:
    urls = [f"{server.base}/private/x", f"{server.base}/page/1", f"{server.base}/page/2"]
    results = list(
        fetch_documents(urls, cache_dir=tmp_path, allowed_hosts=LOCAL, rate_limit_per_host=0)
    )
    assert rejected(results[0]) == (
        f"disallowed by {server.base}/robots.txt for user agent "
        "'kansou/0.1 (+https://github.com/kansou)'"
    )
    assert all(isinstance(r, Document) for r in results[1:])
    assert server.hits["/robots.txt"] == 1
    assert server.hits["/private/x"] == 0


def test_robots_for_our_agent_only(server: PageServer, tmp_path: Path) -> None:
    server.robots = (200, "User-agent: kansou\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert "disallowed by" in rejected(fetch_one(f"{server.base}/page/1", tmp_path))
    other = fetch_one(f"{server.base}/page/1", tmp_path / "other", user_agent="otherbot/1.0")
    assert isinstance(other, Document)


def test_missing_robots_allows_everything(server: PageServer, tmp_path: Path) -> None:
    server.robots = (404, "")
    assert isinstance(fetch_one(f"{server.base}/private/x", tmp_path), Document)


def test_forbidden_robots_disallows_everything(server: PageServer, tmp_path: Path) -> None:
    server.robots = (403, "")
    assert "disallowed by" in rejected(fetch_one(f"{server.base}/page/1", tmp_path))


def test_failing_robots_refuses_the_host(server: PageServer, tmp_path: Path) -> None:
    server.robots = (503, "")
    reason = rejected(fetch_one(f"{server.base}/page/1", tmp_path, max_attempts=2))
    assert reason == "robots.txt unavailable: HTTP 503 Service Unavailable after 2 attempts"
    assert server.hits["/page/1"] == 0


# --- rate limit --------------------------------------------------------------------------------


def test_rate_limiter_spaces_requests_per_host() -> None:
    limiter = HostRateLimiter(per_second=2.0)
    assert limiter.reserve("a", now=10.0) == 0.0
    assert limiter.reserve("a", now=10.0) == pytest.approx(0.5)
    assert limiter.reserve("a", now=10.1) == pytest.approx(0.9)
    assert limiter.reserve("b", now=10.1) == 0.0
    assert limiter.reserve("a", now=20.0) == 0.0


def test_rate_limiter_honours_a_longer_crawl_delay() -> None:
    limiter = HostRateLimiter(per_second=2.0)
    assert limiter.reserve("a", now=0.0, min_interval=3.0) == 0.0
    assert limiter.reserve("a", now=0.0, min_interval=3.0) == pytest.approx(3.0)


def test_rate_limit_zero_means_unlimited() -> None:
    limiter = HostRateLimiter(per_second=0)
    assert [limiter.reserve("a", now=1.0) for _ in range(3)] == [0.0, 0.0, 0.0]


def test_crawl_delay_longer_than_the_rate_limit_is_booked(
    server: PageServer, tmp_path: Path
) -> None:
    server.robots = (200, "User-agent: *\nCrawl-delay: 7\n")
    settings = FetchSettings(tmp_path, allowed_hosts=frozenset(LOCAL), rate_limit_per_host=0)
    with Fetcher(settings) as fetcher:
        before = time.monotonic()
        assert isinstance(fetcher.fetch(f"{server.base}/page/1"), Document)
        elapsed = time.monotonic() - before
        wait = fetcher.limiter.reserve("127.0.0.1", before)
    assert 7.0 <= wait <= 7.0 + elapsed


# --- size, type and time caps ----------------------------------------------------------------


def test_streamed_body_over_the_cap_rejected(server: PageServer, tmp_path: Path) -> None:
    reason = rejected(fetch_one(f"{server.base}/huge?bytes=3000000", tmp_path, max_bytes=1_000_000))
    assert reason == "response larger than 1000000 bytes"


def test_declared_length_over_the_cap_rejected_before_reading(
    server: PageServer, tmp_path: Path
) -> None:
    url = f"{server.base}/huge?bytes=3000000&declare=1"
    reason = rejected(fetch_one(url, tmp_path, max_bytes=1_000_000))
    assert reason == "response larger than 1000000 bytes (Content-Length 3000000)"


def test_body_at_the_cap_accepted(server: PageServer, tmp_path: Path) -> None:
    doc = fetch_one(f"{server.base}/huge?bytes=1000000", tmp_path, max_bytes=1_000_000)
    assert isinstance(doc, Document) and len(doc.raw) == 1_000_000


def test_gzip_bomb_rejected(server: PageServer, tmp_path: Path) -> None:
    reason = rejected(fetch_one(f"{server.base}/gzip-bomb?mb=50", tmp_path, max_bytes=1_000_000))
    assert reason == "response larger than 1000000 bytes"


def test_bounded_decode_never_inflates_past_the_cap() -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)
    sizes: list[int] = []
    with pytest.raises(DocumentRejected, match="larger than 100000 bytes"):
        for part in bounded_decode([bomb], "gzip", 100_000):
            sizes.append(len(part))
    assert sum(sizes) <= 100_000


def test_unknown_content_encoding_rejected() -> None:
    with pytest.raises(DocumentRejected, match="unsupported Content-Encoding 'br'"):
        list(bounded_decode([b"x"], "br", 10))


@pytest.mark.parametrize(
    ("ctype", "reason"),
    [
        (
            "application/pdf",
            "content type 'application/pdf' is not a page: "
            "accepted text/html, application/xhtml+xml, text/plain",
        ),
        (
            "image/png",
            "content type 'image/png' is not a page: "
            "accepted text/html, application/xhtml+xml, text/plain",
        ),
        ("", "response has no Content-Type: accepted text/html, application/xhtml+xml, text/plain"),
    ],
)
def test_wrong_content_type_rejected(
    ctype: str, reason: str, server: PageServer, tmp_path: Path
) -> None:
    assert rejected(fetch_one(f"{server.base}/type?ct={ctype}", tmp_path)) == reason


@pytest.mark.parametrize("ctype", ["text/plain", "application/xhtml+xml", "TEXT/HTML; charset=x"])
def test_page_content_types_accepted(ctype: str, server: PageServer, tmp_path: Path) -> None:
    doc = fetch_one(f"{server.base}/type?ct={quote(ctype)}", tmp_path)
    assert isinstance(doc, Document) and doc.media_type == ctype.split(";")[0].lower()


def test_trickling_server_stopped_by_the_total_time_cap(server: PageServer, tmp_path: Path) -> None:
    url = f"{server.base}/slow?chunks=50&delay=0.1"
    reason = rejected(fetch_one(url, tmp_path, total_timeout=0.5, timeout=5))
    assert reason == "download took longer than the 0.5 s time cap"


def test_body_cut_short_rejected(server: PageServer, tmp_path: Path) -> None:
    reason = rejected(fetch_one(f"{server.base}/truncated", tmp_path))
    assert reason.startswith("download failed: RemoteProtocolError")
    assert list(tmp_path.rglob("*.body")) == []


# --- retries ------------------------------------------------------------------------------------


def test_429_then_200_is_retried(server: PageServer, tmp_path: Path) -> None:
    doc = fetch_one(f"{server.base}/flaky/a?fails=2&status=429", tmp_path)
    assert isinstance(doc, Document) and b"flaky a after 3" in doc.raw
    assert server.hits["/flaky/a"] == 3


def test_retries_are_bounded(server: PageServer, tmp_path: Path) -> None:
    reason = rejected(fetch_one(f"{server.base}/flaky/b?fails=9&status=503", tmp_path))
    assert reason == "HTTP 503 Service Unavailable after 3 attempts"
    assert server.hits["/flaky/b"] == 3


def test_retry_after_past_the_time_cap_gives_up_at_once(server: PageServer, tmp_path: Path) -> None:
    url = f"{server.base}/flaky/c?fails=9&status=429&retry_after=20"
    reason = rejected(fetch_one(url, tmp_path, total_timeout=2))
    assert reason == "HTTP 429 Too Many Requests; retrying would pass the 2 s time cap"
    assert server.hits["/flaky/c"] == 1


def test_connection_refused_is_retried_then_rejected(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/page/x"
    reason = rejected(fetch_one(url, tmp_path, max_attempts=2))
    assert reason.startswith("robots.txt unavailable: ConnectError")
    assert reason.endswith("after 2 attempts")


def test_client_errors_are_not_retried(server: PageServer, tmp_path: Path) -> None:
    assert rejected(fetch_one(f"{server.base}/status/410", tmp_path)) == "HTTP 410 Gone"
    assert server.hits["/status/410"] == 1


# --- cache ---------------------------------------------------------------------------------------


def test_cache_serves_identical_bytes_offline(
    server: PageServer, corpus: Path, tmp_path: Path
) -> None:
    url = f"{server.base}/corpus/mal-2018/one-piece/main.html"
    first = fetch_one(url, tmp_path)
    server.shutdown()
    server.server_close()
    again = fetch_one(url, tmp_path, offline=True)
    assert isinstance(first, Document) and isinstance(again, Document)
    assert again.raw == first.raw == (corpus / "mal-2018/one-piece/main.html").read_bytes()
    assert (again.sha256, again.url, again.media_type) == (first.sha256, first.url, "text/html")


def test_cached_url_is_not_fetched_again(server: PageServer, tmp_path: Path) -> None:
    url = f"{server.base}/page/c"
    fetch_one(url, tmp_path)
    fetch_one(url, tmp_path)
    assert server.hits["/page/c"] == 1
    fetch_one(url, tmp_path, refresh=True)
    assert server.hits["/page/c"] == 2


def test_offline_miss_rejected(tmp_path: Path) -> None:
    reason = rejected(fetch_one("https://example.org/never-fetched", tmp_path, offline=True))
    assert reason == "not in the cache, and offline: fetch it once without --offline"


def test_corrupt_cache_entry_is_a_miss(server: PageServer, tmp_path: Path) -> None:
    url = f"{server.base}/page/d"
    fetch_one(url, tmp_path)
    (body,) = tmp_path.rglob("*.body")
    body.write_bytes(b"tampered")
    assert ResponseCache(tmp_path).get(url) is None
    doc = fetch_one(url, tmp_path)
    assert isinstance(doc, Document) and b"page d" in doc.raw
    assert server.hits["/page/d"] == 2


def test_rejections_are_not_cached(server: PageServer, tmp_path: Path) -> None:
    fetch_one(f"{server.base}/status/500", tmp_path, max_attempts=1)
    assert list(tmp_path.rglob("*.body")) == []
