"""Template filters that word data for people (``kansou.wording``), installed by ``create_app``.

- ``words``: a field, kind or aspect name as a reader says it ("voice_acting" -> "voice acting");
- ``counted``: "1 review", "4 reviews";
- ``shorten``: an excerpt cut at a whole word;
- ``byline``: an author and date, or "author not named";
- ``season``: "2024-winter" -> "Winter 2024";
- ``marked``: a search snippet with its matched words in ``<b>``, escaped first;
- ``fact_value``: a fact's value as the page shows it (lists joined, big numbers grouped);
- ``excerpt``: a review's opening words for its card;
- ``catalog_name``: "myanimelist" -> "MyAnimeList".

The test ``hashtag`` tells a hashtag ("#メタリックルージュ") from a name among a title's
spellings. ``verdict_bands`` (a global) is the table of verdict words and their scores.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from kansou.aggregate.bands import band_table
from kansou.aggregate.catalog import catalog_name, season_words
from kansou.wording import byline, counted, excerpt, is_hashtag, shorten, words


def marked(snippet: str | None, highlights: list[list[int]] | None) -> Markup:
    """``snippet`` escaped, each ``[start, end)`` of ``highlights`` wrapped in ``<b>``."""
    text = snippet or ""
    out, pos = [], 0
    for start, end in sorted(highlights or []):
        if start < pos:
            continue
        out += [str(escape(text[pos:start])), "<b>", str(escape(text[start:end])), "</b>"]
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def fact_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10_000:
        return f"{value:,}"
    return "" if value is None else str(value)


def install(env: Environment) -> None:
    env.filters.update(
        words=words,
        counted=counted,
        shorten=shorten,
        byline=byline,
        season=season_words,
        marked=marked,
        fact_value=fact_value,
        excerpt=excerpt,
        catalog_name=catalog_name,
    )
    env.tests["hashtag"] = is_hashtag
    env.globals["verdict_bands"] = band_table()
