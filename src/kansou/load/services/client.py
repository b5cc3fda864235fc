"""One service's HTTP session: its rate limits, retries, cache and address policy.

What it decides, for every request to a service API:

- *where it may connect*: the same ``NetworkPolicy`` as URL ingest judges the
  resolved address of every hop (redirects included) and pins the socket to
  it, so a loopback base address (a mirror, the test replay server) needs
  ``--allow-private`` like any URL; only http and https are fetched;
- *how often*: the service's documented limits, each a sliding window
  (``Window(3, 1.0)`` = at most 3 requests in any second), booked before each
  request; the booked times are kept in the cache folder, so two runs in a
  row still keep AniDB's one request per 2 s;
- *when to try again*: 429 waits the ``Retry-After`` the service asks for, up
  to ``max_wait`` (a longer wait is a rejection saying how long was asked);
  5xx and connection failures back off exponentially; at most
  ``max_attempts`` tries in all;
- *what it keeps*: 200 answers, capped at ``max_bytes`` after decompression,
  in URL ingest's on-disk cache (POST bodies are part of the key); a cached
  answer younger than ``max_age`` is reused, ``offline`` reads only the cache
  and ``refresh`` always asks the service.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import deque
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kansou.errors import DocumentRejected
from kansou.load.netsafety import GuardedTransport, NetworkPolicy, checked_addresses
from kansou.load.services.refs import ServiceRef, request_source
from kansou.load.url import (
    DEFAULT_MAX_BYTES,
    DEFAULT_USER_AGENT,
    MAX_REDIRECTS,
    REDIRECT_STATUSES,
    CachedPage,
    ResponseCache,
    bounded_decode,
    checked_url,
)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: How old a cached answer may be and still be reused: scores move daily at most,
#: and a day keeps a re-run within every service's limits.
DEFAULT_MAX_AGE = 24 * 3600.0
#: Longest 429 wait obeyed by default: AniList asks for 60 s when its limit is hit.
DEFAULT_MAX_WAIT = 90.0


@dataclass(frozen=True)
class Window:
    """At most ``requests`` requests in any ``seconds`` seconds."""

    requests: int
    seconds: float


class SlidingWindowLimiter:
    """Books request times so that every ``Window`` holds; ``reserve`` is pure bookkeeping.

    ``reserve(now)`` returns how long to wait before the next request may go
    and books that moment, so a schedule can be checked without a clock.
    """

    def __init__(self, windows: tuple[Window, ...], booked: list[float] | None = None) -> None:
        self.windows = windows
        keep = max((w.requests for w in windows), default=1)
        self.booked: deque[float] = deque(sorted(booked or [])[-keep:], maxlen=keep)

    def reserve(self, now: float) -> float:
        start = now
        for window in self.windows:
            if len(self.booked) >= window.requests:
                start = max(start, self.booked[-window.requests] + window.seconds)
        self.booked.append(start)
        return start - now

    def lower(self, window: Window) -> None:
        """Use ``window`` instead of a looser one of the same length (a degraded service)."""
        self.windows = tuple(
            window if w.seconds == window.seconds and w.requests > window.requests else w
            for w in self.windows
        )


@dataclass(frozen=True)
class ServiceRequest:
    """One request to a service: what it asks for and how it is cached."""

    ref: ServiceRef
    endpoint: str
    method: str
    url: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    shown: str = ""  # what the source line shows of the body (a POST's variables)

    @property
    def source(self) -> str:
        """The stored answer's ``source``: which anime, which endpoint, the request itself."""
        return request_source(self.ref, self.endpoint, self.method, self.url, self.shown)

    @property
    def cache_key(self) -> str:
        if self.body is None:
            return self.url
        return f"{self.url}#{self.method}-{hashlib.sha256(self.body).hexdigest()}"


@dataclass(frozen=True)
class Answer:
    """A service's 200 answer: its bytes, media type, and when they were fetched."""

    request: ServiceRequest
    body: bytes
    media_type: str
    fetched_at: str


@dataclass(frozen=True)
class SessionSettings:
    """How a ``ServiceSession`` behaves; the defaults are those of ``kansou ingest anilist:1``."""

    cache_dir: Path
    allow_private: bool = False
    offline: bool = False
    refresh: bool = False
    max_age: float = DEFAULT_MAX_AGE
    max_wait: float = DEFAULT_MAX_WAIT
    max_attempts: int = 4
    backoff: float = 1.0
    timeout: float = 20.0
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = DEFAULT_USER_AGENT


