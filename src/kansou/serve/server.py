"""``kansou serve``'s HTTP server: uvicorn's h11 protocol with the timeouts and connection caps
that hold against slow and greedy clients.

Decisions:

- a connection has ``header_timeout_s`` to deliver a complete request head,
  counted from when it opened or from its previous response, and
  ``body_timeout_s`` to deliver the body, counted from its head; otherwise it
  is closed (answered 408 first when no request is under way). A body that
  is still coming after its answer went out (a 401 or 413 sent before the
  body was read) is given ``DRAIN_S`` more, so that the client reads the
  answer, and such a connection counts as idle. A keep-alive connection that
  sends nothing closes after ``keep_alive_s`` (uvicorn's own timer). Nothing
  else can keep a connection open without a request running;
- at most ``max_connections`` connections are open, and at most
  ``max_connections_per_client`` from one address (0: no per-address cap, for
  a server behind a reverse proxy, where every connection comes from the
  proxy). A new connection past a cap takes the place of the oldest *idle*
  one (one waiting for a request head), its own address's first when the
  per-address cap is the one reached; so a flood of idle connections can
  neither fill the server nor keep a client out. Only when every connection
  over the cap is busy answering is the new one refused, with a 503;
- the caps stay within the process's file descriptor limit, raised to its
  hard limit at start (each connection may hold a socket and a static file):
  running out of descriptors is what made ``accept`` fail over and over;
- every refusal, timeout and eviction is one log line without a traceback,
  at most one per client address and reason every ``LOG_INTERVAL_S``
  seconds, with the count of those held back; past ``MAX_LOGGED_KEYS``
  addresses and reasons at once, one line counts the rest.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter, OrderedDict
from typing import Any, ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kansou.serve.settings import ServerLimits

log = logging.getLogger("uvicorn.error")

#: Seconds between two log lines for one client address and reason.
LOG_INTERVAL_S = 10.0
#: Client addresses and reasons logged one by one at a time; past them (a flood from
#: many addresses, IPv6 has plenty) the rest are counted in one line per interval.
MAX_LOGGED_KEYS = 100
#: Seconds an unread body is still received after its answer went out: enough for
#: the client to stop sending and read the answer, before the connection closes.
DRAIN_S = 2.0


def _response(status: int, reason: str, message: str, *extra: str) -> bytes:
    body = json.dumps({"ok": False, "error": message, "errors": [], "status": status}).encode()
    head = [
        f"HTTP/1.1 {status} {reason}",
        "content-type: application/json",
        "connection: close",
        f"content-length: {len(body)}",
        *extra,
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


BUSY = _response(
    503,
    "Service Unavailable",
    "too many connections: every connection allowed is answering a request; try again shortly",
    "retry-after: 5",
)
TIMED_OUT = _response(408, "Request Timeout", "no complete request arrived in time")


class RefusalLog:
    """One warning per client address and reason per ``interval`` seconds, counting the rest."""

    def __init__(self, interval: float = LOG_INTERVAL_S, max_keys: int = MAX_LOGGED_KEYS) -> None:
        self.interval = interval
        self.max_keys = max_keys
        self._held: dict[tuple[str, str], int] = {}
        self._others = 0

    def note(self, loop: asyncio.AbstractEventLoop, address: str, reason: str) -> None:
        key = (address, reason)
        if key in self._held:
            self._held[key] += 1
            return
        if len(self._held) >= self.max_keys:
            if not self._others:
                loop.call_later(self.interval, self._flush_others)
            self._others += 1
            return
        log.warning("%s: %s", address, reason)
        self._held[key] = 0
        loop.call_later(self.interval, self._flush, loop, key)

    def _flush(self, loop: asyncio.AbstractEventLoop, key: tuple[str, str]) -> None:
        held = self._held.pop(key, 0)
        if held:
            log.warning("%s: %s (%d more in the last %g s)", *key, held, self.interval)
            self._held[key] = 0
            loop.call_later(self.interval, self._flush, loop, key)

    def _flush_others(self) -> None:
        log.warning(
            "%d more refused, timed out or evicted connections from other addresses "
            "in the last %g s",
            self._others,
            self.interval,
        )
        self._others = 0


class ConnectionGuard:
    """The open connections of one server, by client address, and which of them are idle."""

    def __init__(self, limits: ServerLimits) -> None:
        self.limits = limits
        self.log = RefusalLog()
        self.open: Counter[str] = Counter()
        self.total = 0
        self.idle: OrderedDict[GuardedH11Protocol, None] = OrderedDict()
        self.idle_from: dict[str, OrderedDict[GuardedH11Protocol, None]] = {}

    def admit(self, conn: GuardedH11Protocol) -> str | None:
        """Count ``conn`` in, evicting an idle connection at a cap; the refusal reason if none."""
        per_client = self.limits.max_connections_per_client
        if per_client and self.open[conn.address] >= per_client:
            at_cap = f"{per_client} connections open from this address"
            option = f"--max-connections-per-client {per_client}"
            if not self._evict(self.idle_from.get(conn.address), f"{at_cap} ({option})"):
                return f"refused a connection: {at_cap}, all answering requests ({option})"
        if self.total >= self.limits.max_connections:
            at_cap = f"{self.limits.max_connections} connections open"
            option = f"--max-connections {self.limits.max_connections}"
            if not self._evict(self.idle, f"{at_cap} ({option})"):
                return f"refused a connection: {at_cap}, all answering requests ({option})"
        self.open[conn.address] += 1
        self.total += 1
        conn.admitted = True
        return None

    def _evict(self, idle: OrderedDict[GuardedH11Protocol, None] | None, why: str) -> bool:
        if not idle:
            return False
        victim = next(iter(idle))
        self.release(victim)
        victim.close(f"closed an idle connection to admit a newer one: {why}")
        return True

    def release(self, conn: GuardedH11Protocol) -> None:
        if not conn.admitted:
            return
        conn.admitted = False
        self.set_idle(conn, False)
        self.total -= 1
        self.open[conn.address] -= 1
        if self.open[conn.address] <= 0:
            del self.open[conn.address]

    def set_idle(self, conn: GuardedH11Protocol, idle: bool) -> None:
        mine = self.idle_from.setdefault(conn.address, OrderedDict())
        if idle and conn.admitted:
            self.idle[conn] = mine[conn] = None
            return
        self.idle.pop(conn, None)
        mine.pop(conn, None)
        if not mine:
            del self.idle_from[conn.address]


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, admitted by a ``ConnectionGuard`` and timed while it waits.

    What the connection waits for is read from h11's state after every event:
    a request head (``IDLE``), a body (``SEND_BODY``), or nothing while the
    application answers; each wait has its deadline.
    """

    guard: ClassVar[ConnectionGuard]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.address = self.client[0] if self.client else "unknown address"
        self.admitted = False
        self.waiting = ""
        self.deadline: asyncio.TimerHandle | None = None
        refusal = self.guard.admit(self)
        if refusal is not None:
            self.guard.log.note(self.loop, self.address, refusal)
            transport.write(BUSY)
            transport.close()
            return
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._arm(None)
        self.guard.release(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def close(self, reason: str) -> None:
        """Close the connection now, logging ``reason`` (rate limited per address)."""
        self._arm(None)
        self.guard.log.note(self.loop, self.address, reason)
        if not self.transport.is_closing():
            self.transport.close()

    def _follow(self) -> None:
        """Start the deadline of what the connection now waits for, when that changed."""
        if not self.admitted or self.transport.is_closing():
            return
        state = self.conn.their_state
        answering = self.cycle is not None and not self.cycle.response_complete
        if state is h11.IDLE and not answering:
            waiting = "head"
        elif state is h11.SEND_BODY:
            waiting = "body" if answering or self.cycle is None else "drain"
        else:
            waiting = ""
        if waiting != self.waiting:
            self.waiting = waiting
            self.guard.set_idle(self, waiting in ("head", "drain"))
            self._arm(waiting)

    def _arm(self, waiting: str | None) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
        limits = self.guard.limits
        seconds = {
            "head": limits.header_timeout_s,
            "body": limits.body_timeout_s,
            "drain": min(DRAIN_S, limits.body_timeout_s),
        }.get(waiting or "")
        if waiting and seconds:
            self.deadline = self.loop.call_later(seconds, self._expire, waiting, seconds)

    def _expire(self, waiting: str, seconds: float) -> None:
        self.deadline = None
        if waiting == "head":
            if not self.transport.is_closing():
                self.transport.write(TIMED_OUT)
            self.close(f"closed: no complete request head within {seconds:g} s")
        elif waiting == "body":
            self.close(f"closed: request body not received within {seconds:g} s")
        else:
            self.close(f"closed: a body still coming {seconds:g} s after its answer")


def descriptor_limit() -> int:
    """The process's file descriptor limit, raised to its hard limit first where possible."""
    try:
        import resource
    except ImportError:  # not on POSIX: the C runtime's default of 8,192 sockets or more
        return 8192
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1_048_576)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return int(soft)


def guarded_protocol(limits: ServerLimits) -> type[GuardedH11Protocol]:
    """A protocol class for one server, sharing one guard among its connections."""
    attributes: dict[str, Any] = {"guard": ConnectionGuard(limits)}
    return type("KansouH11Protocol", (GuardedH11Protocol,), attributes)


def serve_app(app: Any, host: str, port: int, limits: ServerLimits | None = None) -> None:
    """Serve the ASGI ``app`` on ``host:port`` until interrupted, under ``limits``."""
    import uvicorn

    held = (limits or ServerLimits()).within(descriptor_limit())
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(held),
        log_level="warning",
        access_log=False,
        timeout_keep_alive=held.keep_alive_s,
    )
    uvicorn.Server(config).run()
