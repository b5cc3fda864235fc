"""Folding one title into another, with everything that points at it.

Used when two titles turn out to be one anime: a mapping file joins an AniDB
entry to a MAL entry imported earlier, or a document's title resolves to a
catalog title. Nothing is dropped silently: aliases, source ids, facts,
characters, claims and review decisions move to the kept title (where the kept
title already has the same alias key, character key or per-source fact, its
own row wins), and the kept title records the merge as a ``kansou`` fact.
"""

from __future__ import annotations

import json

from sqlalchemy import and_, delete, select, update
from sqlalchemy.orm import Session

from kansou.store.catalog_schema import CatalogFactRow, MatchDecisionRow
from kansou.store.schema import (
    CharacterRow,
    ClaimRow,
    TitleAliasRow,
    TitleRow,
    TitleSourceIdRow,
)


def merge_titles(s: Session, keep: int, lose: int, reason: str) -> None:
    """Move everything of title ``lose`` onto title ``keep`` and delete ``lose``."""
    if keep == lose:
        return
    lost_name = s.scalar(select(TitleRow.name).where(TitleRow.id == lose))
    _move_aliases(s, keep, lose)
    s.execute(
        update(TitleSourceIdRow).where(TitleSourceIdRow.title_id == lose).values(title_id=keep)
    )
    _move_facts(s, keep, lose)
    _move_characters(s, keep, lose)
    s.execute(update(ClaimRow).where(ClaimRow.title_id == lose).values(title_id=keep))
    _move_decisions(s, keep, lose)
    s.execute(delete(TitleRow).where(TitleRow.id == lose))
    s.add(
        CatalogFactRow(
            title_id=keep,
            source="kansou",
            field=f"merged:{lose}",
            value=json.dumps({"name": lost_name, "reason": reason}, ensure_ascii=False),
            file="",
            line=0,
        )
    )
    s.flush()


def _move_aliases(s: Session, keep: int, lose: int) -> None:
    kept = select(TitleAliasRow.key).where(TitleAliasRow.title_id == keep).scalar_subquery()
    s.execute(
        delete(TitleAliasRow).where(TitleAliasRow.title_id == lose, TitleAliasRow.key.in_(kept))
    )
    s.execute(update(TitleAliasRow).where(TitleAliasRow.title_id == lose).values(title_id=keep))


def _move_facts(s: Session, keep: int, lose: int) -> None:
    kept = {
        (src, fld)
        for src, fld in s.execute(
            select(CatalogFactRow.source, CatalogFactRow.field).where(
                CatalogFactRow.title_id == keep
            )
        )
    }
    for fact_id, src, fld in s.execute(
        select(CatalogFactRow.id, CatalogFactRow.source, CatalogFactRow.field).where(
            CatalogFactRow.title_id == lose
        )
    ).all():
        if (src, fld) in kept:
            s.execute(delete(CatalogFactRow).where(CatalogFactRow.id == fact_id))
        else:
            s.execute(
                update(CatalogFactRow).where(CatalogFactRow.id == fact_id).values(title_id=keep)
            )


def _move_characters(s: Session, keep: int, lose: int) -> None:
    kept = dict(
        s.execute(
            select(CharacterRow.key, CharacterRow.id).where(CharacterRow.title_id == keep)
        ).all()
    )
    for char_id, key in s.execute(
        select(CharacterRow.id, CharacterRow.key).where(CharacterRow.title_id == lose)
    ).all():
        if key in kept:
            s.execute(
                update(ClaimRow)
                .where(ClaimRow.character_id == char_id)
                .values(character_id=kept[key])
            )
            s.execute(delete(CharacterRow).where(CharacterRow.id == char_id))
        else:
            s.execute(update(CharacterRow).where(CharacterRow.id == char_id).values(title_id=keep))


def _move_decisions(s: Session, keep: int, lose: int) -> None:
    kept = select(MatchDecisionRow.query_key).where(MatchDecisionRow.title_id == keep)
    s.execute(
        delete(MatchDecisionRow).where(
            and_(MatchDecisionRow.title_id == lose, MatchDecisionRow.query_key.in_(kept))
        )
    )
    s.execute(
        update(MatchDecisionRow).where(MatchDecisionRow.title_id == lose).values(title_id=keep)
    )
