"""Load stage for URLs: fetch pages politely and safely, keep their raw bytes in a disk cache.

``fetch_documents`` turns URLs into ``Document`` values (or a ``Rejection``
with a one-line reason each), in order, one URL at a time. What it decides:

- *where it may connect*: ``kansou.load.netsafety`` judges the resolved
  address of every connection (redirect hops and robots.txt included) and
  pins the socket to it; only http and https URLs are fetched, and a redirect
  to any other scheme (``mailto:``, ``data:``, ``javascript:``...) or to a URL
  that cannot be parsed is refused at that hop with its own reason;
- *whether it may fetch*: robots.txt of every host on the way is read once
  per run through the same guarded client, and its Crawl-delay honoured;
- *how often*: one request per host per ``1 / rate_limit_per_host`` seconds;
- *when to try again*: 429, 5xx and connection failures are retried with
  exponential backoff (Retry-After honoured), at most ``max_attempts`` times,
  never past the per-URL total time cap;
- *what it keeps*: a 200 answer whose Content-Type is a page (HTML, XHTML or
  plain text), at most ``max_bytes`` after decompression; the size is counted
  while streaming, so no more than that is ever held in memory;
- *what it reuses*: every page kept is written to ``cache_dir`` keyed by URL,
  with the host and address of every hop it came through; a cached URL is
  served from disk without the network unless ``refresh``, and ``offline``
  reads only the cache. A cached page is served only when those recorded
  addresses pass this fetch's address policy, exactly as a live fetch would:
  a page cached with ``--allow-private`` from a LAN host is not served to a
  run without it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
import re
import ssl
import tempfile
import time
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.robotparser import RobotFileParser

import httpx
from platformdirs import user_cache_dir

from kansou.errors import DocumentRejected
from kansou.load.netsafety import (
    GuardedTransport,
    NetworkPolicy,
    Resolver,
    checked_addresses,
    refusal,
)
from kansou.model import Document, Rejection

log = logging.getLogger(__name__)

ACCEPTED_MEDIA_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_USER_AGENT = "kansou/0.1 (+https://github.com/kansou)"
# Google reads at most 500 KiB of a robots.txt; a larger one is refused, not half-read.
ROBOTS_MAX_BYTES = 512_000
# Longest Retry-After or Crawl-delay obeyed: beyond this a site is asking for a
# pause longer than a batch should sit idle, and the time cap gives up first.
MAX_POLITE_WAIT = 30.0
DECODABLE_ENCODINGS = frozenset({"gzip", "x-gzip", "deflate"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: Longest part of a refused Location header quoted in a rejection.
SHOWN_LOCATION_CHARS = 200


@dataclass(frozen=True)
class FetchSettings:
    """How ``fetch_documents`` behaves; the defaults are those of ``kansou ingest URL``.

    ``timeout`` bounds each network wait (connect, each read); ``total_timeout``
    bounds one URL from first request to last byte, retries and redirects
    included. ``backoff`` is the first retry's delay, doubled on each retry.
    ``resolver`` replaces the system DNS lookup (host, port -> addresses) and
    ``ssl_context`` the default TLS trust (system CAs); both are checked as usual.
    """

    cache_dir: Path
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    rate_limit_per_host: float = 1.0
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 20.0
    total_timeout: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    offline: bool = False
    refresh: bool = False
    max_attempts: int = 3
    backoff: float = 0.5
    resolver: Resolver | None = None
    ssl_context: ssl.SSLContext | None = None


def fetch_documents(
    urls: Sequence[str],
    *,
    cache_dir: Path | None = None,
    allow_private: bool = False,
    allowed_hosts: Collection[str] = (),
    rate_limit_per_host: float = 1.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 20.0,
    total_timeout: float = 60.0,
    user_agent: str = DEFAULT_USER_AGENT,
    offline: bool = False,
    refresh: bool = False,
    max_attempts: int = 3,
    backoff: float = 0.5,
    resolver: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> Iterator[Document | Rejection]:
    """Yield one ``Document`` or ``Rejection`` per URL, in order (see ``FetchSettings``).

    ``cache_dir`` defaults to ``default_cache_dir()``.
    """
    settings = FetchSettings(
        cache_dir=Path(cache_dir) if cache_dir is not None else default_cache_dir(),
        allow_private=allow_private,
        allowed_hosts=frozenset(h.lower() for h in allowed_hosts),
        rate_limit_per_host=rate_limit_per_host,
        max_bytes=max_bytes,
        timeout=timeout,
        total_timeout=total_timeout,
        user_agent=user_agent,
        offline=offline,
        refresh=refresh,
        max_attempts=max_attempts,
        backoff=backoff,
        resolver=resolver,
        ssl_context=ssl_context,
    )
    with Fetcher(settings) as fetcher:
        for url in urls:
            yield fetcher.fetch(url)


def default_cache_dir() -> Path:
    """Where fetched pages are kept when no cache directory is given: the user's cache."""
    return Path(user_cache_dir("kansou", appauthor=False)) / "http"


