"""Episode lists: number, title, air date and, where the page shows one, the episode's score.

Rows are ``tr.episode-list-data`` with cells named by class (``episode-number``,
``episode-title``, ``episode-aired``, and ``episode-poll``/``episode-score`` in
layouts that print a per-episode score on /5). The page holds the table twice
(ascending, and a hidden descending copy), so an episode number is read once.
A "Filler" or "Recap" badge in the title cell is kept as a flag.
"""

from __future__ import annotations

from kansou.extract.adapters.myanimelist.page import (
    Locator,
    MalPage,
    claim,
    iso_date,
    text_of,
    written_score,
)
from kansou.model import Claim, ClaimKind

#: MAL's per-episode poll score is an average on 1-5.
EPISODE_SCALE_MAX = 5.0


def episode_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """One ``episode`` claim per row of the episode table."""
    out = []
    seen: set[str] = set()
    for row in page.tree.css("tr.episode-list-data"):
        number = text_of(row.css_first("td.episode-number"))
        if number in seen:  # the hidden descending copy of the same table
            continue
        seen.add(number)
        title_node = row.css_first("td.episode-title a") or row.css_first("td.episode-title")
        title = text_of(title_node)
        aired = text_of(row.css_first("td.episode-aired"))
        if not number.isdigit():
            continue
        written = text_of(row.css_first("td.episode-poll, td.episode-score"))
        score = written_score(written, EPISODE_SCALE_MAX)
        flag = text_of(row.css_first("td.episode-title .icon-episode-type-bg")).lower()
        data = {"number": int(number), "title": title or None, "aired": iso_date(aired),
                "aired_as_written": aired or None, "score": score,
                "filler": flag == "filler", "recap": flag == "recap"}  # fmt: skip
        out.append(claim(ClaimKind.EPISODE, data, loc.after_line(number, title or aired)))
    return out
