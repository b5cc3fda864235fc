"""A page's markup beside its clean text: which blocks an element shows, and label/value pairs.

Database pages mark their facts up: a table row of a label cell and a value cell
(``<tr><th>Type</th><td>Movie</td></tr>``, or two ``td`` whose first ends in ":"), a
definition list (``<dt>Studio</dt><dd>Bones</dd>``), or a label element at the start of a
line (``<div><strong>Genres:</strong> action, drama</div>``, ``<b>Animation Production</b>:
Madhouse``, ``<div>Studios:</div><div>Trigger</div>``). The markup says where a label ends
and its value begins, which the flat lines cannot; it says nothing about what the label
means (``kansou.extract.general.tables`` decides that).

Only what the page shows counts: an element is read through the clean blocks it holds
(``kansou.clean.html.block_elements``), so a form, navigation or anything else the cleaner
dropped holds no block and yields nothing, and every value keeps the span of its text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from selectolax.lexbor import LexborNode

from kansou.clean.html import block_elements
from kansou.extract.general.bylines import byline_author
from kansou.extract.values import slash_order
from kansou.model import Block, Cleaned, Span

#: A label is short: "Animation Production", "Number of episodes", "Release Date".
LABEL_MAX_WORDS = 6
LABEL_MAX_CHARS = 48
#: Elements that mark a label at the start of a line.
LABEL_TAGS = frozenset({"b", "strong", "span", "label", "em", "i", "dt", "th", "td", "div", "h3",
                        "h4", "h5", "h6", "p"})  # fmt: skip
#: A label line with no value on it takes at most this many lines after it as its value.
VALUE_MAX_LINES = 40
#: Elements that hold a label with no colon when they come first in their container (a
#: heading is a section's name, not a label).
BARE_LABEL_TAGS = frozenset({"div", "span", "dt", "th", "b", "strong", "label", "p"})
_LABEL_LINE = re.compile(r"^(?P<label>[^:：\n]{1,48}?)\s*[:：]\s*(?P<value>.*)$", re.S)
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Piece:
    """One line of a value: its text and where it sits in the clean text."""

    text: str
    span: Span


@dataclass(frozen=True)
class Pair:
    """A label and the lines of its value, as the markup pairs them."""

    label: str  # case-folded, without its colon or a trailing note ("animation work")
    value: tuple[Piece, ...]
    element: LexborNode  # the element holding the value (for its links)
    order: int  # position on the page, for "the first statement wins"


def fold_label(text: str) -> str:
    """A label as the vocabulary knows it: case-folded, no colon, no trailing
    "(アニメーション制作)" note, whitespace folded."""
    label = " ".join(text.split()).strip(" :：").casefold()
    return _TRAILING_NOTE.sub("", label).strip(" :：")


class Markup:
    """The parsed page and the clean blocks each of its elements holds."""

    def __init__(self, cleaned: Cleaned) -> None:
        self.tree, self._element_of_block = block_elements(cleaned)
        self.blocks = cleaned.blocks
        self.text_of_page = cleaned.text
        self._held: dict[int, list[int]] = defaultdict(list)
        for index, element in enumerate(self._element_of_block):
            self._held[element.mem_id].append(index)

    def blocks_of(self, node: LexborNode) -> list[Block]:
        """The clean blocks that ``node`` and its descendants hold, in page order."""
        found: list[int] = []
        for child in node.traverse():
            found.extend(self._held.get(child.mem_id, ()))
        return [self.blocks[i] for i in sorted(found)]

    def locate(self, node: LexborNode, text: str) -> Span | None:
        """Where ``text`` of ``node`` is shown: in the blocks it holds, or, for an inline
        element, in the blocks of the element whose line it is part of. None: not shown."""
        blocks = self.blocks_of(node)
        holder = node.parent
        while not blocks and holder is not None:
            blocks = [self.blocks[i] for i in self._held.get(holder.mem_id, ())]
            holder = holder.parent
        for block in blocks:
            at = block.text.find(text)
            if at >= 0:
                return Span(block.start + at, block.start + at + len(text))
        return None

    def pieces(self, node: LexborNode) -> list[Piece]:
        return [Piece(b.text, Span(b.start, b.end)) for b in self.blocks_of(node)]

    def text(self, node: LexborNode) -> str:
        return " ".join(b.text for b in self.blocks_of(node))

    @cached_property
    def slash_order(self) -> str | None:
        """How the page writes slashed dates ("dmy"/"mdy"), when one of them shows it."""
        return slash_order([self.text_of_page]) if "/" in self.text_of_page else None

    def pairs(self, wanted: Callable[[str], bool] = lambda _label: True) -> list[Pair]:
        """Every label/value pair the markup shows, once, in page order; only those whose
        folded label is ``wanted`` (the caller's vocabulary), which spares reading the
        values of the rest."""
        seen: set[tuple[str, int]] = set()
        out = []
        found = self._row_pairs(wanted) + self._definition_pairs(wanted)
        found += self._line_pairs(wanted) + self._label_element_pairs(wanted)
        for pair in sorted(found, key=lambda p: p.order):
            key = (pair.label, pair.value[0].span.start)
            if key not in seen:
                seen.add(key)
                out.append(pair)
        return out

    def _row_pairs(self, wanted: Callable[[str], bool]) -> list[Pair]:
        """``<tr>`` of a label cell (a ``th``, or a ``td`` ending in ":") and one value cell."""
        out = []
        for row in self.tree.css("tr"):
            cells = [c for c in children(row) if c.tag in ("th", "td")]
            if len(cells) != 2 or cells[1].tag != "td":
                continue
            label = self.text(cells[0])
            if cells[0].tag == "td" and not label.rstrip().endswith((":", "：")):
                continue
            if wanted(fold_label(label)) and (pair := self._pair(label, cells[1])) is not None:
                out.append(pair)
        return out

    def _definition_pairs(self, wanted: Callable[[str], bool]) -> list[Pair]:
        """``<dt>`` and the ``<dd>`` elements after it, up to the next ``<dt>``."""
        out = []
        for term in self.tree.css("dt"):
            if not wanted(fold_label(self.text(term))):
                continue
            sibling = term.next
            while sibling is not None and sibling.tag != "dt":
                if sibling.tag == "dd" and (pair := self._pair(self.text(term), sibling)):
                    out.append(pair)
                sibling = sibling.next
        return out

    def _line_pairs(self, wanted: Callable[[str], bool]) -> list[Pair]:
        """A line "Label: value" whose label is an element of its own, and a line "Label:"
        whose value is the lines after it inside the same element, or the next element."""
        out = []
        for index, block in enumerate(self.blocks):
            head = block.text[: LABEL_MAX_CHARS + 2]
            if ":" not in head and "：" not in head:
                continue
            m = _LABEL_LINE.match(block.text)
            if m is None or not _label_shaped(m.group("label")):
                continue
            if not wanted(fold_label(m.group("label"))):
                continue
            holder = self.holder(index)
            if not _starts_with_label(holder, m.group("label")):
                continue
            element, pieces = holder, []
            if value := m.group("value").strip():
                pieces.append(Piece(value, Span(block.end - len(value), block.end)))
            else:
                pieces = [p for p in self.pieces(holder) if p.span.start > block.end]
                if not pieces and (after := next_element(holder)) is not None:
                    element, pieces = after, self.pieces(after)
            if pieces:
                label = fold_label(m.group("label"))
                out.append(Pair(label, tuple(pieces[:VALUE_MAX_LINES]), element, block.start))
        return out

    def _label_element_pairs(self, wanted: Callable[[str], bool]) -> list[Pair]:
        """A short line that is an element of its own, first in a container whose other
        lines are its value, without a colon: ``<div><div>Premiere</div><a>October 4,
        2006</a></div>``. The caller keeps only labels its vocabulary knows."""
        out = []
        for index, block in enumerate(self.blocks):
            if not _label_shaped(block.text) or block.text.rstrip().endswith((":", "：")):
                continue
            if not wanted(fold_label(block.text)):
                continue
            label_element = self.holder(index)
            container = label_element.parent
            if label_element.tag not in BARE_LABEL_TAGS or container is None:
                continue
            first = first_element(container)
            if first is None or first.mem_id != label_element.mem_id:
                continue
            if len(self._held.get(label_element.mem_id, ())) != 1:
                continue
            pieces = [p for p in self.pieces(container) if p.span.start > block.end]
            if pieces and len(pieces) <= VALUE_MAX_LINES:
                out.append(Pair(fold_label(block.text), tuple(pieces), container, block.start))
        return out

    def holder(self, index: int) -> LexborNode:
        """The element whose text run block ``index`` is."""
        return self._element_of_block[index]

    def _pair(self, label_text: str, value: LexborNode) -> Pair | None:
        label = fold_label(label_text)
        pieces = self.pieces(value)
        if not label or not pieces or not _label_shaped(label):
            return None
        return Pair(label, tuple(pieces[:VALUE_MAX_LINES]), value, pieces[0].span.start)


def children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        if child.tag != "-text":
            out.append(child)
        child = child.next
    return out


def first_element(node: LexborNode) -> LexborNode | None:
    """The first child that is an element (``children(node)[0]`` without listing them)."""
    child = node.child
    while child is not None and child.tag == "-text":
        child = child.next
    return child


def next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and sibling.tag in ("-text", "-comment"):
        sibling = sibling.next
    return sibling


def _label_shaped(label: str) -> bool:
    words = label.split()
    return 1 <= len(words) <= LABEL_MAX_WORDS and len(label) <= LABEL_MAX_CHARS


def _starts_with_label(holder: LexborNode, label: str) -> bool:
    """The label is an element of its own inside the line's holder (a ``<b>``, a
    ``<span class="header">`` among its children or grandchildren: lines split by ``<br>``
    share one holder), or the holder is itself a label cell whose value follows it."""
    want = fold_label(label)
    for node in _near_descendants(holder):
        if node.tag in LABEL_TAGS:
            text = node.text(deep=True)
            if len(text) <= LABEL_MAX_CHARS * 2 and fold_label(text) == want:
                return True
    if holder.tag not in LABEL_TAGS:
        return False
    own = holder.text(deep=True)
    return len(own) <= LABEL_MAX_CHARS * 2 and fold_label(own) == want


#: How many children and grandchildren of a line's holder are looked at for its label.
NEAR_DESCENDANTS = 200


def _near_descendants(holder: LexborNode) -> list[LexborNode]:
    out: list[LexborNode] = []
    for child in children(holder):
        out.append(child)
        out += children(child)
        if len(out) >= NEAR_DESCENDANTS:
            break
    return out[:NEAR_DESCENDANTS]


#: Class words of an element that shows a post's author ("author", "entry-author",
#: "tm-user-info__username", "nick").
_AUTHOR_CLASS_WORDS = frozenset({"author", "authorname", "username", "nick", "nickname", "writer"})
_CLASS_WORD_SPLIT = re.compile(r"[-_\s]+")
AUTHOR_MAX_WORDS = 4
AUTHOR_MAX_CHARS = 40


#: Containers whose authors are someone else's: comments, replies, sidebars, related posts.
_OTHERS = re.compile(r"comment|repl|sidebar|widget|related|aside", re.I)


def _among_others(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        named = f"{parent.attributes.get('class') or ''} {parent.attributes.get('id') or ''}"
        if parent.tag == "aside" or _OTHERS.search(named):
            return True
        parent = parent.parent
    return False


def marked_author(cleaned: Cleaned) -> str | None:
    """The author the markup names: ``<meta name="author">``, a ``rel="author"`` link, a
    schema.org author's name, or an element whose class names the author, when it holds a
    short name ("By " dropped). None on plain text or when nothing names one."""
    if not cleaned.html:
        return None
    tree, _ = block_elements(cleaned)
    meta = tree.css_first('meta[name="author" i]')
    found = [meta.attributes.get("content") or ""] if meta is not None else []
    found += [n.text() for n in tree.css('[rel~="author"], [itemprop="author"] [itemprop="name"]')]
    classed = []
    for node in tree.css("[class*=author i], [class*=nick i], [class*=user i], [class*=writer i]"):
        words = _CLASS_WORD_SPLIT.split((node.attributes.get("class") or "").casefold())
        inner = [n for n in node.css("[class*=author i]") if n.mem_id != node.mem_id]
        if _AUTHOR_CLASS_WORDS.intersection(words) and not inner and not _among_others(node):
            classed.append(_short_name(node.text()))  # the innermost, outside comments
    names = [n for n in map(_short_name, found) if n]
    if not names and len(set(classed) - {None}) == 1:  # several: a list of users' reviews
        names = [n for n in classed if n]
    return names[0] if names else None


def _short_name(text: str) -> str | None:
    flat = " ".join(text.split())
    name = byline_author(flat) or flat  # "By Ravi Menon" in the element: the name
    short = len(name) <= AUTHOR_MAX_CHARS and len(name.split()) <= AUTHOR_MAX_WORDS
    return name if name and short and any(ch.isalpha() for ch in name) else None
