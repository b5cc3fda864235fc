"""People and characters across pages and spellings.

Two spellings name one person when, after the folding of title match keys
(case, width, diacritics, long vowels: "Kenjirou" = "Kenjiro"), their words
are the same in any order (family name first or last: "Miyamoto Yume" =
"Yume Miyamoto"), or when they differ by one letter inside one long word
("Naomi Orthmann" = "Naomi Orthman"). Short words must match exactly: "Yui"
and "Yuu" are different given names, not a typo. Characters follow the same
rule within one title.

``merge_people_and_characters`` applies the rule to the stored people and
characters (after ingest or a catalog import); ``match_person`` finds the
stored person a new spelling belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import permutations
from typing import Any

from rapidfuzz.distance import Levenshtein
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kansou.resolve.index import match_key
from kansou.resolve.names import display_preference
from kansou.store.schema import CharacterRow, ClaimRow, PersonRow

#: Shortest word in which a one-letter difference is read as a typo. Set so
#: that "Orthmann"/"Orthman" meet while "Yui"/"Yuu" or "Kana"/"Kano" do not.
TYPO_MIN_LENGTH = 5
#: Most words a name may have for its word orders to be tried.
MAX_ORDERS = 4


def name_words(name: str) -> tuple[str, ...]:
    return tuple(sorted(match_key(name).split()))


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    return (
        min(len(a), len(b)) >= TYPO_MIN_LENGTH
        and a[0] == b[0]
        and Levenshtein.distance(a, b, score_cutoff=1) <= 1
    )


def same_person(a: str, b: str) -> bool:
    """Whether two spellings name the same person (or the same character of one title)."""
    wa, wb = name_words(a), name_words(b)
    if not wa or len(wa) != len(wb):
        return False
    if wa == wb:
        return True
    if len(wb) > MAX_ORDERS:
        return False
    typos = 0
    for order in permutations(wb):
        pairs = list(zip(wa, order, strict=True))
        if all(_word_match(x, y) for x, y in pairs):
            typos = sum(x != y for x, y in pairs)
            if typos <= 1:
                return True
    return False


def group_spellings(names: Iterable[tuple[int, str]]) -> list[list[int]]:
    """Groups (of two or more ids) whose names are spellings of one name.

    Candidates meet through a shared word, so no pair of unrelated names is
    compared; groups are closed transitively (union-find).
    """
    items = list(names)
    parent = {i: i for i, _ in items}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_word: dict[str, list[tuple[int, str]]] = {}
    for ident, name in items:
        for word in set(name_words(name)):
            for other, other_name in by_word.get(word, ()):
                if root(other) != root(ident) and same_person(name, other_name):
                    parent[root(ident)] = root(other)
            by_word.setdefault(word, []).append((ident, name))
    groups: dict[int, list[int]] = {}
    for ident, _ in items:
        groups.setdefault(root(ident), []).append(ident)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _keeper(ids: list[int], names: dict[int, str], uses: dict[int, int]) -> int:
    """The spelling to keep: the most used, then the longer (a dropped letter is the
    commoner typo), then the better displayed."""
    return min(
        ids, key=lambda i: (-uses.get(i, 0), -len(names[i]), display_preference(names[i]), i)
    )


def _uses(session: Session, column: Any) -> dict[int, int]:
    rows = session.execute(select(column, func.count()).where(column.is_not(None)).group_by(column))
    return {ident: n for ident, n in rows}


def merge_people(session: Session) -> int:
    """Fold people rows that are spellings of one person into one; return rows removed."""
    names = dict(session.execute(select(PersonRow.id, PersonRow.name)).all())
    uses = _uses(session, ClaimRow.person_id)
    return _fold_spellings(session, names, uses, ClaimRow.person_id, PersonRow)


def merge_characters(session: Session) -> int:
    """Fold the characters of each title that are spellings of one character."""
    by_title: dict[int, dict[int, str]] = {}
    for cid, tid, name in session.execute(
        select(CharacterRow.id, CharacterRow.title_id, CharacterRow.name)
    ):
        by_title.setdefault(tid, {})[cid] = name
    uses = _uses(session, ClaimRow.character_id)
    return sum(
        _fold_spellings(session, names, uses, ClaimRow.character_id, CharacterRow)
        for names in by_title.values()
    )


def _fold_spellings(session: Session, names: dict[int, str], uses: Any, link: Any, row: Any) -> int:
    """Point the claims of each group of spellings at one row and delete the others."""
    removed = 0
    for group in group_spellings(names.items()):
        keep = _keeper(group, names, uses)
        others = [i for i in group if i != keep]
        session.execute(update(ClaimRow).where(link.in_(others)).values({link: keep}))
        session.execute(delete(row).where(row.id.in_(others)))
        removed += len(others)
    return removed


def merge_people_and_characters(session: Session) -> tuple[int, int]:
    return merge_people(session), merge_characters(session)


def match_person(session: Session, name: str) -> int | None:
    """The stored person ``name`` is a spelling of, or None; candidates share a word's start."""
    words = name_words(name)
    if not words:
        return None
    probe = max(words, key=len)[:2]
    rows = session.execute(
        select(PersonRow.id, PersonRow.name).where(PersonRow.key.contains(probe))
    ).all()
    matches = [pid for pid, other in rows if same_person(name, other)]
    return min(matches) if matches else None
