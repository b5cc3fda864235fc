"""Linking claims to titles, people and characters, inside the document's transaction.

Decisions:

- A claim's subject meets a title when the claim carries a known source id,
  or when its key equals a title's key or one of its aliases' keys, or when
  the imported catalog resolves it strongly enough (``kansou.catalog.link``);
  an unknown subject becomes a new title. A claim that carries source ids is
  never matched by the catalog's fuzzy search: an id says which anime it is,
  and a similar name must not override it.
- A document without a named subject whose title claim carries only source
  ids (a service's answer about "anime 11757": Jikan's statistics or reviews)
  links to the title holding one of those ids, or to nothing.
- On PostgreSQL a transaction lock on the title key keeps two writers from
  creating the same title twice.
- People and characters are linked in bulk: one query finds every key a
  document names, one insert adds the missing ones (``ON CONFLICT DO NOTHING``,
  so a concurrent writer's row is reused, never duplicated), one query reads
  the ids back. A page with 2,000 cast rows costs a handful of statements.
- Links are computed before claims are written, so claims are inserted with
  their links in one bulk insert instead of being updated row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import bindparam, insert, select, text, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kansou.model import ClaimKind
from kansou.resolve.names import display_preference, person_key, title_key
from kansou.store.schema import (
    CharacterRow,
    PersonRow,
    TitleAliasRow,
    TitleRow,
    TitleSourceIdRow,
    table_of,
)

#: Keys per IN (...) query; SQLite's default limit on bound parameters is 32,766.
KEY_BATCH = 500


class Linkable(Protocol):
    """What linking reads of a claim (a ``Claim`` or a stored claim row)."""

    @property
    def kind(self) -> str: ...

    @property
    def subject(self) -> str | None: ...

    @property
    def data(self) -> Mapping[str, Any]: ...


@dataclass
class Links:
    title_id: int | None = None
    person_id: int | None = None
    character_id: int | None = None


def link_claims(s: Session, claims: Sequence[Linkable], subject: str | None) -> list[Links]:
    """The links of each claim, creating the titles, people and characters they name."""
    with s.no_autoflush:
        links = _link_titles(s, claims, subject)
        people = _people_ids(s, _person_names(claims))
        characters = _character_ids(s, _character_names(claims, links))
    for claim, link in zip(claims, links, strict=True):
        data = claim.data
        actor = data.get("actor") if claim.kind == ClaimKind.CAST else data.get("person")
        if claim.kind in (ClaimKind.CAST, ClaimKind.STAFF) and actor:
            link.person_id = people.get(person_key(str(actor)))
        character = data.get("character")
        if claim.kind == ClaimKind.CAST and character and link.title_id is not None:
            link.character_id = characters.get((link.title_id, person_key(str(character))))
    return links


# -- titles ---------------------------------------------------------------------


def _link_titles(s: Session, claims: Sequence[Linkable], subject: str | None) -> list[Links]:
    cache: dict[str, int] = {}
    aliases: list[tuple[int, str, str | None]] = []
    known = _known_titles(s, claims, subject)
    known.update(_create_titles(s, _unheld_names(claims, subject, known)))
    links = []
    by_id = None if subject else _title_by_subject_ids(s, claims)
    for claim in claims:
        name = claim.subject or subject
        if not name:
            links.append(Links(title_id=by_id if not claim.subject else None))
            continue
        source_ids = claim.data.get("source_ids") if claim.kind == ClaimKind.TITLE else None
        key = title_key(name)
        title_id = (
            cache.get(key)
            or (None if source_ids else known.get(key))
            or title_for(s, name, source_ids, unknown=not source_ids)
        )
        cache[key] = title_id
        if claim.kind in (ClaimKind.TITLE, ClaimKind.ALIAS):
            aliases.append(
                (title_id, str(claim.data.get("name") or name), claim.data.get("language"))
            )
            add_source_ids(s, title_id, source_ids or {})
        links.append(Links(title_id=title_id))
    add_aliases(s, aliases)
    return links


def _known_titles(s: Session, claims: Sequence[Linkable], subject: str | None) -> dict[str, int]:
    """The titles already held under the names these claims use, in one query per few
    hundred names (a listing page names hundreds)."""
    keys = {title_key(n) for c in claims if (n := c.subject or subject)}
    return _titles_by_keys(s, sorted(keys - {""}))


def _titles_by_keys(s: Session, keys: Sequence[str]) -> dict[str, int]:
    """The title each key designates, where one does (an alias's, else a title's own)."""
    known: dict[str, int] = {}
    for at in range(0, len(keys), 500):
        chunk = keys[at : at + 500]
        titles = select(TitleRow.key, TitleRow.id).where(TitleRow.key.in_(chunk))
        aliases = select(TitleAliasRow.key, TitleAliasRow.title_id).where(
            TitleAliasRow.key.in_(chunk)
        )
        # the earliest alias wins, then a title's own key, as in _title_by_key
        known.update(dict(s.execute(titles.order_by(TitleRow.id.desc())).all()))
        known.update(dict(s.execute(aliases.order_by(TitleAliasRow.id.desc())).all()))
    return known


def _unheld_names(
    claims: Sequence[Linkable], subject: str | None, known: Mapping[str, int]
) -> dict[str, str]:
    """The names (by key) these claims use that no title holds, leaving out those a claim
    also gives source ids for: the ids may designate a title held under another name."""
    names: dict[str, str] = {}
    with_ids: set[str] = set()
    for claim in claims:
        name = claim.subject or subject
        if not name:
            continue
        key = title_key(name)
        if claim.kind == ClaimKind.TITLE and claim.data.get("source_ids"):
            with_ids.add(key)
        elif key and key not in known:
            names.setdefault(key, name)
    return {k: n for k, n in names.items() if k not in with_ids}


def _create_titles(s: Session, names: Mapping[str, str]) -> dict[str, int]:
    """The titles for names no title held, by key: the imported catalog's where it
    matches, else new titles, created in one statement (a listing page names hundreds)."""
    keys = sorted(names)
    if not keys:
        return {}
    found: dict[str, int] = {}
    if _lock_title_keys(s, keys):  # another writer may have created some meanwhile
        found = _titles_by_keys(s, keys)
    from kansou.catalog.link import match_titles

    unheld = [key for key in keys if key not in found]
    rows = []
    matched_names: list[tuple[int, str, str | None]] = []
    for key, matched in zip(unheld, match_titles(s, [names[k] for k in unheld]), strict=True):
        if matched is not None:
            matched_names.append((matched, names[key], None))
            found[key] = matched
        else:
            rows.append({"name": names[key], "key": key})
    add_aliases(s, matched_names)
    if rows:
        statement = insert(TitleRow).returning(
            TitleRow.key, TitleRow.id, sort_by_parameter_order=True
        )
        created = dict(s.execute(statement, rows).all())
        aliases = [{"title_id": created[r["key"]], **r, "language": None} for r in rows]
        insert_new(s, TitleAliasRow.__table__, aliases)
        found.update(created)
    return found


def _title_by_subject_ids(s: Session, claims: Sequence[Linkable]) -> int | None:
    """The title holding a source id of the document's unnamed subject, if any."""
    for claim in claims:
        ids = claim.data.get("source_ids") if claim.kind == ClaimKind.TITLE else None
        if ids and not claim.data.get("name") and not claim.subject:
            return _title_by_source_ids(s, ids)
    return None