class ServiceSession:
    """Requests to one service, paced by its limits; ``fetch`` answers or raises a rejection."""

    def __init__(self, service: str, label: str, windows: tuple[Window, ...],
                 settings: SessionSettings) -> None:  # fmt: skip
        self.service = service
        self.label = label
        self.settings = settings
        self.policy = NetworkPolicy.build(allow_private=settings.allow_private)
        self.cache = ResponseCache(settings.cache_dir)
        self._booked_path = settings.cache_dir / "service-limits" / f"{service}.json"
        self.limiter = SlidingWindowLimiter(windows, self._load_booked())
        self.stopped: str | None = None  # set when the service bans or blocks this client
        self.client = httpx.Client(
            transport=GuardedTransport(self.policy),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            trust_env=False,
        )

    def __enter__(self) -> ServiceSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()

    def fetch(self, request: ServiceRequest) -> Answer:
        """The answer to ``request``, from the cache when fresh, else from the service."""
        if self.stopped:
            raise DocumentRejected(self.stopped)
        key = str(checked_url(request.url))
        self._check_address(httpx.URL(key))
        cached = None if self.settings.refresh else self.cache.get(request.cache_key)
        if cached is not None and (self.settings.offline or self._fresh(cached)):
            return Answer(request, cached.body, cached.media_type, _iso(cached.fetched_at))
        if self.settings.offline:
            raise DocumentRejected("not in the cache, and offline: fetch it once without --offline")
        answer = self._download(request)
        page = CachedPage(request.cache_key, request.url, answer.media_type, answer.body)
        self.cache.put(page)
        return answer

    def _fresh(self, page: CachedPage) -> bool:
        return time.time() - page.fetched_at <= self.settings.max_age

    def _check_address(self, url: httpx.URL) -> None:
        port = url.port or (443 if url.scheme == "https" else 80)
        checked_addresses(url.host, port, self.policy)

    def _download(self, request: ServiceRequest) -> Answer:
        response = self._send_with_retries(request)
        with closing(response):
            if response.status_code != 200:
                raise ServiceStatus(response.status_code, response.reason_phrase,
                                    self._read(response))  # fmt: skip
            body = self._read(response)
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Answer(request, body, media_type or "application/octet-stream", _iso(time.time()))

    def _send_with_retries(self, request: ServiceRequest) -> httpx.Response:
        """Send, waiting as a 429 asks and backing off after 5xx, within the attempt bound."""
        attempts = self.settings.max_attempts
        for attempt in range(1, attempts + 1):
            try:
                response = self._send_following(request)
            except httpx.TransportError as exc:
                failure, wait = f"{type(exc).__name__}: {exc}".rstrip(": "), 0.0
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                failure = f"HTTP {response.status_code} {response.reason_phrase}"
                wait = retry_after(response.headers.get("retry-after"))
                if attempt == attempts:
                    with closing(response):
                        raise ServiceStatus(response.status_code, response.reason_phrase,
                                            self._read(response), attempts)  # fmt: skip
                response.close()
            if attempt == attempts:
                raise DocumentRejected(f"{self.label}: {failure} after {attempts} attempts")
            self._pause(attempt, wait, failure)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _pause(self, attempt: int, asked: float, failure: str) -> None:
        if asked > self.settings.max_wait:
            raise DocumentRejected(
                f"{self.label}: {failure}, asked to wait {asked:g} s "
                f"(more than the {self.settings.max_wait:g} s kansou waits); try again later"
            )
        time.sleep(max(asked, self.settings.backoff * 2 ** (attempt - 1)))

    def _send_following(self, request: ServiceRequest) -> httpx.Response:
        """One request and its redirects, every hop's scheme and address checked first."""
        url = request.url
        for _hop in range(MAX_REDIRECTS + 1):
            target = checked_url(url)
            self._check_address(target)
            self._wait_turn()
            built = self.client.build_request(
                request.method, target, content=request.body,
                headers=dict(request.headers), timeout=self.settings.timeout,
            )  # fmt: skip
            response = self.client.send(built, stream=True)
            self._observe_limits(response.headers)
            location = response.headers.get("location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response
            response.close()
            url = str(target.join(location))
        raise DocumentRejected(f"{self.label}: more than {MAX_REDIRECTS} redirects")

    def _wait_turn(self) -> None:
        wait = self.limiter.reserve(time.time())
        self._save_booked()
        if wait > 0:
            time.sleep(wait)

    def _observe_limits(self, headers: httpx.Headers) -> None:
        """A service that reports a lower per-minute limit than documented (AniList while
        degraded: 30) is held to the one it reports."""
        limit = headers.get("x-ratelimit-limit", "")
        if limit.isdigit() and int(limit) > 0:
            self.limiter.lower(Window(int(limit), 60.0))

    def _read(self, response: httpx.Response) -> bytes:
        encoding = response.headers.get("content-encoding", "identity")
        return b"".join(bounded_decode(response.iter_raw(), encoding, self.settings.max_bytes))

    def _load_booked(self) -> list[float]:
        try:
            return [float(t) for t in json.loads(self._booked_path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return []

    def _save_booked(self) -> None:
        try:
            self._booked_path.parent.mkdir(parents=True, exist_ok=True)
            self._booked_path.write_text(json.dumps(list(self.limiter.booked)), encoding="utf-8")
        except OSError:  # a read-only cache still fetches; only the next run's pacing is lost
            pass


class ServiceStatus(DocumentRejected):
    """A service answered with a status other than 200 (after ``attempts`` tries); the
    service module words the reason from the status and the body."""

    def __init__(self, http_status: int, reason: str, body: bytes, attempts: int = 1) -> None:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"HTTP {http_status} {reason}{tries}")
        self.http_status = http_status
        self.reason = reason
        self.body = body
        self.attempts = attempts


def retry_after(value: str | None) -> float:
    """Seconds asked for by a ``Retry-After`` header in seconds form (an HTTP date counts 0)."""
    try:
        return max(float(value or 0), 0.0)
    except ValueError:
        return 0.0


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")
