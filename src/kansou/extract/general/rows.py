"""Repeated rows of a page's markup: episode tables, cast credits and list entries.

- **Episode tables**: a table whose header names an episode-number column and a title
  column (``#``/``No.``/``Ep``/``Episode``; ``Title``/``Name``), with an optional air-date
  column; or, without a header, a column of numbers rising row by row beside a column of
  text. A row is an episode when its number is a plain whole number ("S1", "T2" are
  specials and trailers); its title is the first line of the title cell, quotes removed.
- **Cast credits**: the word "as" set apart as an element of its own between a person and
  the character(s) played (``<a>Actor</a> <i>as</i> <b>Character</b>``, or three cells
  ``Actor | as | Character``); and, under a heading that names the cast or characters,
  repeated cards whose first two lines are names: the character, then the voice actor.
- **List entries**: on a page with no facts box or cast of its own, the largest group (by
  the length of their names) of shown
  links that point at addresses of one shape (``/anime/<slug>``, ``anime.php?id=<n>``)
  from the same place in the markup, when their names make up at least
  ``LISTING_MIN_SHARE`` of the page's text: a browse page, an A-Z list, a season chart, a
  user's list. One entry per address.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from kansou.extract.general.lists import CAST_HEADINGS
from kansou.extract.general.markup import Markup, children, next_element
from kansou.extract.values import read_date
from kansou.model import Block, Claim, ClaimKind, Span

NAME = "general.rows"
CONFIDENCE = 0.9

#: Fewer rows than this is not a table of episodes, cast or entries.
MIN_ROWS = 3
#: Share of a headerless table's rows whose number cell must hold a rising number.
NUMBERED_SHARE = 0.8
_NUMBER_HEADER = re.compile(
    r"^(?:#|no\.?|nr\.?|n[°º]|№|ep\.?|episode(?:\s+(?:no\.?|number|#))?|number|"
    r"folge|épisode|episodio|話)(?:\s|$)",
    re.I,
)
_TITLE_HEADER = re.compile(
    r"^(?:(?:episode|english|original|japanese)\s+)?(?:title|name|titel|titre|t[ií]tulo|titolo)\b",
    re.I,
)
_DATE_HEADER = re.compile(r"\b(?:air\s*date|aired|airdate|broadcast|release|premiere|date)\b", re.I)
_EPISODE_NUMBER = re.compile(r"^\s*(\d{1,4})\.?\s*$")
_FOOTNOTE = re.compile(r"\[\w{1,3}\]")
_QUOTES = "\"'“”„«»「」『』"

#: Share of a cast's cards that name an actor no other card names (an actor may voice two).
DISTINCT_ACTORS_SHARE = 0.6
#: How many children of a line's element are looked at for an "as" of its own.
CONNECTOR_SEARCH = 64
#: The cast names of a credit are short: "Chief of the Sword Village" is 5 words.
CAST_NAME_MAX_WORDS = 8
CAST_NAME_MAX_CHARS = 80

#: A list page's entries are its main content: their names are at least this share of the
#: page's text (a browse page's 35 cards are 40% of it; a title page's twelve
#: recommendations are under 1%, ANN's A-Z list 6% beside its news column).
LISTING_MIN_SHARE = 0.05
ENTRY_NAME_MAX_CHARS = 150
#: Share of a list's entries whose name no other entry has.
DISTINCT_NAMES_SHARE = 0.8
#: How many ancestors of a link make its place in the markup.
PLACE_DEPTH = 3
#: How many levels below a cast heading its cards are looked for.
CARD_SEARCH_DEPTH = 9


def _claim(kind: ClaimKind, span: Span, subject: str | None = None, **data: object) -> Claim:
    return Claim(kind, data, span, NAME, CONFIDENCE, subject)


# --- episode tables -------------------------------------------------------------------


def read_episode_tables(markup: Markup) -> list[Claim]:
    """Episode rows of every table that is an episode list, once per number and title."""
    claims: list[Claim] = []
    seen: set[tuple[int, str]] = set()
    for table in markup.tree.css("table"):
        for claim in _episode_table(markup, table):
            key = (claim.data["number"], claim.data["title"])
            if key not in seen:
                seen.add(key)
                claims.append(claim)
    return claims


def table_rows(table: LexborNode) -> list[list[LexborNode]]:
    """The table's own rows (not those of a table nested in it) as lists of cells."""
    rows = []
    for part in children(table):
        for row in children(part) if part.tag in ("thead", "tbody", "tfoot") else [part]:
            if row.tag == "tr":
                rows.append([c for c in children(row) if c.tag in ("th", "td")])
    return rows