def _title_by_source_ids(s: Session, source_ids: Mapping[str, Any]) -> int | None:
    for site, ext in source_ids.items():
        found = s.scalar(
            select(TitleSourceIdRow.title_id).where(
                TitleSourceIdRow.site == site, TitleSourceIdRow.external_id == str(ext)
            )
        )
        if found is not None:
            return found
    return None


def insert_new(s: Session, table: Any, values: dict[str, Any] | list[dict[str, Any]]) -> None:
    """Insert rows unless a unique key already holds them (this or another writer's)."""
    if not values:
        return
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    s.execute(dialect.insert(table).on_conflict_do_nothing(), values)


def _lock_title_keys(s: Session, keys: Sequence[str]) -> bool:
    """``_lock_title_key`` for many keys in one statement, in sorted order (two writers
    taking the same keys in different orders would deadlock)."""
    if s.get_bind().dialect.name != "postgresql":
        return False
    s.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtext('title:' || k))"
            " FROM unnest(CAST(:keys AS text[])) AS k"
        ),
        {"keys": sorted(keys)},
    )
    return True


def _lock_title_key(s: Session, key: str) -> bool:
    """On PostgreSQL, hold a transaction lock on a title key before creating it: titles
    have no unique key, so two writers must not both find it missing and create it twice
    (a lock per lookup would serialize every writer). Whether a lock was taken: SQLite
    has one writer at a time, so there is nothing to lock."""
    if s.get_bind().dialect.name != "postgresql":
        return False
    s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": "title:" + key})
    return True


