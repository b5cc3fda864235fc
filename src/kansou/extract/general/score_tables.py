"""Score tables: a roundup written as a table, one anime per row.

A season roundup, a ranked list or a "my scores" post often puts its verdicts in a
table (``Title | Studio | Episodes | My Score``, ``Rank | Anime | Story | Animation |
Overall``). The cleaner shows each cell as a line of its own, so the flat lines lose
which score sits in which row; the markup keeps it. A table is a score table when its
header row names a column of titles (``TITLE_HEADER``) and at least one column whose
header is a score label (``decide.classify_label``: an overall score or an aspect).
Each body row is then one review: the anime its title cell names, its lines the row's
other cells, and each cell's column header the label of the score it holds (a bare
"8" under "Animation" is the animation sub-score). A table with an episode column is
an episode guide (``rows``), and one with fewer than ``MIN_ROWS`` named rows is no
roundup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from kansou.extract.general.decide import classify_label
from kansou.extract.general.entries import Unit
from kansou.extract.general.markup import Markup
from kansou.extract.general.names import clean_name, episode_in, is_name, strip_episode
from kansou.extract.general.page import Page
from kansou.extract.general.rows import table_rows
from kansou.extract.general.subject import Subject

#: Fewer named rows than this is a facts box or a comparison, not a roundup.
MIN_ROWS = 2
#: A title cell is a name: at most this many characters.
NAME_MAX_CHARS = 120
#: Header cells that name the column of titles, in the languages of the vocabulary.
TITLE_HEADER = re.compile(
    r"^(?:(?:anime|show|series|english|original)\s+)?(?:anime|title|name|show|series|titel"
    r"|titre|t[ií]tulo|titolo|tytuł|название|аниме|タイトル|作品名?|アニメ|标题|番剧|作品"
    r"|제목|작품|애니)$",
    re.I,
)
#: A header of episode numbers makes the table an episode guide, read by ``rows``.
_EPISODE_HEADER = re.compile(r"^(?:ep\.?|eps\.?|episode|folge|épisode|episodio|話|화)$", re.I)


@dataclass
class ScoreTable:
    """The reviews a page's score tables hold, and the column header over each cell."""

    units: list[Unit] = field(default_factory=list)
    columns: dict[int, str] = field(default_factory=dict)  # block index -> header text


def read_score_tables(page: Page) -> ScoreTable:
    """Every score table of an HTML page, one unit per named row."""
    found = ScoreTable()
    if page.cleaned is None or page.cleaned.html is None or "<t" not in page.cleaned.html:
        return found
    markup = Markup(page.cleaned)
    for table in markup.tree.css("table"):
        _read_table(markup, table, found)
    return found


def _read_table(markup: Markup, table: LexborNode, found: ScoreTable) -> None:
    rows = [row for row in table_rows(table) if row]
    if len(rows) < MIN_ROWS + 1:
        return
    header = [" ".join(markup.text(c).split()) for c in rows[0]]
    if any(_EPISODE_HEADER.match(h) for h in header):
        return
    titles = [i for i, h in enumerate(header) if TITLE_HEADER.match(h.strip(" :：*"))]
    scored = [
        i for i, h in enumerate(header) if h and classify_label(h)[0] in ("overall", "aspect")
    ]
    if len(titles) != 1 or not scored:
        return
    read = [r for row in rows[1:] if (r := _row_unit(markup, row, header, titles[0]))]
    if len(read) < MIN_ROWS:
        return
    for unit, columns in read:
        found.units.append(unit)
        found.columns.update(columns)


def _row_unit(
    markup: Markup, row: list[LexborNode], header: list[str], title_at: int
) -> tuple[Unit, dict[int, str]] | None:
    """The review one row holds, and the header over each of its cells' lines."""
    if len(row) != len(header):
        return None  # a row spanning the table (a season's sub-heading, a note)
    names = markup.blocks_of(row[title_at])
    if not names:
        return None
    heading = names[0]
    name = clean_name(heading.text)
    episode = episode_in(name)
    if episode is not None:
        name = clean_name(strip_episode(name))
    if not name or len(name) > NAME_MAX_CHARS or not is_name(name):
        return None
    at = max(heading.text.find(name), 0)
    subject = Subject(
        name, heading.start + at, heading.start + at + len(name), "table row", episode
    )
    columns = {b.index: header[i] for i, cell in enumerate(row) for b in markup.blocks_of(cell)}
    lines = [b for i, cell in enumerate(row) if i != title_at for b in markup.blocks_of(cell)]
    return Unit(subject, heading, lines, episode, reasons=["a row of a score table"]), columns
