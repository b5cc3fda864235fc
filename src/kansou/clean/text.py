"""Plain text to blocks: one block per non-empty line, repeats and captions marked.

Scraped text keeps its line structure (a label line, a value line, a list
item), and lines are what general extraction reads. Two page-level facts are
decided here:

- **repeats**: a line of at least ``REPEAT_MIN_WORDS`` words whose normalised
  text already appeared earlier in the document is a repeat (a scrape that
  holds an article twice, a headline printed as page title and as ``h1``);
  short lines such as a field label or a person's name are never repeats.
- **captions**: a line shaped like an image caption ("... - image 2",
  "Photo: ...", "Image credit ...") is tagged ``caption`` so extractors skip it.
- **the page's address**: a crawler's text dump opens with ``URL: <address>``;
  that line is tagged ``address`` (metadata, not content) and the address is
  kept as ``Cleaned.address``, where the page's URL slug is read from.
"""

from __future__ import annotations

import re

from kansou.model import Block, Cleaned

#: Lines shorter than this (in words) are never collapsed as repeats: labels,
#: names and numbers legitimately recur ("EPISODES" twice, one actor in two roles).
REPEAT_MIN_WORDS = 4

_CAPTION = re.compile(
    r"(?:^|\s)-\s*(?:image|photo|picture|screenshot)\s*\d+\s*$"
    r"|^(?:photo|image|picture|screenshot)\s*(?:credit)?\s*[:\-–]"
    r"|^\(?(?:image|photo)\s+(?:credit|via|source)\b",
    re.I,
)
_SPACES = re.compile(r"\s+")
_ADDRESS = re.compile(r"^URL:\s*(?P<url>https?://\S+)$", re.I)
_LINE = re.compile(r"[^\n]+")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def repeat_key(text: str) -> str:
    """The form under which two blocks count as the same: case and spacing folded."""
    return _SPACES.sub(" ", text).strip().casefold()


def blocks_from_lines(text: str) -> tuple[Block, ...]:
    """Split ``text`` into line blocks with offsets; mark repeats and captions."""
    blocks: list[Block] = []
    seen: dict[str, int] = {}
    for m in _LINE.finditer(text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        tag = "caption" if _CAPTION.search(stripped) else "line"
        if not blocks and _ADDRESS.match(stripped):
            tag = "address"
        key = repeat_key(stripped)
        repeat_of = seen.get(key) if len(key.split()) >= REPEAT_MIN_WORDS else None
        index = len(blocks)
        if repeat_of is None:
            seen.setdefault(key, index)
        blocks.append(Block(index, start, end, stripped, tag, repeat_of))
    return tuple(blocks)


def clean_text(text: str, encoding: str = "utf-8") -> Cleaned:
    text = normalize_newlines(text)
    blocks = blocks_from_lines(text)
    address = None
    if blocks and blocks[0].tag == "address" and (m := _ADDRESS.match(blocks[0].text)):
        address = m.group("url")
    return Cleaned(text=text, blocks=blocks, encoding=encoding, address=address)
