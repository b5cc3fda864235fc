"""Reading service API answers (JSON, XML) so that every value keeps its place in the text.

An API answer is stored as its text, and a claim read from it must point at
the field it came from, as a page's claims point at their sentence. Here:

- ``JsonAnswer`` parses a JSON text once and maps every value to its span
  (json-source-map's pointers), so ``field("/data/Media/averageScore")`` is
  the characters ``"averageScore":86`` and ``value_span`` just ``86``;
- ``XmlAnswer`` parses an XML text with expat, keeping each element's
  character range; a document type declaration is refused (entity
  declarations are how XML bombs arrive) and so is anything not well formed.

Both read the clean text, which for an answer is its decoded bytes with
line endings folded, so spans index exactly what the document view shows.
"""

from __future__ import annotations

import bisect
import json
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from json_source_map import calculate

from kansou.model import Span


def looks_like_json(text: str) -> bool:
    head = text[:64].lstrip()
    return head.startswith(("{", "["))


def looks_like_xml(text: str) -> bool:
    head = text[:256].lstrip()
    return head.startswith("<?xml") or (head.startswith("<") and not head[:15].lower().startswith(
        ("<!doctype", "<html")
    ))  # fmt: skip


@lru_cache(maxsize=8)
def parsed_json(text: str) -> Any:
    """The JSON value of ``text``, or None when it is not JSON (memoised: every adapter asks)."""
    if not looks_like_json(text):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer to ``parts`` ("/data/Media/title/romaji")."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class JsonAnswer:
    """A JSON answer's value with the span of every field in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.value = parsed_json(text)
        self._map = calculate(text)

    def get(self, path: str) -> Any:
        """The value at a JSON pointer, or None when the answer has nothing there."""
        node = self.value
        for part in path.split("/")[1:]:
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return None
        return node

    def value_span(self, path: str) -> Span | None:
        """The characters of the value itself (``86``, ``"Cowboy Bebop"``)."""
        entry = self._map.get(path)
        if entry is None:
            return None
        return Span(entry.value_start.position, entry.value_end.position)

    def field(self, path: str) -> Span | None:
        """The characters of the field, key included (``"averageScore":86``); the value's
        span for a list item, which has no key."""
        entry = self._map.get(path)
        if entry is None:
            return None
        start = entry.key_start.position if entry.key_start is not None else None
        return Span(entry.value_start.position if start is None else start,
                    entry.value_end.position)  # fmt: skip

    def key_span(self, path: str) -> Span | None:
        """The characters of a field's key alone (``"Media"``): where a large object starts."""
        entry = self._map.get(path)
        if entry is None or entry.key_start is None or entry.key_end is None:
            return None
        return Span(entry.key_start.position, entry.key_end.position)

    def cover(self, *paths: str) -> Span | None:
        """The smallest span holding every field named that the answer has."""
        spans = [s for p in paths if (s := self.field(p)) is not None]
        if not spans:
            return None
        return Span(min(s.start for s in spans), max(s.end for s in spans))


@dataclass
class Element:
    """One XML element: tag, attributes, its own text, children, and its ``[start, end)``."""

    tag: str
    attributes: dict[str, str]
    start: int
    end: int = 0
    text: str = ""
    children: list[Element] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return Span(self.start, max(self.end, self.start))

    def child(self, tag: str) -> Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag]

    def walk(self) -> Iterator[Element]:
        yield self
        for c in self.children:
            yield from c.walk()


class XmlRefused(ValueError):
    """Not a well-formed XML answer kansou reads (broken, or with a DTD)."""


class XmlAnswer:
    """An XML answer as a tree of ``Element`` whose spans index the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._wide, self._extra = _wide_characters(text)
        self.root = self._parse(text.encode("utf-8"))

    def _char(self, byte: int) -> int:
        """The character offset of a UTF-8 byte offset: the byte offset less the extra
        bytes of every wide character before it."""
        before = bisect.bisect_left(self._wide, byte)
        return byte - (self._extra[before - 1] if before else 0)

    def _parse(self, raw: bytes) -> Element:
        parser = xml.parsers.expat.ParserCreate()
        stack: list[Element] = []
        done: list[Element] = []
        texts: list[list[str]] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            element = Element(tag, attributes, self._char(parser.CurrentByteIndex))
            if stack:
                stack[-1].children.append(element)
            stack.append(element)
            texts.append([])

        def end(tag: str) -> None:
            element = stack.pop()
            close = raw.find(b">", parser.CurrentByteIndex)
            element.end = self._char(close + 1 if close >= 0 else len(raw))
            element.text = "".join(texts.pop()).strip()
            done.append(element)

        def data(chunk: str) -> None:
            if texts:
                texts[-1].append(chunk)

        def doctype(*_args: object) -> None:
            raise XmlRefused("a document type declaration")

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        parser.StartDoctypeDeclHandler = doctype
        try:
            parser.Parse(raw, True)
        except xml.parsers.expat.ExpatError as exc:
            raise XmlRefused(str(exc)) from exc
        if not done:
            raise XmlRefused("no element")
        return done[-1]


def _wide_characters(text: str) -> tuple[list[int], list[int]]:
    """Byte offsets of the characters wider than one UTF-8 byte, and the running total of
    their extra bytes."""
    positions: list[int] = []
    extra: list[int] = []
    byte = total = 0
    for ch in text:
        width = len(ch.encode("utf-8")) if ord(ch) > 0x7F else 1
        if width > 1:
            positions.append(byte)
            total += width - 1
            extra.append(total)
        byte += width
    return positions, extra
