"""Stats pages: the score distribution (votes per score 1-10) and the watching statuses.

The summary rows use the same ``dark_text`` label shape as the title sidebar;
only the watching-status labels are read here. The distribution is the
``table.score-stats``: a score cell and "(N votes)" per row.
"""

from __future__ import annotations

import re

from kansou.extract.adapters.myanimelist.page import Locator, MalPage, claim, number, text_of
from kansou.model import Claim, ClaimKind, Span

STATUSES = {
    "Watching": "watching", "Completed": "completed", "On-Hold": "on_hold",
    "Dropped": "dropped", "Plan to Watch": "plan_to_watch", "Total": "total",
}  # fmt: skip
_VOTES = re.compile(r"\(([\d,]+)\s+votes?\)", re.I)


def stats_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """Watching-status ``stat`` claims and one ``score_distribution`` claim."""
    out: list[Claim] = []
    for label_node in page.tree.css("span.dark_text"):
        label = text_of(label_node).rstrip(":").strip()
        row = label_node.parent
        if label not in STATUSES or row is None:
            continue
        value = text_of(row)[len(text_of(label_node)) :].strip()
        if (figure := number(value)) is not None:
            data = {"name": STATUSES[label], "value": figure}
            out.append(claim(ClaimKind.STAT, data, loc.span(f"{label}:", value)))
    distribution = _distribution(page, loc)
    if distribution is not None:
        out.append(distribution)
    return out


def _distribution(page: MalPage, loc: Locator) -> Claim | None:
    votes: dict[str, int] = {}
    spans: list[Span] = []
    for tr in page.tree.css("table.score-stats tr"):
        cells = tr.css("td")
        score = text_of(cells[0]) if cells else ""
        m = _VOTES.search(text_of(tr))
        if score.isdigit() and 1 <= int(score) <= 10 and m:
            votes[score] = number(m.group(1)) or 0
            spans.append(loc.span(score, m.group(0)))
    if not votes:
        return None
    return claim(ClaimKind.SCORE_DISTRIBUTION, {"votes": votes},
                 Span(spans[0].start, max(s.end for s in spans)))  # fmt: skip
