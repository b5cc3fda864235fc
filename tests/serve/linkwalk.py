"""Walk every link a served kansou offers, from its home page: what a fan can click must answer.

``walk(fetch, "/")`` follows every same-site link (``a[href]``, ``link[href]``,
``script[src]``) of every HTML page it reaches, breadth first, each address
once, and records each one's status. ``Walk.failures`` lists what a person
would hit: an answer that is not 2xx, and a link whose address holds
``None`` (a template that printed a missing value); a walk cut short by its
limit fails too, naming how many links it left. Links to other sites are
collected, never fetched (tests stay on loopback), and checked for ``None`` too.
``fetch`` is any ``(path) -> (status, content type, body)``: a live server over
HTTP, or the in-process test client.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlparse

from selectolax.lexbor import LexborHTMLParser

Fetch = Callable[[str], tuple[int, str, bytes]]
#: An address that printed a missing value: ``/documents/None``, ``?id=None``.
NONE_IN_ADDRESS = re.compile(r"(?:^|[/=])None(?:$|[/?#&])")
#: Pages a walk fetches at most (a full catalog lists tens of thousands of titles).
DEFAULT_LIMIT = 20_000


@dataclass
class Walk:
    statuses: dict[str, int] = field(default_factory=dict)
    linked_from: dict[str, str] = field(default_factory=dict)
    external: set[str] = field(default_factory=set)
    bad_links: list[tuple[str, str]] = field(default_factory=list)
    unvisited: int = 0

    @property
    def failures(self) -> list[str]:
        broken = [
            f"{path} answered {status} (linked from {self.linked_from.get(path, 'the start')})"
            for path, status in self.statuses.items()
            if not 200 <= status < 300
        ]
        stopped = [f"stopped at the limit with {self.unvisited} links unvisited"] * bool(
            self.unvisited
        )
        return broken + [f"{page} links to {href}" for page, href in self.bad_links] + stopped

    def paths(self, pattern: str) -> list[str]:
        return [p for p in self.statuses if re.search(pattern, p)]


def links_of(html: bytes) -> list[str]:
    tree = LexborHTMLParser(html.decode("utf-8", errors="replace"))
    out = []
    for node in tree.css("a[href], link[href], script[src]"):
        value = node.attributes.get("href") or node.attributes.get("src")
        if value and not value.startswith(("data:", "mailto:", "#")):
            out.append(value)
    return out


def walk(fetch: Fetch, start: str = "/", limit: int = DEFAULT_LIMIT) -> Walk:
    """Every link reachable from ``start``, fetched once (see the module's docstring)."""
    result = Walk()
    queue = deque([start])
    seen = {start}
    while queue and len(result.statuses) < limit:
        path = queue.popleft()
        status, content_type, body = fetch(path)
        result.statuses[path] = status
        if not content_type.startswith("text/html") or not 200 <= status < 300:
            continue
        for href in links_of(body):
            target = urldefrag(urljoin(path, href))[0]
            if NONE_IN_ADDRESS.search(urlparse(target).path + "?" + urlparse(target).query):
                result.bad_links.append((path, href))
            if urlparse(target).netloc:
                result.external.add(target)
                continue
            if target not in seen:
                seen.add(target)
                result.linked_from[target] = path
                queue.append(target)
    result.unvisited = len(queue)
    return result
