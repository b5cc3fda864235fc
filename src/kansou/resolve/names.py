"""Name keys: the normalised forms under which two spellings count as the same name.

- ``title_key``: Unicode NFKC (full-width forms), HTML entities undone, case
  folded, punctuation and symbols dropped ("The☆Ultraman" = "The Ultraman"),
  "&" read as "and", spacing collapsed. A leading hashtag marks a hashtag
  alias, not a different title.
- ``person_key``: the same folding, and the name's tokens sorted, so the
  family-name-first order ("Miyamoto Yume") meets the given-name-first order
  ("Yume Miyamoto"). Long vowels written double ("Yuu", "Oominami") stay as
  written: they are how the sites spell those names.
- ``studio_key``: a studio's name without a trailing "Studio(s)"/"Inc."
  ("Bones Studios" = "bones" = "BONES").
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_STUDIO_SUFFIX = re.compile(r"\b(?:animation\s+)?(?:studios?|inc|co|ltd|llc)\.?$", re.I)


def fold(text: str) -> str:
    """Case, width, entity and punctuation folding shared by every key."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    text = text.replace("&", " and ").replace("_", " ")
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=65536)
def title_key(name: str) -> str:
    return fold(name.lstrip("#"))


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    return " ".join(sorted(fold(name).split()))


def studio_key(name: str) -> str:
    folded = fold(name)
    stripped = _STUDIO_SUFFIX.sub("", folded).strip()
    return stripped or folded


@lru_cache(maxsize=65536)  # a listing page compares the same names again and again
def display_preference(name: str) -> tuple[int, int, str]:
    """Sort key choosing how to show a name among its spellings: mixed case first.

    "Metallic Rouge" beats "METALLIC ROUGE" and "metallic rouge"; ties go to
    the shorter form ("Bones" over "Bones Studios"), then to the first in
    alphabetical order, so the choice never depends on the order of ingest.
    """
    letters = [c for c in name if c.isalpha()]
    mixed = any(c.isupper() for c in letters) and any(c.islower() for c in letters)
    return (0 if mixed else 1, len(name), name)