def _episode_table(markup: Markup, table: LexborNode) -> list[Claim]:
    rows = [r for r in table_rows(table) if r]
    if len(rows) < MIN_ROWS:
        return []
    columns = _header_columns(markup, rows[0]) or _numbered_columns(markup, rows)
    if columns is None:
        return []
    number_at, title_at, date_at = columns
    out = []
    for row in rows:
        if len(row) <= max(number_at, title_at):
            continue
        m = _EPISODE_NUMBER.match(markup.text(row[number_at]))
        title_lines = markup.blocks_of(row[title_at])
        if m is None or not title_lines:
            continue
        title, span = _title_of(title_lines[0])
        if not title:
            continue
        aired = None
        if date_at is not None and date_at < len(row):
            found = read_date(markup.text(row[date_at]), markup.slash_order)
            aired = found[0] if found else None
        out.append(_claim(ClaimKind.EPISODE, span, number=int(m.group(1)), title=title,
                          score=None, aired=aired))  # fmt: skip
    return out if len(out) >= MIN_ROWS else []


def _header_columns(markup: Markup, header: list[LexborNode]) -> tuple[int, int, int | None] | None:
    """(number, title, date) columns named by a header row of ``th`` cells."""
    if not header or any(c.tag != "th" for c in header):
        return None
    names = [_FOOTNOTE.sub("", markup.text(c)).strip() for c in header]
    number = next((i for i, n in enumerate(names) if _NUMBER_HEADER.match(n)), None)
    title = next((i for i, n in enumerate(names) if _TITLE_HEADER.match(n)), None)
    if number is None or title is None:
        return None
    date = next((i for i, n in enumerate(names) if _DATE_HEADER.search(n)), None)
    return number, title, date


def _numbered_columns(
    markup: Markup, rows: list[list[LexborNode]]
) -> tuple[int, int, int | None] | None:
    """Without a header: the first column of numbers rising row by row, the first text
    column after it, and a column of air dates. Without the dates, numbered titles are as
    likely a ranking (a sidebar's "1. Chiikawa 218") as episodes, and are not read."""
    width = min(len(r) for r in rows)
    texts = [[markup.text(c) for c in r[:width]] for r in rows]
    for col in range(width):
        numbers = [int(m.group(1)) for t in texts if (m := _EPISODE_NUMBER.match(t[col]))]
        rising = sum(1 for a, b in itertools.pairwise(numbers) if b > a)
        if len(numbers) < NUMBERED_SHARE * len(rows) or rising < NUMBERED_SHARE * (
            len(numbers) - 1
        ):
            continue
        title = next((c for c in range(col + 1, width) if _mostly_text(texts, c)), None)
        if title is None:
            return None
        date = next((c for c in range(width) if c != col and _mostly_dates(texts, c)), None)
        return (col, title, date) if date is not None else None
    return None


def _mostly_text(texts: list[list[str]], col: int) -> bool:
    cells = [t[col] for t in texts]
    wordy = sum(1 for c in cells if re.search(r"[^\W\d_]{2}", c) and read_date(c) is None)
    return wordy >= NUMBERED_SHARE * len(cells)


def _mostly_dates(texts: list[list[str]], col: int) -> bool:
    cells = [t[col] for t in texts]
    return sum(1 for c in cells if read_date(c) is not None) >= NUMBERED_SHARE * len(cells)


def _title_of(block: Block) -> tuple[str, Span]:
    """An episode title without the quotes tables set it in."""
    text = block.text
    stripped = text.strip().strip(_QUOTES).strip()
    at = text.find(stripped) if stripped else 0
    return stripped, Span(block.start + at, block.start + at + len(stripped))


# --- cast credits ---------------------------------------------------------------------


def read_cast(markup: Markup) -> list[Claim]:
    """(character, actor) pairs of "Actor as Character" credits, else of character cards."""
    return _as_credits(markup) or _character_cards(markup)


