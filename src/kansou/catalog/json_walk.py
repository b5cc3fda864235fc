"""Walk a JSON array element by element, keeping each element's line number.

``json.loads`` loses positions; catalog errors must name a line, so the
elements are decoded one at a time with ``raw_decode`` and the line is counted
from the offsets. A truncated document fails with the line where it stops.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kansou.catalog.records import CatalogFormatError

_WS = " \t\r\n"


def iter_array(text: str, start: int, path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, element)`` for the JSON array whose ``[`` is at ``start``."""
    decoder = json.JSONDecoder()
    pos, line, counted = start + 1, 1 + text.count("\n", 0, start), start
    while True:
        pos = _skip(text, pos)
        if pos >= len(text):
            raise CatalogFormatError(path, line, "JSON array never closed (is the file truncated?)")
        if text[pos] == "]":
            return
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            element, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise CatalogFormatError(
                path, exc.lineno, f"invalid JSON ({exc.msg}; is the file truncated?)"
            ) from exc
        yield line, element
        pos = _skip(text, end)
        if pos < len(text) and text[pos] == ",":
            pos += 1


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def array_start(text: str, path: Path, key: str | None = None) -> int:
    """Offset of the top-level array, or of the array under top-level ``key``."""
    pos = _skip(text, 0)
    if key is None:
        if pos >= len(text) or text[pos] != "[":
            raise CatalogFormatError(path, 1, "expected a JSON array of entries")
        return pos
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogFormatError(
            path, exc.lineno, f"invalid JSON ({exc.msg}; is the file truncated?)"
        ) from exc
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise CatalogFormatError(path, 1, f"no top-level field '{key}' holding a list")
    found = text.rfind(f'"{key}"')
    bracket = text.find("[", found)
    if found < 0 or bracket < 0:
        raise CatalogFormatError(path, 1, f"no top-level field '{key}' holding a list")
    return bracket
