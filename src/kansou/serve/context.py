"""What every route shares: the store, the write token, the request limits, and caches keyed
on the store's generation.

Decisions:

- Answers are cached per **generation** (``kansou.store.queries.generation``):
  a new document, title, alias or person changes it and empties the cache.
  The generation itself is re-read at most every ``GENERATION_TTL_S`` seconds,
  in the background, so an ingest from another process shows within about that
  time; an ingest through the API refreshes it before answering.
- Cache misses and database reads run in the thread pool, one build per key
  however many clients wait for it; a hit is answered on the event loop
  without touching the database. The cache holds at most
  ``ServeLimits.cache_bytes`` of answers, least recently used out first
  (``kansou.serve.cache``).
- Writes go through one lock: one writer per server, as SQLite wants.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from kansou.serve.cache import SizedCache
from kansou.serve.settings import ServeLimits
from kansou.store import Store
from kansou.store.queries import Generation, generation

#: Seconds a read generation is trusted before the database is asked again.
#: Calibrated by the serve benchmark: re-reading it on every request cost a
#: third of title-JSON throughput; one second is below what a person notices.
GENERATION_TTL_S = 1.0
_MISSING = object()

T = TypeVar("T")


@dataclass
class ServeContext:
    store: Store
    token: str | None = None
    limits: ServeLimits = field(default_factory=ServeLimits)
    _generation: Generation | None = None
    _read_at: float = 0.0
    _cache: SizedCache = field(init=False)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _refresh: asyncio.Future[Generation] | None = None
    _pending: dict[Any, asyncio.Future[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cache = SizedCache(self.limits.cache_bytes)

    def generation_now(self, *, force: bool = False) -> Generation:
        """The store's generation, re-read when older than ``GENERATION_TTL_S`` (sync)."""
        now = time.monotonic()
        if force or self._generation is None or now - self._read_at > GENERATION_TTL_S:
            fresh = generation(self.store)
            if fresh != self._generation:
                self._cache = SizedCache(self.limits.cache_bytes)
            self._generation, self._read_at = fresh, now
        return self._generation

    def cache_bytes(self) -> int:
        """Bytes the cached answers hold now: at most ``limits.cache_bytes``."""
        return self._cache.bytes

    def invalidate(self) -> None:
        """Re-read the generation now (called after a write through this server)."""
        self.generation_now(force=True)

    async def generation(self) -> Generation:
        """The current generation. When it is due for a re-read, one refresh starts in the
        thread pool and requests go on with the one in hand (no request waits on it)."""
        known = self._generation
        if known is not None and time.monotonic() - self._read_at <= GENERATION_TTL_S:
            return known
        if self._refresh is None or self._refresh.done():
            self._refresh = asyncio.ensure_future(run_in_threadpool(self.generation_now))
        if known is None:
            return await asyncio.shield(self._refresh)
        return known

    async def cached(self, key: Any, build: Callable[[], T]) -> T:
        """``build()`` once per generation for ``key``, in the thread pool on a miss.

        Concurrent misses of one key share one build (a page that takes
        seconds to assemble is assembled once, not once per waiting client).
        """
        gen = await self.generation()
        cache = self._cache
        hit = cache.get(key, _MISSING)
        if hit is not _MISSING:
            return hit
        flight = (gen.tag, key)
        pending = self._pending.get(flight)
        if pending is None:
            pending = asyncio.ensure_future(run_in_threadpool(build))
            self._pending[flight] = pending
            pending.add_done_callback(lambda _f: self._pending.pop(flight, None))
        value: T = await asyncio.shield(pending)
        if cache is self._cache:  # not replaced for a new generation meanwhile
            cache.put(key, value)
        return value

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await run_in_threadpool(fn, *args)


def context(request: Request) -> ServeContext:
    return request.app.state.kansou