def title_for(
    s: Session, name: str, source_ids: Mapping[str, Any] | None, *, unknown: bool = False
) -> int:
    """The title a name (or a source id) designates, created when unknown (``unknown``:
    the caller has just found no title under the name)."""
    found = _title_by_source_ids(s, source_ids or {})
    if found is not None:
        return found
    key = title_key(name)
    found = None if unknown else _title_by_key(s, key)
    if found is None and _lock_title_key(s, key):
        found = _title_by_key(s, key)  # another writer may have created it meanwhile
    if found is not None and not _other_anime(s, found, source_ids or {}):
        return found
    found = None if source_ids else _catalog_match(s, name)
    if found is not None:
        add_alias(s, found, name, None)
        return found
    title_id: int = s.execute(
        insert(TitleRow).values(name=name, key=key).returning(TitleRow.id)
    ).scalar_one()
    row = {"title_id": title_id, "name": name, "key": key, "language": None}
    insert_new(s, TitleAliasRow.__table__, row)  # a new title's first alias: nothing to check
    return title_id


def _other_anime(s: Session, title_id: int, source_ids: Mapping[str, Any]) -> bool:
    """Whether the title holds another id on one of these sites: same name, other anime
    (the 1999 and 2011 "Hunter x Hunter")."""
    if not source_ids:
        return False
    held = s.execute(
        select(TitleSourceIdRow.site, TitleSourceIdRow.external_id).where(
            TitleSourceIdRow.title_id == title_id,
            TitleSourceIdRow.site.in_(list(source_ids)),
        )
    )
    return any(str(source_ids[site]) != ext for site, ext in held)


def _title_by_key(s: Session, key: str) -> int | None:
    found = s.scalar(select(TitleAliasRow.title_id).where(TitleAliasRow.key == key).limit(1))
    if found is None:
        found = s.scalar(select(TitleRow.id).where(TitleRow.key == key).limit(1))
    return found


def _catalog_match(s: Session, name: str) -> int | None:
    """The imported catalog's title for a name no document has used yet: a strong or
    medium match links; a weak one is queued for review (``kansou review-matches``)."""
    from kansou.catalog.link import match_title

    return match_title(s, name)


def add_alias(s: Session, title_id: int, name: str, language: str | None) -> None:
    """The title holds this name as an alias (once), and shows it where it is the same
    name better written."""
    add_aliases(s, [(title_id, name, language)])


def add_aliases(s: Session, aliases: Sequence[tuple[int, str, str | None]]) -> None:
    """``add_alias`` for each ``(title_id, name, language)``, the held ones found in one
    query (a database page states a dozen names of its title)."""
    wanted: dict[tuple[int, str], tuple[str, str | None]] = {}
    for title_id, name, language in aliases:
        key = title_key(name)
        if key:
            wanted.setdefault((title_id, key), (name, language))
    if not wanted:
        return
    titles = sorted({title_id for title_id, _key in wanted})
    held = set(
        s.execute(
            select(TitleAliasRow.title_id, TitleAliasRow.key).where(
                TitleAliasRow.title_id.in_(titles),
                TitleAliasRow.key.in_(sorted({key for _id, key in wanted})),
            )
        ).all()
    )
    rows = [
        {"title_id": title_id, "name": name, "key": key, "language": language}
        for (title_id, key), (name, language) in wanted.items()
        if (title_id, key) not in held
    ]
    insert_new(s, TitleAliasRow.__table__, rows)
    for title_id, name, language in aliases:
        _prefer_name(s, title_id, name, title_key(name), language)


