"""A real HTTP server on 127.0.0.1 that replays the recorded service answers of ``../shared/apis``.

Every recording listed in ``apis/SOURCES.md`` is served at its service's path
with its recorded status and headers, under a prefix per service:

    /anilist   POST GraphQL (matched by the request's variables, then its query)
    /jikan     /v4/..., /v3/...          /kitsu   /api/edge/...
    /mal       /v2/...                   /anidb   /httpapi?request=anime&aid=N

so a client pointed at ``http://127.0.0.1:PORT/jikan/v4`` asks exactly what it
would ask api.jikan.moe. A request nothing recorded answers is answered the
way the service answers an unknown id, from its own recording where there is
one (AniList's and Jikan's 404 bodies, Kitsu's empty ``data``), else a plain
404. Knobs for the tests:

- ``script[(service, key)]``: recordings (by file name) to answer with, in
  turn, before the usual one (a 429 first, four 500s, ...);
- ``truncate[(service, key)]``: serve only the first N bytes (a malformed body);
- ``retry_after``: replaces every recorded ``Retry-After`` value.

``requests`` logs (time, service, method, path and query, headers) of every
request. The recordings are read from ``../shared/apis``, never copied.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

APIS = Path(__file__).resolve().parents[2].parent / "shared" / "apis"
#: Folder of recordings -> (prefix the server serves them under, host part to strip).
SERVICES = {
    "anilist": ("anilist", "https://graphql.anilist.co"),
    "jikan-v4": ("jikan", "https://api.jikan.moe"),
    "jikan-v3": ("jikan", "https://api.jikan.moe"),
    "kitsu": ("kitsu", "https://kitsu.app"),
    "mal-v2": ("mal", "https://api.myanimelist.net"),
    "anidb": ("anidb", "http://api.anidb.net:9001"),
}
CONTENT_TYPES = {"anilist": "application/json", "jikan": "application/json",
                 "kitsu": "application/vnd.api+json", "mal": "application/json",
                 "anidb": "application/xml"}  # fmt: skip
#: Query parameters a recording does not pin (AniDB's client name, MAL's field list).
IGNORED_PARAMS = frozenset({"client", "clientver", "fields"})
#: AniList recordings of one Media's connections, told apart by a word of the query.
ANILIST_PARTS = {"characters": "characters", "staff": "staff", "studios": "studios",
                 "recommendations": "recommendations", "relations": "relations",
                 "airing-schedule": "airingSchedule", "page": "Page", "review": "Review"}  # fmt: skip
_SECTION = re.compile(r"^### `([^`]+)`", re.M)
_REQUEST = re.compile(r"- request: (GET|POST) (\S+)(.*)")
_STATUS = re.compile(r"status (\d{3})")
_HEADERS = re.compile(r"response headers kept in the cassette: (.+)$", re.M)


@dataclass(frozen=True)
class Recording:
    """One recorded answer: its file, the request it answered, its status and headers."""

    file: str
    service: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    variables: str | None
    status: int
    headers: tuple[tuple[str, str], ...]

    @property
    def body(self) -> bytes:
        return (APIS / self.file).read_bytes()

    @property
    def key(self) -> str:
        """What a test names this recording's request by: its path, or its variables."""
        return self.variables if self.variables is not None else self.path


def read_recordings(apis: Path = APIS) -> list[Recording]:
    """Every recording SOURCES.md lists, with the request, status and headers it gives."""
    text = (apis / "SOURCES.md").read_text(encoding="utf-8")
    marks = list(_SECTION.finditer(text))
    out = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        section = text[mark.end() : following.start() if following else len(text)]
        out.append(_recording(mark.group(1), section))
    return out


