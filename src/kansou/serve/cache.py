"""A least-recently-used cache bounded by the bytes its entries hold, not by their number.

Any client can ask for answers that are costly to hold (each ``?hl=`` range
of a 4 MB document is a highlighted copy of it), so what bounds memory must be
their size. Sizes are measured when an entry is stored, by walking the value
(``approx_size``): containers, dataclasses and strings, each object once. An
entry larger than ``MAX_ENTRY_SHARE`` of the budget is answered but not kept,
so one huge answer cannot empty the cache of everything else.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from typing import Any

#: Largest share of the budget one entry may take.
MAX_ENTRY_SHARE = 0.25
_MISSING = object()


def approx_size(value: Any) -> int:
    """Bytes ``value`` holds, with everything it contains (an object shared twice counts once)."""
    seen: set[int] = set()
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, type):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif hasattr(item, "__dict__"):
            stack.append(vars(item))
        elif hasattr(item, "__slots__"):
            stack.extend(getattr(item, s) for s in item.__slots__ if hasattr(item, s))
    return total


class SizedCache:
    """Key to value, holding at most ``max_bytes`` (keys counted); least recently used out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[Any, tuple[Any, int]] = OrderedDict()

    def get(self, key: Any, default: Any = _MISSING) -> Any:
        """The value of ``key`` (marked as just used), or ``default``."""
        entry = self._entries.get(key)
        if entry is None:
            return default
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Any, value: Any) -> bool:
        """Keep ``value`` under ``key``, dropping the least recently used entries to make room;
        ``False`` (and nothing kept) when the entry alone is too large to keep."""
        size = approx_size(key) + approx_size(value)
        self._drop(key)
        if size > self.max_bytes * MAX_ENTRY_SHARE:
            return False
        while self._entries and self.bytes + size > self.max_bytes:
            self._drop(next(iter(self._entries)))
        self._entries[key] = (value, size)
        self.bytes += size
        return True

    def _drop(self, key: Any) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry[1]