def _prefer_name(s: Session, title_id: int, name: str, key: str, language: str | None) -> None:
    """The title shows this name where it is the same name better written ("Frieren"
    over "FRIEREN"), in English or no stated language."""
    if language not in (None, "en"):
        return
    title = s.get(TitleRow, title_id)
    better = title is not None and display_preference(name) < display_preference(title.name)
    if title is not None and better and key == title.key:
        title.name = name


def add_source_ids(s: Session, title_id: int, source_ids: Mapping[str, Any]) -> None:
    rows = [
        {"title_id": title_id, "site": site, "external_id": str(ext)}
        for site, ext in source_ids.items()
    ]
    insert_new(s, TitleSourceIdRow.__table__, rows)


# -- people and characters ------------------------------------------------------------


def _person_names(claims: Iterable[Linkable]) -> dict[str, str]:
    names: dict[str, str] = {}
    for claim in claims:
        if claim.kind == ClaimKind.CAST:
            name = claim.data.get("actor")
        elif claim.kind == ClaimKind.STAFF:
            name = claim.data.get("person")
        else:
            continue
        if name:
            key = person_key(str(name))
            best = names.get(key)
            if best is None or display_preference(str(name)) < display_preference(best):
                names[key] = str(name)
    return names


def _people_ids(s: Session, names: dict[str, str]) -> dict[str, int]:
    """Ids of every named person (by key), inserting the missing ones in one statement."""
    if not names:
        return {}
    keys = list(names)
    found = _select_in(s, PersonRow.key, keys, PersonRow.id, PersonRow.name)
    missing = [{"name": names[k], "key": k} for k in keys if k not in found]
    insert_new(s, PersonRow.__table__, missing)
    if missing:
        found = _select_in(s, PersonRow.key, keys, PersonRow.id, PersonRow.name)
    renamed = [
        {"person": person_id, "shown": names[key]}
        for key, (person_id, shown) in found.items()
        if display_preference(names[key]) < display_preference(shown)
    ]
    if renamed:  # a better spelling of the name ("Kanako Hayashi" over "KANAKO HAYASHI")
        people = table_of(PersonRow)
        rename = update(people).where(people.c.id == bindparam("person"))
        s.execute(rename.values(name=bindparam("shown")), renamed)
    return {k: v[0] for k, v in found.items()}


def _character_names(
    claims: Sequence[Linkable], links: Sequence[Links]
) -> dict[tuple[int, str], str]:
    names: dict[tuple[int, str], str] = {}
    for claim, link in zip(claims, links, strict=True):
        character = claim.data.get("character")
        if claim.kind == ClaimKind.CAST and character and link.title_id is not None:
            names.setdefault((link.title_id, person_key(str(character))), str(character))
    return names


def _character_ids(s: Session, names: dict[tuple[int, str], str]) -> dict[tuple[int, str], int]:
    if not names:
        return {}
    pairs = list(names)

    def lookup() -> dict[tuple[int, str], int]:
        out: dict[tuple[int, str], int] = {}
        for i in range(0, len(pairs), KEY_BATCH):
            chunk = pairs[i : i + KEY_BATCH]
            rows = s.execute(
                select(CharacterRow.title_id, CharacterRow.key, CharacterRow.id).where(
                    tuple_(CharacterRow.title_id, CharacterRow.key).in_(chunk)
                )
            )
            out.update({(t, k): cid for t, k, cid in rows})
        return out

    found = lookup()
    missing = [
        {"title_id": t, "key": k, "name": names[(t, k)]} for t, k in pairs if (t, k) not in found
    ]
    insert_new(s, CharacterRow.__table__, missing)
    return lookup() if missing else found


def _select_in(s: Session, key_col: Any, keys: list[str], *cols: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i in range(0, len(keys), KEY_BATCH):
        chunk = keys[i : i + KEY_BATCH]
        for row in s.execute(select(key_col, *cols).where(key_col.in_(chunk))):
            out[row[0]] = tuple(row[1:])
    return out