def _recording(file: str, section: str) -> Recording:
    folder = file.split("/")[0]
    service, host = SERVICES[folder]
    request = _REQUEST.search(section)
    assert request is not None, f"SOURCES.md gives no request for {file}"
    method, url, rest = request.groups()
    parts = urlsplit(url.replace(host, "", 1) if url.startswith(host) else url)
    variables = None
    if method == "POST":
        m = re.search(r"variables (\{.*\})", rest)
        variables = _canonical(json.loads(m.group(1))) if m else ""
    status = int(_STATUS.search(section).group(1))  # type: ignore[union-attr]
    headers = []
    if (h := _HEADERS.search(section)) is not None:
        for pair in h.group(1).split(", "):
            name, _, value = pair.partition(": ")
            headers.append((name.strip(), value.strip()))
    query = tuple(sorted(parse_qsl(parts.query)))
    return Recording(file, service, method, parts.path or "/", query, variables, status,
                     tuple(headers))  # fmt: skip


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _pinned(query: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> dict[str, str]:
    pinned = {k: v for k, v in query if k not in IGNORED_PARAMS}
    if pinned.get("page") == "1" and len(pinned) == 1:
        pinned.pop("page")
    return pinned


class ReplayServer(ThreadingHTTPServer):
    """The replay server with its recordings, knobs and request log."""

    daemon_threads = True

    def __init__(self, recordings: list[Recording]) -> None:
        super().__init__(("127.0.0.1", 0), ReplayHandler)
        self.recordings = recordings
        self.script: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.truncate: dict[tuple[str, str], int] = {}
        self.retry_after: str | None = None
        self.requests: list[dict[str, Any]] = []
        self.turns: dict[tuple[str, ...], int] = defaultdict(int)
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def env(self) -> dict[str, str]:
        """``KANSOU_*_URL`` values pointing every service client at this server."""
        return {
            "KANSOU_ANILIST_URL": f"{self.base}/anilist",
            "KANSOU_JIKAN_URL": f"{self.base}/jikan/v4",
            "KANSOU_KITSU_URL": f"{self.base}/kitsu/api/edge",
            "KANSOU_MAL_URL": f"{self.base}/mal/v2",
            "KANSOU_ANIDB_URL": f"{self.base}/anidb/httpapi",
            "KANSOU_MAL_CLIENT_ID": "kansou-test-client",
            "KANSOU_ANIDB_CLIENT": "kansoutest",
            "KANSOU_ANIDB_CLIENTVER": "1",
        }

    def by_file(self, name: str) -> Recording:
        return next(r for r in self.recordings if r.file.endswith(name))

    def answer(self, service: str, method: str, path: str, query: list[tuple[str, str]],
               body: bytes) -> tuple[Recording | None, str]:  # fmt: skip
        """The recording that answers a request (a scripted one first), and the key it was
        matched under."""
        if service == "anilist":
            found, key = self._graphql(body)
        else:
            wanted = _pinned(query)
            found = [r for r in self.recordings if r.service == service and r.method == method
                     and r.path == path and _pinned(r.query) == wanted]  # fmt: skip
            key = path
        with self.lock:
            queue = self.script.get((service, key))
            scripted = queue.pop(0) if queue else None
        if scripted:
            return self.by_file(scripted), key
        return self._turn(found, (service, key, str(sorted(query)))), key

    def _graphql(self, body: bytes) -> tuple[list[Recording], str]:
        try:
            request = json.loads(body)
        except ValueError:
            return [], ""
        variables = request.get("variables") or {}
        query = str(request.get("query") or "")
        key = _canonical(variables) if variables else ""
        mine = [r for r in self.recordings if r.service == "anilist"]
        found = [r for r in mine if r.variables == key]
        if len(found) > 1:
            found = _by_part(found, query)
        if not found:
            wanted = str(variables.get("id", variables.get("mediaId", "")))
            found = [r for r in mine if r.variables and _recorded_id(r) == wanted
                     and not any(f"-{p}" in r.file for p in ANILIST_PARTS)]  # fmt: skip
        return found, key

    def _turn(self, found: list[Recording], key: tuple[str, ...]) -> Recording | None:
        """Recordings of the same request answer in turn, in SOURCES.md's order."""
        if not found:
            return None
        with self.lock:
            turn = self.turns[key]
            self.turns[key] += 1
        return found[turn % len(found)]


def _recorded_id(r: Recording) -> str:
    variables = json.loads(r.variables or "{}")
    return str(variables.get("id", variables.get("mediaId", "")))


def _by_part(found: list[Recording], query: str) -> list[Recording]:
    """Among recordings of one Media's connections, those whose part the query selects."""
    parts = [r for r in found for p, word in ANILIST_PARTS.items()
             if f"-{p}" in r.file and re.search(rf"\b{word}\b", query)]  # fmt: skip
    plain = [r for r in found if not any(f"-{p}" in r.file for p in ANILIST_PARTS)]
    return parts or plain or found


class ReplayHandler(BaseHTTPRequestHandler):
    server: ReplayServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``server.requests``."""

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self._serve(self.rfile.read(length))

    def _serve(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        prefix, _, rest = parts.path.lstrip("/").partition("/")
        service = prefix
        path = "/" + rest if rest else "/"
        query = parse_qsl(parts.query)
        with self.server.lock:
            self.server.requests.append({
                "time": time.monotonic(), "service": service, "method": self.command,
                "path": path, "query": dict(query), "headers": dict(self.headers), "body": body,
            })  # fmt: skip
        recording, key = self.server.answer(service, self.command, path, query, body)
        if recording is None:
            self._unknown(service)
            return
        data = recording.body
        cut = self.server.truncate.get((service, key))
        self._send(recording.status, data if cut is None else data[:cut], service,
                   recording.headers, recording.file)  # fmt: skip

    def _unknown(self, service: str) -> None:
        """The service's own answer to an id it does not know, where one was recorded."""
        known = {"anilist": "pyanilist-error-404-media-not-found.json",
                 "jikan": "jikanpy-error-404-anime-neg1.json",
                 "kitsu": "modb-anime-49936-dead-entry-empty.json"}  # fmt: skip
        if service in known:
            recording = self.server.by_file(known[service])
            self._send(recording.status, recording.body, service, recording.headers,
                       recording.file)  # fmt: skip
            return
        self._send(404, b"not recorded", service, (), "")

    def _send(self, status: int, body: bytes, service: str,
              headers: tuple[tuple[str, str], ...], file: str) -> None:  # fmt: skip
        ctype = "text/html" if file.endswith(".html") else CONTENT_TYPES.get(service, "text/plain")
        if service == "anidb":  # AniDB always answers gzip-compressed
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        if service == "anidb":
            self.send_header("Content-Encoding", "gzip")
        for name, value in headers:
            if name.lower() == "retry-after" and self.server.retry_after is not None:
                value = self.server.retry_after
            self.send_header(name, value)
        self.send_header("X-Replayed-From", file or "none")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def replay_server(recordings: list[Recording] | None = None) -> Iterator[ReplayServer]:
    """The replay server on a free port of 127.0.0.1, stopped afterwards."""
    server = ReplayServer(recordings if recordings is not None else read_recordings())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


__all__ = ["APIS", "Recording", "ReplayServer", "read_recordings", "replay_server"]