def _is_cast_name(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= CAST_NAME_MAX_WORDS
        and len(text) <= CAST_NAME_MAX_CHARS
        and not text.startswith(("(", "["))
        and not text.replace(",", "").replace(".", "").isdigit()
    )


def _connectors(markup: Markup) -> list[LexborNode]:
    """Elements whose own text is "as", looked for only in the lines that show the word."""
    found: dict[int, LexborNode] = {}
    for index, block in enumerate(markup.blocks):
        text = block.text
        if (
            text != "as"
            and " as " not in text
            and not text.startswith("as ")
            and not text.endswith(" as")
        ):
            continue
        holder = markup.holder(index)
        candidates = [holder] if text == "as" else _inline_descendants(holder)
        for node in candidates:
            if node.text(deep=False).strip().casefold() == "as":
                found.setdefault(node.mem_id, node)
    return list(found.values())


def _inline_descendants(node: LexborNode) -> list[LexborNode]:
    """The first ``CONNECTOR_SEARCH`` children of a line's element."""
    return children(node)[:CONNECTOR_SEARCH]


def _as_credits(markup: Markup) -> list[Claim]:
    out = []
    for connector in _connectors(markup):
        actor = _previous_element(connector)
        if actor is None:
            continue
        actor_name = " ".join(actor.text(deep=True).split())
        if not _is_cast_name(actor_name):
            continue
        for played in _following_names(connector):
            span = markup.locate(actor, actor_name)
            if span is not None:
                out.append(_claim(ClaimKind.CAST, span, character=played, actor=actor_name,
                                  role=None, language=None))  # fmt: skip
    return out


def _previous_element(node: LexborNode) -> LexborNode | None:
    sibling = node.prev
    while sibling is not None and (sibling.tag in ("-text", "-comment", "br")):
        if sibling.tag == "-text" and (sibling.text_content or "").strip():
            return None  # "Actor as" must be set apart: prose "known as" is not a credit
        sibling = sibling.prev
    return sibling


def _following_names(connector: LexborNode) -> list[str]:
    """The characters after "as": names in elements of their own; notes in parentheses
    ("(ep 12)", "(young)") and line breaks between them are skipped."""
    names: list[str] = []
    sibling = connector.next
    while sibling is not None:
        if sibling.tag == "-text":
            if (sibling.text_content or "").strip():
                break
        elif sibling.tag != "br":
            text = " ".join(sibling.text(deep=True).split())
            links = [" ".join(a.text(deep=True).split()) for a in sibling.css("a")]
            if not text or text.startswith(("(", "[")):
                pass  # an icon, a note "(ep 12)"
            elif len(links) > 1 and all(_is_cast_name(n) for n in links):
                names += [n for n in links if n not in names]  # one cell, several characters
            elif _is_cast_name(text):
                names.append(text)
            else:
                break
        sibling = sibling.next
    return names


def _character_cards(markup: Markup) -> list[Claim]:
    out = []
    for heading in markup.tree.css("h1, h2, h3, h4, h5, h6"):
        if not CAST_HEADINGS.match(markup.text(heading).strip()):
            continue
        pairs: list[tuple[Block, Block]] = []
        for card in _cards_after(heading):
            lines = [b for b in markup.blocks_of(card) if b.text.strip()]
            if len(lines) >= 2 and all(_is_cast_name(b.text) for b in lines[:2]):
                pairs.append((lines[0], lines[1]))
        if not _names_differ(pairs):
            continue
        for character, actor in pairs:
            out.append(_claim(ClaimKind.CAST, Span(actor.start, actor.end),
                              character=character.text, actor=actor.text, role=None,
                              language=None))  # fmt: skip
    return out


def _names_differ(pairs: list[tuple[Block, Block]]) -> bool:
    """Cards of a cast name different actors; cards whose second line repeats ("Watched",
    "Add to list") are something else: a list of titles with a status."""
    if not pairs:
        return False
    actors = {actor.text for _, actor in pairs}
    return len(actors) >= DISTINCT_ACTORS_SHARE * len(pairs)