class HostRateLimiter:
    """Spaces requests to one host at least ``1 / per_second`` seconds apart.

    ``reserve`` is pure bookkeeping over the time it is given: it books the
    next free slot for the host and returns how long to wait for it, so the
    schedule can be checked without a clock. ``per_second <= 0`` means no limit.
    """

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next_free: dict[str, float] = {}

    def reserve(self, host: str, now: float, min_interval: float = 0.0) -> float:
        start = max(now, self._next_free.get(host, now))
        self._next_free[host] = start + max(self.interval, min_interval)
        return start - now


@dataclass(frozen=True)
class CachedPage:
    """A page as fetched: the URL asked for, where it ended up, its type and raw bytes.

    ``addresses`` holds ``(host, ip)`` for every hop it came through, in order:
    what the address policy judges before the page is served from the cache.
    """

    url: str
    final_url: str
    media_type: str
    body: bytes
    fetched_at: float = field(default_factory=time.time)
    addresses: tuple[tuple[str, str], ...] = ()

    def document(self, source: str) -> Document:
        return Document(
            source=source, raw=self.body, media_type=self.media_type, url=self.final_url
        )


class ResponseCache:
    """Raw pages on disk, one ``<sha256(url)>.body`` + ``.json`` pair per URL.

    Both files are written to a temporary name and renamed, body first, so a
    kill mid-write leaves either the old entry or none; the body's hash is kept
    in the metadata and checked on read, and a mismatch counts as a miss.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.root / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, url: str) -> CachedPage | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(body).hexdigest() != meta.get("sha256") or meta.get("url") != url:
            return None
        hops = tuple((str(h), str(a)) for h, a in meta.get("addresses") or ())
        return CachedPage(
            url, meta["final_url"], meta["media_type"], body, meta["fetched_at"], hops
        )

    def put(self, page: CachedPage) -> None:
        meta_path, body_path = self._paths(page.url)
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": page.url,
            "final_url": page.final_url,
            "media_type": page.media_type,
            "fetched_at": page.fetched_at,
            "sha256": hashlib.sha256(page.body).hexdigest(),
            "addresses": [list(hop) for hop in page.addresses],
        }
        _write_atomically(body_path, page.body)
        _write_atomically(meta_path, json.dumps(meta, indent=1).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def bounded_decode(chunks: Iterable[bytes], encoding: str, max_bytes: int) -> Iterator[bytes]:
    """Undo a gzip/deflate Content-Encoding, refusing once output passes ``max_bytes``.

    Decompression is asked for at most the bytes still allowed, so a small
    compressed body that inflates to gigabytes (a gzip bomb) costs at most
    ``max_bytes`` of memory before it is refused. Raw bytes count too.
    """
    encoding = encoding.strip().lower() or "identity"
    if encoding not in DECODABLE_ENCODINGS and encoding != "identity":
        raise DocumentRejected(f"unsupported Content-Encoding {encoding!r}: accepted gzip, deflate")
    inflater = zlib.decompressobj(32 + zlib.MAX_WBITS) if encoding != "identity" else None
    raw_total = out_total = 0
    for chunk in chunks:
        raw_total += len(chunk)
        pending = chunk
        while pending:
            if inflater is None:
                out, pending = pending, b""
            else:
                try:
                    out = inflater.decompress(pending, max_bytes - out_total + 1)
                except zlib.error as exc:
                    raise DocumentRejected(f"corrupt {encoding} body: {exc}") from exc
                pending = inflater.unconsumed_tail
            out_total += len(out)
            if out_total > max_bytes or raw_total > max_bytes:
                raise DocumentRejected(f"response larger than {max_bytes} bytes")
            yield out


def media_type_of(response: httpx.Response) -> str:
    """The response's media type if it is a page kansou reads, else a rejection naming it."""
    header = response.headers.get("content-type", "")
    media_type = header.split(";")[0].strip().lower()
    accepted = ", ".join(ACCEPTED_MEDIA_TYPES)
    if not media_type:
        raise DocumentRejected(f"response has no Content-Type: accepted {accepted}")
    if media_type not in ACCEPTED_MEDIA_TYPES:
        raise DocumentRejected(f"content type {media_type!r} is not a page: accepted {accepted}")
    return media_type


