"""Where review text names a title's characters, spelled as the reviewer spelled them.

A character named in one page's cast list ("Naomi Orthmann") is found in
another page's prose even when misspelled ("Naomi Orthman"): a window of as
many words as the name is compared with rapidfuzz, and counts as a mention at
``MENTION_MIN_RATIO`` or above when its first letters agree. Only names of two
words or more are searched: a one-word name ("Opera", "Smith") is too often an
ordinary word.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

#: Similarity (0-100) at which a window of words is the character's name.
#: "Naomi Orthman" vs "Naomi Orthmann" scores 96; different names of the same
#: length ("Naomi Watts") score below 75.
MENTION_MIN_RATIO = 90.0
_WORD = re.compile(r"[\w'’\-]+")


def _prefix(word: str) -> str:
    """Candidate windows must share their first word's first two letters with the name:
    a misspelling keeps the start of a name ("Orthman"), and it makes the scan cheap."""
    return word[:2].casefold()


def find_mentions(text: str, names: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``{name: [{"as_written", "span"}]}`` for each multi-word name found in ``text``."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: dict[str, list[dict[str, Any]]] = {}
    targets = [(n, n.split()) for n in dict.fromkeys(names) if len(n.split()) >= 2]
    by_prefix: dict[str, list[tuple[str, list[str]]]] = {}
    for name, parts in targets:
        by_prefix.setdefault(_prefix(parts[0]), []).append((name, parts))
    for i, (word, _, _) in enumerate(words):
        for name, parts in by_prefix.get(_prefix(word), []):
            window = words[i : i + len(parts)]
            if len(window) < len(parts):
                continue
            written = text[window[0][1] : window[-1][2]]
            if fuzz.ratio(written.casefold(), name.casefold()) >= MENTION_MIN_RATIO:
                out.setdefault(name, []).append(
                    {"as_written": written, "span": [window[0][1], window[-1][2]]}
                )
    return out
