"""HTML to text blocks with selectolax (lexbor): readable block elements, in page order.

Decisions: scripts, styles, navigation, headers/footers, forms and captions
are dropped; every block element with direct text becomes one block, so the
clean text keeps the page's reading order one block per line. The original
HTML is kept on ``Cleaned.html`` for structured-data and site-adapter routes.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kansou.clean.text import REPEAT_MIN_WORDS, repeat_key
from kansou.model import Block, Cleaned

DROPPED_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "form", "figcaption", "iframe", "svg", "button", "select", "head",
)
BLOCK_TAGS = frozenset(
    "p div li td th h1 h2 h3 h4 h5 h6 dt dd blockquote pre section article tr br".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())


def _block_texts(root: LexborNode) -> list[tuple[str, str]]:
    """(tag, text) for each run of inline text, split at block-element boundaries."""
    out: list[tuple[str, str]] = []
    parts: list[str] = []
    tags: list[str] = ["p"]

    def flush() -> None:
        text = " ".join("".join(parts).split())
        if text:
            out.append((tags[-1], text))
        parts.clear()

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
                continue
            if tag in BLOCK_TAGS:
                flush()
                tags.append(tag)
                walk(child)
                flush()
                tags.pop()
            else:
                walk(child)

    walk(root)
    flush()
    return out


def clean_html(html: str, encoding: str = "utf-8") -> Cleaned:
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node else None
    tree.strip_tags(list(DROPPED_TAGS))
    body = tree.body or tree.root
    pieces: list[str] = []
    blocks: list[Block] = []
    seen: dict[str, int] = {}
    offset = 0
    for tag, text in _block_texts(body) if body is not None else []:
        key = repeat_key(text)
        repeat_of = seen.get(key) if len(key.split()) >= REPEAT_MIN_WORDS else None
        if repeat_of is None:
            seen.setdefault(key, len(blocks))
        kind = "heading" if tag in HEADING_TAGS else "line"
        blocks.append(Block(len(blocks), offset, offset + len(text), text, kind, repeat_of))
        pieces.append(text)
        offset += len(text) + 1
    return Cleaned("\n".join(pieces), tuple(blocks), encoding, html=html, title=title)
