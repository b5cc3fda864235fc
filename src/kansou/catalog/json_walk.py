"""Walk a JSON array element by element as the file streams, keeping each element's line.

``json.load`` needs the whole document and loses positions, while catalog
files may be large and their errors must name a line. ``JsonStream`` keeps a
window of the text (read ``CHUNK_CHARS`` at a time; text already decoded is
dropped when more is read) and decodes one value at a time with
``raw_decode``, counting lines as it goes. A value cut by the end of the
window is decoded again with more text, so only the largest single entry, not
the file, bounds memory. A truncated document fails with the line where it
stops.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from kansou.catalog.records import CatalogFile, CatalogFormatError

#: Characters read from the file at a time.
CHUNK_CHARS = 1 << 16
#: An entry longer than this (characters) that still fails to decode is
#: reported as it stands instead of reading on for its end.
MAX_ENTRY_CHARS = 1 << 24
_BLANK = re.compile(r"[ \t\r\n]*")


class JsonStream:
    """A JSON text read a value at a time; ``line`` is the line of the next unread character."""

    def __init__(self, text: IO[str], file: CatalogFile, chunk_chars: int = CHUNK_CHARS) -> None:
        self._text = text
        self._chunk = chunk_chars
        self.path = file.path
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._decoder = json.JSONDecoder()
        self.line = 1

    def peek(self) -> str | None:
        """The next character that is not blank (left unread), or None at the end of the file."""
        while True:
            end = _BLANK.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            self.line += self._buf.count("\n", self._pos, end)
            self._pos = end
            if end < len(self._buf):
                return self._buf[end]
            if not self._read(self._chunk):
                return None

    def take(self) -> None:
        """Step over the punctuation character ``peek`` returned."""
        self._pos += 1

    def value(self) -> Any:
        """Decode the value at the next character that is not blank."""
        self.peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._read_more():
                    continue
                line = self.line + self._buf.count("\n", self._pos, exc.pos)
                raise _invalid(self, line, exc.msg) from exc
            # A value that ends where the window does may go on (a number cut in two).
            if end < len(self._buf) or not self._read_more():
                break
        self.line += self._buf.count("\n", self._pos, end)
        self._pos = end
        return value

    def invalid(self, problem: str) -> CatalogFormatError:
        return _invalid(self, self.line, problem)

    def _read_more(self) -> bool:
        pending = len(self._buf) - self._pos
        if self._eof or pending > MAX_ENTRY_CHARS:
            return False
        return self._read(max(self._chunk, pending))

    def _read(self, size: int) -> bool:
        chunk = self._text.read(size)
        if not chunk:
            self._eof = True
            return False
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        return True


def _invalid(stream: JsonStream, line: int, problem: str) -> CatalogFormatError:
    return CatalogFormatError(
        stream.path, line, f"invalid JSON ({problem}; is the file truncated?)"
    )


def array_entries(
    file: CatalogFile, key: str | None = None, *, chunk_chars: int = CHUNK_CHARS
) -> Iterator[tuple[int, Any]]:
    """``(line, entry)`` for the file's top-level array, or the array under top-level ``key``."""
    with file.text() as text:
        stream = JsonStream(text, file, chunk_chars)
        if key is not None:
            yield from _keyed_array(stream, key)
        elif stream.peek() != "[":
            raise CatalogFormatError(file.path, 1, "expected a JSON array of entries")
        else:
            yield from _array(stream)


def _array(stream: JsonStream) -> Iterator[tuple[int, Any]]:
    """The elements of the array whose ``[`` is next; entries need not be comma-separated."""
    line = stream.line
    stream.take()
    while True:
        char = stream.peek()
        if char is None:
            raise CatalogFormatError(
                stream.path, line, "JSON array never closed (is the file truncated?)"
            )
        if char == "]":
            stream.take()
            return
        line = stream.line
        yield line, stream.value()
        if stream.peek() == ",":
            stream.take()


def _keyed_array(stream: JsonStream, key: str) -> Iterator[tuple[int, Any]]:
    """The elements of the list under top-level ``key``; the rest of the object is checked."""
    missing = CatalogFormatError(stream.path, 1, f"no top-level field '{key}' holding a list")
    if stream.peek() != "{":
        raise missing
    stream.take()
    found = False
    while stream.peek() != "}":
        name = stream.value()
        if not isinstance(name, str):
            raise stream.invalid("Expecting property name enclosed in double quotes")
        if stream.peek() != ":":
            raise stream.invalid("Expecting ':' delimiter")
        stream.take()
        if name == key and not found and stream.peek() == "[":
            found = True
            yield from _array(stream)
        else:
            stream.value()
        char = stream.peek()
        if char == ",":
            stream.take()
        elif char != "}":
            raise stream.invalid("Expecting ',' delimiter")
    stream.take()
    if stream.peek() is not None:
        raise stream.invalid("Extra data")
    if not found:
        raise missing
