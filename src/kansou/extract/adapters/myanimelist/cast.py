"""Characters & staff pages: each character with role and voice actors, each staff member.

Both layouts print a person or character as a table cell holding their name
link and ``div.spaceit_pad > small`` (the role). A cell linking to
``/character/`` is a character (its voice actors sit in the nested table of the
same row, a name link above a ``small`` language); a cell linking to
``/people/`` outside a character row is a staff member, one claim per role.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from kansou.extract.adapters.myanimelist.page import Locator, MalPage, claim, text_of
from kansou.model import Claim, ClaimKind


def cast_claims(page: MalPage, loc: Locator) -> list[Claim]:
    """``cast`` claims (one per character and voice actor) and ``staff`` claims, in page order."""
    out: list[Claim] = []
    for role_node in page.tree.css("td > div.spaceit_pad > small"):
        holder = role_node.parent
        cell = holder.parent if holder is not None else None
        link = _name_link(cell) if cell is not None else None
        if cell is None or link is None:
            continue
        href = link.attributes.get("href") or ""
        if "/character/" in href:
            out.extend(_character(cell, text_of(link), text_of(role_node), loc))
        elif "/people/" in href:
            out.extend(_staff(text_of(link), text_of(role_node), loc))
    return out


def _name_link(cell: LexborNode) -> LexborNode | None:
    """The first link in the cell that shows a name (not the picture link)."""
    for a in cell.css("a"):
        if text_of(a):
            return a
    return None


def _character(cell: LexborNode, name: str, role: str, loc: Locator) -> list[Claim]:
    name_span = loc.find(name) or loc.fallback
    loc.find(role)
    row = cell.parent
    actors: list[tuple[str, str]] = []
    for va_link in row.css("table a[href*='/people/']") if row is not None else []:
        va_cell = va_link.parent
        language_node = va_cell.css_first("small") if va_cell is not None else None
        if language_node is not None and text_of(va_link):
            actors.append((text_of(va_link), text_of(language_node)))
    if not actors:
        data = {"character": name, "actor": None, "role": role, "language": None}
        return [claim(ClaimKind.CAST, data, name_span)]
    out = []
    for actor, language in actors:
        span = loc.span(actor, language)
        data = {"character": name, "actor": actor, "role": role, "language": language}
        out.append(claim(ClaimKind.CAST, data, span))
    return out


def _staff(person: str, roles: str, loc: Locator) -> list[Claim]:
    span = loc.span(person, roles)
    return [
        claim(ClaimKind.STAFF, {"person": person, "role": role.strip()}, span)
        for role in roles.split(",")
        if role.strip()
    ]
