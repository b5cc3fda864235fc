"""How kansou words things for people, in one place: the page, the card and the API agree.

Raw names stay in data (``voice_acting``, ``episode_count``, ``key_point``: the API
and the export keep them); whatever a person reads goes through here:

- ``words(name)``: a field, claim kind or aspect as a reader says it
  ("voice_acting" -> "voice acting", "start_date" -> "first aired");
- ``counted(n, noun)``: "1 review", "2 reviews", "25 cast entries" (nouns come in
  singular; ``PLURALS`` holds the ones English does not pluralise with an "s");
- ``shorten(text, limit)``: text cut at a whole word, with an ellipsis; ``excerpt(text)``
  a review's opening words;
- ``byline(author, date)``: the one way a missing author is written
  (``NO_AUTHOR``), never "–", "anonymous" or "unknown".
"""

from __future__ import annotations

import re

#: Field, claim-kind and aspect names -> the words a reader uses (singular).
WORDS = {
    "type": "type",
    "media_type": "type",
    "episodes": "episodes",
    "episode_count": "episode count",
    "episode_minutes": "minutes per episode",
    "status": "status",
    "start_date": "first aired",
    "end_date": "last aired",
    "aired": "aired",
    "year": "year",
    "season": "season",
    "genres": "genres",
    "studios": "studios",
    "tags": "tags",
    "members": "members",
    "favorites": "favorites",
    "rank": "rank",
    "popularity": "popularity",
    "trending_level": "trending level",
    "score": "users' score",
    "synopsis": "synopsis",
    "demographic": "demographic",
    "url": "page on the catalog's site",
    "name": "name",
    "related": "related entries",
    "thetvdb_id": "TheTVDB id",
    "themoviedb_id": "TMDB id",
    "imdb_id": "IMDb id",
    "key_point": "key point",
    "site_score": "site score",
    "similar": "similar title",
    "stat": "statistic",
    "cast": "cast entry",
    "staff": "staff credit",
    "listing_entry": "list entry",
    "score_distribution": "score distribution",
    "relation": "related title",
    "voice_acting": "voice acting",
    "community_review": "community review",
    "title_page": "title page",
    "episode_guide": "episode guide",
    "multi_review": "page of reviews",
}
#: Plurals that are not the singular plus "s".
PLURALS = {
    "cast entry": "cast entries",
    "list entry": "list entries",
    "synopsis": "synopses",
    "alias": "aliases",
    "status": "statuses",
    "statistic": "statistics",
    "related title": "related titles",
    "episodes": "episodes",
    "similar title": "similar titles",
    "voice acting": "voice acting",
    "page of reviews": "pages of reviews",
    "news": "news",
    "person": "people",
}
#: What a missing author is called, everywhere.
NO_AUTHOR = "author not named"


def words(name: str | None) -> str:
    """``name`` as a reader says it ("voice_acting" -> "voice acting")."""
    if not name:
        return ""
    return WORDS.get(name, name.replace("_", " "))


def plural(noun: str) -> str:
    return PLURALS.get(noun) or (noun if noun.endswith("s") else noun + "s")


def counted(n: int | None, noun: str) -> str:
    """ "1 review", "3 reviews", "25 cast entries": ``noun`` is a name or words, singular."""
    n = int(n or 0)
    said = words(noun)
    return f"{n:,} {said if n == 1 else plural(said)}"


def shorten(text: str | None, limit: int) -> str:
    """``text`` cut at the last whole word within ``limit`` characters, with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return (cut or text[:limit]) + "…"


#: Characters of a review shown on its card (cut at a word).
EXCERPT_CHARS = 280
_LEADING_ASIDE = re.compile(r"^\s*\([^()]{1,160}\)\s*")


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """A review's opening words for its card: a parenthesised aside it opens with (a
    player's "(Video contains audio. Be sure to unmute)", "(Spoiler-free)") is a note to the
    reader, not the review's words, so the excerpt starts after it."""
    body = text or ""
    while (m := _LEADING_ASIDE.match(body)) and len(body) > m.end():
        body = body[m.end() :]
    return shorten(body, limit)


def byline(author: str | None, date: str | None = None) -> str:
    """ "Stretch, 2024-01-12" / "author not named"."""
    who = author or NO_AUTHOR
    return f"{who}, {date}" if date else who


def origin_words(stated: int, text: int) -> str:
    """Where an aspect's score came from: "stated in 2 reviews, read from the text of 3"."""
    parts = []
    if stated:
        parts.append(f"stated in {counted(stated, 'review')}")
    if text:
        parts.append(f"read from the text of {counted(text, 'review')}")
    return ", ".join(parts) or "no review states or discusses it"


def is_hashtag(name: str | None) -> bool:
    """ "#メタリックルージュ" is how fans tag posts about a title, not a name of it."""
    return bool(name) and str(name).lstrip().startswith("#") and len(str(name).strip()) > 1
