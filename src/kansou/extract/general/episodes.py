"""Episode rows: "Episode N: <title> <separator> <score>" lines of an episode guide.

The row shape: a line that starts with "Episode N" (or "Ep. N"), an
optional title after ":" / "-" / ".", and an optional score at the end,
possibly behind a label ("Review Score – 3/5", "Rating: 4/5"). Only rows that
are on the page become episodes: the count is never extended or invented.
"""

from __future__ import annotations

import re

from kansou.extract.general.page import Page
from kansou.extract.patterns import find_score
from kansou.model import Claim, ClaimKind, Span

NAME = "general.episodes"

_ROW = re.compile(r"^(?:episode|ep\.?)\s*(?P<n>\d{1,4})\s*(?:[:.\-–—]\s*|\s+)(?P<rest>.*)$", re.I)
_SCORE_LABEL = re.compile(
    r"[\s\-–—|:]*(?:(?:review\s+)?(?:score|rating|grade|verdict)\s*[:\-–—]?\s*)?$", re.I
)
_TRAILING_SEPARATORS = re.compile(r"[\s\-–—|:]+$")

#: Fewer rows than this is a mention of an episode in prose, not a guide.
MIN_ROWS = 2


def extract_episodes(page: Page) -> list[Claim]:
    rows = []
    for block in page.blocks:
        m = _ROW.match(block.text)
        if not m or len(block.text) > 200:
            continue
        rest_at = m.start("rest")
        rest = m.group("rest")
        score = find_score(rest)
        title_end = len(rest)
        data: dict[str, object] = {"number": int(m.group("n")), "score": None}
        if score is not None:
            value, s, e = score
            if rest[e:].strip():
                score = None
            else:
                label = _SCORE_LABEL.search(rest[:s])
                title_end = label.start() if label else s
                data["score"] = {
                    **value.to_dict(),
                    "span": [block.start + rest_at + s, block.start + rest_at + e],
                }
        title = _TRAILING_SEPARATORS.sub("", rest[:title_end]).strip()
        if title and (title[0] in ".!?" or len(title.split()) > 15):
            continue  # a sentence starting "Episode 6 ..." in prose
        data["title"] = title or None
        rows.append(Claim(ClaimKind.EPISODE, data, Span(block.start, block.end), NAME, 0.9))
    return rows if len(rows) >= MIN_ROWS else []