def _cards_after(heading: LexborNode) -> list[LexborNode]:
    """The repeated elements (two or more of one tag and class) in what follows a heading,
    up to the next major heading: the first such group, breadth first."""
    queue: list[LexborNode] = []
    sibling = next_element(heading)
    while sibling is not None and sibling.tag not in ("h1", "h2", "h3"):
        queue.append(sibling)
        sibling = next_element(sibling)
    for _ in range(CARD_SEARCH_DEPTH):
        nxt: list[LexborNode] = []
        for node in queue:
            kids = children(node)
            groups: dict[tuple[str, str], list[LexborNode]] = defaultdict(list)
            for kid in kids:
                groups[(kid.tag or "", kid.attributes.get("class") or "")].append(kid)
            repeated = max(groups.values(), key=len, default=[])
            if len(repeated) >= 2:
                return repeated
            nxt += kids
        queue = nxt
    return []


# --- list entries ---------------------------------------------------------------------


def read_listing(markup: Markup, page_text_chars: int) -> list[Claim]:
    """One ``listing_entry`` per address of the page's dominant group of title links."""
    groups: dict[tuple[str, tuple[str, ...]], dict[str, tuple[str, Span]]] = defaultdict(dict)
    for link in markup.tree.css("a[href]"):
        href = link.attributes.get("href") or ""
        if href.startswith(("#", "javascript:", "mailto:")):
            continue
        named = _entry_name(markup, link)
        if named is not None:
            groups[(address_shape(href), _place(link))].setdefault(href, named)
    lists = [g for g in groups.values() if not _one_entitys_pages(g) and _names_vary(g)]
    best = max(lists, key=_chars, default={})
    chars = _chars(best)
    if len(best) < MIN_ROWS or chars < LISTING_MIN_SHARE * page_text_chars:
        return []
    out = []
    for name, span in dict.fromkeys(best.values()):
        out.append(_claim(ClaimKind.LISTING_ENTRY, span, subject=name, name=name, score=None,
                          members=None, rank=None, mal_id=None))  # fmt: skip
    return out


def _one_entitys_pages(group: dict[str, tuple[str, Span]]) -> bool:
    """Links to the pages of one entity ("/title/tt0612/awards", "/title/tt0612/trivia":
    one id before the last segment) are that entity's menu, not a list of titles."""
    stems = {urlsplit(href).path.rstrip("/").rsplit("/", 1)[0] for href in group}
    return len(stems) == 1 and any(c.isdigit() for c in next(iter(stems)))


def _names_vary(group: dict[str, tuple[str, Span]]) -> bool:
    """A list's entries have names of their own; links that all read "Winter" or "Add a
    plot" are a widget repeated beside entries, not the entries."""
    names = {name for name, _ in group.values()}
    return len(names) >= DISTINCT_NAMES_SHARE * len(group)


def _chars(group: dict[str, tuple[str, Span]]) -> int:
    return sum(len(name) for name, _ in group.values())


def _entry_name(markup: Markup, link: LexborNode) -> tuple[str, Span] | None:
    """A link's title: the heading inside it, or its own text when that is one short line;
    None when the page does not show it."""
    heading = link.css_first("h1, h2, h3, h4, h5, h6")
    node = heading or link
    text = markup.text(node) or " ".join(node.text(deep=True).split())
    if not text or len(text) > ENTRY_NAME_MAX_CHARS:
        return None
    span = markup.locate(node, text)
    return (text, span) if span is not None else None


def address_shape(href: str) -> str:
    """An address with its ids and its last segment generalised: "/anime/frieren",
    "/anime/12665" and "anime/7913,001" are "/anime/*"; "anime.php?id=26334" (a script
    name, not an entry's own segment) is "anime.php?id=0"."""
    parts = urlsplit(href)
    segments = parts.path.split("/")
    shaped = [re.sub(r"\d+", "0", s) for s in segments]
    if len(segments) > 1 and segments[-1] and "." not in segments[-1]:
        shaped[-1] = "*"
    query = re.sub(r"=[^&]*", "=0", parts.query)
    return "/".join(shaped) + (f"?{query}" if query else "")


#: Text-level elements that set one entry in bold or italics are not a different place.
_FORMATTING = frozenset({"b", "i", "em", "strong", "font", "span", "small", "nobr", "u"})


def _place(link: LexborNode) -> tuple[str, ...]:
    """The tags of the link's nearest ``PLACE_DEPTH`` structural ancestors."""
    tags: list[str] = []
    parent = link.parent
    while parent is not None and len(tags) < PLACE_DEPTH:
        if parent.tag not in _FORMATTING:
            tags.append(parent.tag or "")
        parent = parent.parent
    return tuple(tags)
