"""The language a document is written in, detected offline with py3langid.

Decisions:

- **Which detector**: py3langid (a maintained fork of langid.py; a 4.5 MB
  model, about 1 ms a page) was chosen by measurement over
  lingua-language-detector (96 MB): on the 190 labelled pages of
  ``corpus/web`` in 15 languages, py3langid named 189 right, lingua 188.
- **Which languages**: the detector chooses among ``LANGUAGES``, the languages
  anime is widely written about on the web. Left free among its 97, it calls
  romanised Japanese names (a cast list) Shona or Sesotho.
- **Too little text to tell**: a page with fewer than ``MIN_LETTERS`` letters
  has no language (``None``), never a guess from a title and a number.
- Only the first ``SAMPLE_CHARS`` characters of the readable text are read:
  the language of a page does not change halfway, and the cost stays flat.
  5,000 names all 190 labelled pages right, as 20,000 did, at a third of the time;
  they differ on one of the 52 database pages of ``sites/`` (an English page quoting
  synopses in German and French, which both sizes misjudge on some pages).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from kansou.model import UNREAD_TAGS, Block

#: ISO 639-1 codes the detector chooses among.
LANGUAGES = tuple(
    [
        "af",
        "ar",
        "bg",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "et",
        "eu",
        "fa",
        "fi",
        "fr",
        "gl",
        "he",
        "hi",
        "hr",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "ms",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sk",
        "sl",
        "sr",
        "sv",
        "th",
        "tl",
        "tr",
        "uk",
        "vi",
        "zh",
    ]
)
#: Fewer letters than this and a page states no language.
MIN_LETTERS = 20
SAMPLE_CHARS = 5_000
#: Everything but letters (of any script): digits, underscores, punctuation, spaces.
_NOT_LETTERS = re.compile(r"[\W\d_]+")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(blocks: Iterable[Block]) -> str | None:
    """The ISO 639-1 code of the language the readable blocks are written in, or None."""
    parts: list[str] = []
    size = 0
    for block in blocks:
        if block.repeat_of is not None or block.tag in UNREAD_TAGS:
            continue
        parts.append(block.text)
        size += len(block.text) + 1
        if size >= SAMPLE_CHARS:
            break
    sample = "\n".join(parts)[:SAMPLE_CHARS]
    if len(_NOT_LETTERS.sub("", sample)) < MIN_LETTERS:
        return None
    language, _probability = _identifier().classify(sample)
    return str(language)
