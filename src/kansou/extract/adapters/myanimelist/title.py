"""Title pages (main/details and moreinfo): the information sidebar and the synopsis.

Both layouts print each fact as a row ``<span class="dark_text">Label:</span> value``
(a list of links for producers, studios and genres). A row's label decides the
claim; rows kansou has no use for (the user's list controls) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborNode

from kansou.extract.adapters.myanimelist.page import (
    Locator,
    MalPage,
    claim,
    iso_date,
    number,
    text_of,
    written_score,
)
from kansou.model import Claim, ClaimKind

#: Sidebar labels of alternative titles and the language each names.
ALIAS_LANGUAGES = {
    "English": "en", "Japanese": "ja", "German": "de", "Spanish": "es", "French": "fr",
    "Synonyms": None,
}  # fmt: skip
STATUSES = {
    "finished airing": "finished",
    "currently airing": "airing",
    "not yet aired": "upcoming",
}
STATS = {
    "Ranked": "rank",
    "Popularity": "popularity",
    "Members": "members",
    "Favorites": "favorites",
}
LISTS = {
    "Producers": (ClaimKind.PRODUCER, "producer"), "Licensors": (ClaimKind.PRODUCER, "licensor"),
    "Studios": (ClaimKind.STUDIO, None), "Genres": (ClaimKind.GENRE, None),
    "Genre": (ClaimKind.GENRE, None), "Themes": (ClaimKind.GENRE, "theme"),
    "Theme": (ClaimKind.GENRE, "theme"), "Demographic": (ClaimKind.GENRE, "demographic"),
}  # fmt: skip
_FOOTNOTES = frozenset({"div", "sup", "small", "meta", "script", "style"})
_NONE_FOUND = re.compile(r"^(?:none found|unknown|\?|n/a)\b", re.I)
_SEASON = re.compile(r"^(spring|summer|fall|winter)\s+(\d{4})$", re.I)
_BROADCAST = re.compile(r"^(\w+?)s?\s+at\s+(\d{1,2}:\d{2})\s*\((\w+)\)$", re.I)
_SCORED_BY = re.compile(r"scored by\s+([\d,]+)", re.I)

Row = tuple[str, str, list[str], LexborNode]


def sidebar_rows(page: MalPage) -> Iterator[Row]:
    """(label, value text, linked names, row node) for each labelled sidebar row."""
    for label_node in page.tree.css("span.dark_text"):
        row = label_node.parent
        if row is None:
            continue
        label = text_of(label_node).rstrip(":").strip()
        parts: list[str] = []
        names: list[str] = []
        after = False
        for child in row.iter(include_text=True):
            if child.mem_id == label_node.mem_id:
                after = True
                continue
            if not after or child.tag in _FOOTNOTES:
                continue
            if "none" in (child.attributes.get("style") or "") if child.tag != "-text" else False:
                continue
            parts.append(
                child.text(deep=True) if child.tag != "-text" else child.text_content or ""
            )
            if child.tag == "a":
                names.append(text_of(child))
        yield label, " ".join(" ".join(parts).split()), names, row


def title_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """Every sidebar fact and the synopsis of a title page, in page order."""
    claims: list[Claim] = []
    for label, value, names, _row in sidebar_rows(page):
        handler = _HANDLERS.get(label)
        if handler is not None and value and not _NONE_FOUND.match(value):
            claims.extend(handler(label, value, names, loc))
        elif label in LISTS and names:
            claims.extend(_linked_names(label, value, names, loc))
    synopsis = page.tree.css_first("[itemprop=description]")
    if synopsis is not None and (text := text_of(synopsis)):
        claims.append(claim(ClaimKind.SYNOPSIS, {"text": text, "source": _credit(text)},
                            loc.span(text[:80], text[-40:])))  # fmt: skip
    return claims


def _credit(text: str) -> str | None:
    m = re.search(r"\[Written by ([^\]]+)\]\s*$", text)
    return m.group(1).strip() if m else None


def _aliases(label: str, value: str, names: list[str], loc: Locator) -> list[Claim]:
    language = ALIAS_LANGUAGES[label]
    found = loc.find(f"{label}:")
    out = []
    for name in value.split(", ") if language is None else [value]:
        span = loc.find(name, found.end if found else None) or loc.fallback
        data = {"name": name.strip(), "language": language, "synonym": language is None}
        out.append(claim(ClaimKind.ALIAS, data, span))
    return out


def _linked_names(label: str, value: str, names: list[str], loc: Locator) -> list[Claim]:
    kind, role = LISTS[label]
    found = loc.find(f"{label}:")
    out = []
    for name in names or [value]:
        span = loc.find(name, found.end if found else None) or loc.fallback
        data: dict[str, object] = {"name": name}
        if role is not None:
            data["role"] = role
        out.append(claim(kind, data, span))
    return out


def _single(kind: ClaimKind, build: Callable[[str], dict[str, object] | None]) -> Handler:
    def handle(label: str, value: str, names: list[str], loc: Locator) -> list[Claim]:
        data = build(value)
        if data is None:
            return []
        return [claim(kind, data, loc.span(f"{label}:", value))]

    return handle


def _aired(label: str, value: str, names: list[str], loc: Locator) -> list[Claim]:
    span = loc.span(f"{label}:", value)
    ends = [p.strip() for p in value.split(" to ")]
    roles = ["start", "end"] if len(ends) == 2 else ["release"]
    out = []
    for role, written in zip(roles, ends, strict=False):
        if (iso := iso_date(written)) is not None:
            out.append(
                claim(ClaimKind.DATE, {"role": role, "date": iso, "as_written": value}, span)
            )
    return out


def _premiered(value: str) -> dict[str, object] | None:
    m = _SEASON.match(value)
    if m is None:
        return None
    return {"role": "premiered", "date": m.group(2), "season": m.group(1).lower(),
            "as_written": value}  # fmt: skip


def _broadcast(value: str) -> dict[str, object] | None:
    m = _BROADCAST.match(value)
    weekday, time, zone = (m.group(1).lower(), m.group(2), m.group(3)) if m else (None,) * 3
    return {"role": "broadcast", "date": None, "weekday": weekday, "time": time,
            "timezone": zone, "as_written": value}  # fmt: skip


def _minutes(value: str) -> dict[str, object] | None:
    hours = re.search(r"(\d+)\s*hr", value)
    minutes = re.search(r"(\d+)\s*min", value)
    total = (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)
    return {"value": total, "as_written": value} if total else None


def _score(label: str, value: str, names: list[str], loc: Locator) -> list[Claim]:
    m = re.match(r"^(\d+(?:\.\d+)?)", value)
    if m is None:
        return []
    votes = _SCORED_BY.search(value)
    data = {"score": written_score(m.group(1), 10.0),
            "votes": number(votes.group(1)) if votes else None}  # fmt: skip
    shown = votes.group(0) if votes else m.group(1)
    return [claim(ClaimKind.SITE_SCORE, data, loc.span(f"{label}:", m.group(1), shown))]


def _stat(label: str, value: str, names: list[str], loc: Locator) -> list[Claim]:
    figure = number(value.split()[0])
    if figure is None:
        return []
    data = {"name": STATS[label], "value": figure}
    return [claim(ClaimKind.STAT, data, loc.span(f"{label}:", value.split()[0]))]


Handler = Callable[[str, str, list[str], Locator], list[Claim]]
_HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(ALIAS_LANGUAGES, _aliases),
    **dict.fromkeys(LISTS, _linked_names),
    **dict.fromkeys(STATS, _stat),
    "Type": _single(ClaimKind.MEDIA_TYPE, lambda v: {"value": v}),
    "Episodes": _single(
        ClaimKind.EPISODE_COUNT,
        lambda v: {"value": n} if v.isdigit() and (n := number(v)) is not None else None,
    ),
    "Status": _single(
        ClaimKind.STATUS, lambda v: {"value": STATUSES.get(v.lower(), v.lower()), "as_written": v}
    ),
    "Aired": _aired,
    "Premiered": _single(ClaimKind.DATE, _premiered),
    "Broadcast": _single(ClaimKind.DATE, _broadcast),
    "Source": _single(ClaimKind.SOURCE_MATERIAL, lambda v: {"name": v}),
    "Duration": _single(ClaimKind.EPISODE_MINUTES, _minutes),
    "Rating": _single(
        ClaimKind.STAT,
        lambda v: {"name": "age_rating", "value": v.split(" - ")[0], "as_written": v},
    ),
    "Score": _score,
}