def checked_url(url: str) -> httpx.URL:
    """``url`` parsed, without its fragment, if it is an absolute http(s) URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise DocumentRejected(f"invalid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https"):
        shown = parsed.scheme or "none"
        raise DocumentRejected(f"unsupported URL scheme {shown!r}: only http and https are fetched")
    if not parsed.host:
        raise DocumentRejected("URL has no host")
    return parsed.copy_with(fragment=None)


def redirect_url(current: httpx.URL, location: str) -> str:
    """Where a redirect's ``Location`` leads from ``current``, refused unless it is http(s).

    The scheme is judged before the URL is joined or parsed, so ``mailto:``,
    ``data:``, ``javascript:`` or ``about:blank`` get their own reason rather
    than a parser error; a malformed http URL (``http:foo``, no host) is refused as such.
    """
    shown = location[:SHOWN_LOCATION_CHARS]
    scheme = _SCHEME.match(location.strip())
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise DocumentRejected(
            f"redirect to {shown}: unsupported URL scheme {scheme.group(1).lower()!r}: "
            "only http and https are fetched"
        )
    try:
        target = httpx.URL(location.strip())
        if target.scheme and not target.host:
            reason = "invalid URL (an absolute URL with no host)"
            raise DocumentRejected(f"redirect to {shown}: {reason}")
        return str(current.join(target))
    except httpx.InvalidURL as exc:
        raise DocumentRejected(f"redirect to {shown}: invalid URL ({exc})") from exc


def _judge_redirect(response: httpx.Response) -> None:
    """Refuse a redirect's target as soon as its answer arrives: httpx builds the next
    request of every redirect, even one it will not follow, and fails on ``mailto:``."""
    location = response.headers.get("location")
    if response.status_code in REDIRECT_STATUSES and location:
        redirect_url(response.request.url, location)


def peer_address(response: httpx.Response) -> str:
    """The IP address the response came from (the socket's peer), or "" when unknown."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    return str(peer[0]) if peer else ""


def cache_refusal(page: CachedPage, policy: NetworkPolicy) -> str | None:
    """Why ``policy`` must not serve ``page`` from the cache, or ``None`` when it may.

    Every hop's recorded address is judged as a live fetch judges it; a page
    cached without addresses (by an older kansou) cannot be judged and is refused.
    """
    if not page.addresses:
        return "it was cached without the addresses it came from (by an older kansou)"
    for host, address in page.addresses:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return f"its recorded address {address[:60]!r} for {host} is not an IP address"
        reason = refusal(host, ip, policy)
        if reason is not None:
            return reason
    return None


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _tls_failure(exc: BaseException) -> bool:
    """Whether a transport error came from TLS (a bad certificate will not get better)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _retry_after(value: str | None) -> float:
    """Seconds asked for by a Retry-After header in seconds form (HTTP dates are ignored)."""
    try:
        return min(max(float(value or 0), 0.0), MAX_POLITE_WAIT)
    except ValueError:
        return 0.0


class Fetcher:
    """One fetching session: a guarded httpx client, robots rules, rate limiter and cache."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.policy = NetworkPolicy.build(
            allow_private=settings.allow_private,
            allowed_hosts=settings.allowed_hosts,
            resolver=settings.resolver,
        )
        self.cache = ResponseCache(settings.cache_dir)
        self.limiter = HostRateLimiter(settings.rate_limit_per_host)
        self.robots: dict[str, RobotFileParser | str] = {}
        self.client = httpx.Client(
            transport=GuardedTransport(self.policy, settings.ssl_context),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            trust_env=False,
            event_hooks={"response": [_judge_redirect]},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()

    def fetch(self, url: str) -> Document | Rejection:
        """The page at ``url`` as a Document, or why it was not fetched."""
        try:
            return self._document(url)
        except DocumentRejected as exc:
            return Rejection(source=url, reason=exc.message)
        except httpx.HTTPError as exc:
            return Rejection(source=url, reason=f"download failed: {_describe(exc)}")
        except (OSError, ValueError, httpx.InvalidURL) as exc:
            return Rejection(source=url, reason=f"cannot fetch: {_describe(exc)}")
        except Exception as exc:  # a fetcher bug must not sink the batch
            log.exception("cannot fetch %s", url)
            return Rejection(url, f"cannot fetch ({_describe(exc)}); this is a kansou bug")

    def _document(self, url: str) -> Document:
        key = str(checked_url(url))
        cached = None if self.settings.refresh else self.cache.get(key)
        problem = cache_refusal(cached, self.policy) if cached is not None else None
        if problem is not None and self.settings.offline:
            raise DocumentRejected(f"the cached copy is refused, and offline: {problem}")
        if problem is not None:
            cached = None  # fetched again, and judged again, live
        if cached is None and self.settings.offline:
            raise DocumentRejected("not in the cache, and offline: fetch it once without --offline")
        if cached is None:
            cached = self._download(key)
            self.cache.put(cached)
        return cached.document(url)

    def _download(self, url: str) -> CachedPage:
        deadline = time.monotonic() + self.settings.total_timeout
        response, hops = self._follow(url, deadline, check_robots=True)
        with closing(response):
            if response.status_code != 200:
                raise DocumentRejected(f"HTTP {response.status_code} {response.reason_phrase}")
            media_type = media_type_of(response)
            body = self._read_body(response, deadline, self.settings.max_bytes)
        return CachedPage(url, str(response.url), media_type, body, addresses=hops)

    def _follow(
        self, url: str, deadline: float, *, check_robots: bool
    ) -> tuple[httpx.Response, tuple[tuple[str, str], ...]]:
        """The open response at the end of ``url``'s redirects, every hop checked first,
        and the ``(host, ip)`` each hop was answered from."""
        hops: list[tuple[str, str]] = []
        for hop in range(MAX_REDIRECTS + 1):
            try:
                target = self._checked_hop(url, deadline, check_robots=check_robots)
            except DocumentRejected as exc:
                reason = f"redirect to {url}: {exc.message}" if hop else exc.message
                raise DocumentRejected(reason) from exc
            response = self._send(target, deadline)
            hops.append((target.host, peer_address(response)))
            location = response.headers.get("location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response, tuple(hops)
            response.close()
            url = redirect_url(target, location)
        raise DocumentRejected(f"more than {MAX_REDIRECTS} redirects")

    def _checked_hop(self, url: str, deadline: float, *, check_robots: bool) -> httpx.URL:
        """``url`` parsed, its host's addresses judged, and its robots.txt obeyed."""
        target = checked_url(url)
        port = target.port or (443 if target.scheme == "https" else 80)
        checked_addresses(target.host, port, self.policy)
        if check_robots:
            self._check_robots(target, deadline)
        return target

    def _send(self, url: httpx.URL, deadline: float) -> httpx.Response:
        """Send one GET, retrying 429/5xx and connection failures with exponential backoff."""
        attempts = self.settings.max_attempts
        for attempt in range(1, attempts + 1):
            self._wait_turn(url, deadline)
            remaining = max(deadline - time.monotonic(), 0.001)
            request = self.client.build_request(
                "GET", url, timeout=min(self.settings.timeout, remaining)
            )
            try:
                response = self.client.send(request, stream=True)
            except httpx.TransportError as exc:
                if _tls_failure(exc):
                    raise DocumentRejected(f"TLS failed: {_describe(exc)}") from exc
                failure, retry_after = _describe(exc), 0.0
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                response.close()
                failure = f"HTTP {response.status_code} {response.reason_phrase}"
                retry_after = _retry_after(response.headers.get("retry-after"))
            if attempt == attempts:
                raise DocumentRejected(f"{failure} after {attempts} attempts")
            self._pause(attempt, retry_after, deadline, failure)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _pause(self, attempt: int, retry_after: float, deadline: float, failure: str) -> None:
        delay = max(self.settings.backoff * 2 ** (attempt - 1), retry_after)
        if time.monotonic() + delay > deadline:
            cap = self.settings.total_timeout
            raise DocumentRejected(f"{failure}; retrying would pass the {cap:g} s time cap")
        time.sleep(delay)

    def _wait_turn(self, url: httpx.URL, deadline: float) -> None:
        rules = self.robots.get(_origin(url))
        crawl_delay = 0.0
        if isinstance(rules, RobotFileParser):
            crawl_delay = float(rules.crawl_delay(self.settings.user_agent) or 0.0)
        wait = self.limiter.reserve(url.host, time.monotonic(), min(crawl_delay, MAX_POLITE_WAIT))
        if time.monotonic() + wait > deadline:
            cap = self.settings.total_timeout
            raise DocumentRejected(f"rate limit for {url.host} would pass the {cap:g} s time cap")
        if wait > 0:
            time.sleep(wait)

    def _read_body(self, response: httpx.Response, deadline: float, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise DocumentRejected(
                f"response larger than {max_bytes} bytes (Content-Length {declared})"
            )
        encoding = response.headers.get("content-encoding", "identity")
        parts: list[bytes] = []
        for part in bounded_decode(response.iter_raw(), encoding, max_bytes):
            parts.append(part)
            if time.monotonic() > deadline:
                cap = self.settings.total_timeout
                raise DocumentRejected(f"download took longer than the {cap:g} s time cap")
        return b"".join(parts)

    def _check_robots(self, url: httpx.URL, deadline: float) -> None:
        origin = _origin(url)
        if origin not in self.robots:
            try:
                self.robots[origin] = self._load_robots(origin, deadline)
            except DocumentRejected as exc:
                self.robots[origin] = f"robots.txt unavailable: {exc.message}"
        rules = self.robots[origin]
        if isinstance(rules, str):
            raise DocumentRejected(rules)
        agent = self.settings.user_agent
        if not rules.can_fetch(agent, str(url)):
            raise DocumentRejected(f"disallowed by {origin}/robots.txt for user agent {agent!r}")

    def _load_robots(self, origin: str, deadline: float) -> RobotFileParser:
        """The robots rules of ``origin``, read the way major crawlers read them.

        200: its rules; 401/403: nothing may be fetched; other 4xx: no rules,
        everything may be fetched; 5xx or no answer: the host is refused, since
        a site that cannot say what it allows has not allowed anything.
        """
        rules = RobotFileParser(f"{origin}/robots.txt")
        response, _hops = self._follow(f"{origin}/robots.txt", deadline, check_robots=False)
        with closing(response):
            status = response.status_code
            body = self._read_body(response, deadline, ROBOTS_MAX_BYTES) if status == 200 else b""
        if status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif 400 <= status < 500:
            rules.parse([])
        elif status != 200:
            raise DocumentRejected(f"HTTP {status} {response.reason_phrase}")
        else:
            rules.parse(body.decode("utf-8", "replace").splitlines())
        return rules
