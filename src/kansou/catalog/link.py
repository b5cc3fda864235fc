"""Resolution against the stored catalog, and re-linking what was ingested before it.

- ``load_catalog`` reads titles and their aliases into a ``TitleIndex`` (plain
  data; built once per catalog generation and cached per database).
- ``resolve_name`` resolves one name, honouring review decisions: a confirmed
  pair always wins, a rejected pair is never proposed again.
- ``match_title`` is the hook for linking new documents: the catalog title for
  a strong or medium match, ``None`` otherwise (a weak match is queued for
  ``kansou review-matches`` instead of being merged).
- ``relink_with_catalog`` runs after a catalog import: every title that only
  documents know is resolved against the catalog and, when the match is strong
  or medium, folded into the catalog title with all its claims, so pages
  ingested before the catalog end up on the catalog's entity beside its facts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kansou.catalog.entities import merge_titles
from kansou.resolve.index import IndexedName, TitleIndex, match_key
from kansou.resolve.titles import (
    LINKED,
    Hints,
    Penalty,
    Resolution,
    Strength,
    TitleFacts,
    TitleMatch,
    resolve_title,
)
from kansou.store.catalog_schema import CatalogFactRow, CatalogImportRow, MatchDecisionRow
from kansou.store.schema import ClaimRow, TitleAliasRow, TitleRow, TitleSourceIdRow

#: A candidate farther than this is not worth a reviewer's time.
REVIEW_CEILING = 0.45


@dataclass(frozen=True)
class Catalog:
    """The searchable titles: index, facts for the hint penalties, and source ids."""

    index: TitleIndex
    facts: dict[int, TitleFacts]
    generation: tuple[int, int]

    def source_ids(self, session: Session, title_id: int) -> dict[str, str]:
        rows = session.execute(
            select(TitleSourceIdRow.site, TitleSourceIdRow.external_id).where(
                TitleSourceIdRow.title_id == title_id
            )
        )
        return dict(sorted(rows.all()))


def catalog_title_ids(session: Session) -> set[int]:
    """Titles some catalog file describes (as opposed to titles only documents name)."""
    return set(
        session.scalars(
            select(CatalogFactRow.title_id).where(CatalogFactRow.source != "kansou").distinct()
        )
    )


def _generation(session: Session, catalog_only: bool) -> tuple[int, int]:
    imports = session.scalar(select(func.max(CatalogImportRow.id))) or 0
    titles = 0 if catalog_only else session.scalar(select(func.max(TitleAliasRow.id))) or 0
    return imports, titles


def load_catalog(session: Session, *, catalog_only: bool = False) -> Catalog:
    """Build the index over every title (or only catalog titles) and their aliases."""
    keep = catalog_title_ids(session) if catalog_only else None
    facts: dict[int, TitleFacts] = {}
    names: list[IndexedName] = []
    for tid, name, kind, episodes, year in session.execute(
        select(TitleRow.id, TitleRow.name, TitleRow.media_type, TitleRow.episodes, TitleRow.year)
    ):
        if keep is None or tid in keep:
            facts[tid] = TitleFacts(name, kind, episodes, year)
            names.append(IndexedName(tid, name, "main"))
    for tid, name, origin in session.execute(
        select(TitleAliasRow.title_id, TitleAliasRow.name, TitleAliasRow.origin)
    ):
        if tid in facts:
            names.append(IndexedName(tid, name, origin.partition(":")[2] or origin))
    return Catalog(TitleIndex(names), facts, _generation(session, catalog_only))


_CACHE: dict[tuple[str, bool], Catalog] = {}


def cached_catalog(session: Session, *, catalog_only: bool = False) -> Catalog:
    """``load_catalog``, rebuilt only when an import (or a new alias) changed the titles."""
    bind = session.get_bind()
    key = (str(bind.engine.url if hasattr(bind, "engine") else bind), catalog_only)
    known = _CACHE.get(key)
    if known is not None and known.generation == _generation(session, catalog_only):
        return known
    _CACHE[key] = load_catalog(session, catalog_only=catalog_only)
    return _CACHE[key]


def resolve_name(
    session: Session, catalog: Catalog, name: str, hints: Hints | None = None
) -> Resolution:
    """Resolve ``name``; review decisions (confirmed / rejected) override the distance."""
    decisions = dict(
        session.execute(
            select(MatchDecisionRow.title_id, MatchDecisionRow.status).where(
                MatchDecisionRow.query_key == match_key(name)
            )
        ).all()
    )
    for tid, status in decisions.items():
        if status == "confirmed" and tid in catalog.facts:
            note = Penalty("review", 0.0, 1.0, "confirmed by review")
            match = TitleMatch(tid, catalog.facts[tid].name, name, 0.0, (note,))
            return Resolution(name, match, Strength.STRONG)
    rejected = frozenset(t for t, s in decisions.items() if s == "rejected")
    return resolve_title(catalog.index, catalog.facts, name, hints, exclude=rejected)


def queue_for_review(session: Session, resolution: Resolution) -> int | None:
    """Remember a weak (or unmatched but close) candidate for ``review-matches``."""
    if resolution.strength in LINKED or not resolution.candidates:
        return None
    top = resolution.candidates[0]
    if top.distance > REVIEW_CEILING:
        return None
    key = match_key(resolution.query)
    known = session.scalar(
        select(MatchDecisionRow).where(
            MatchDecisionRow.query_key == key, MatchDecisionRow.title_id == top.title_id
        )
    )
    if known is not None:
        return known.id
    row = MatchDecisionRow(
        query=resolution.query,
        query_key=key,
        title_id=top.title_id,
        strength=str(resolution.strength),
        distance=round(top.distance, 4),
        status="pending",
        evidence=json.dumps(list(top.evidence), ensure_ascii=False),
    )
    session.add(row)
    session.flush()
    return row.id


def match_title(session: Session, name: str, hints: Hints | None = None) -> int | None:
    """The catalog title a new document's ``name`` is about, or None to let the caller decide.

    Strong and medium matches (and confirmed reviews) link; a weak match is
    queued for review and ``None`` is returned, so the caller keeps the
    document's own title until a person confirms.
    """
    return match_titles(session, [name], hints)[0]


def match_titles(
    session: Session, names: Sequence[str], hints: Hints | None = None
) -> list[int | None]:
    """``match_title`` for each name, against one look at the catalog (a listing page
    names hundreds of titles)."""
    catalog = cached_catalog(session, catalog_only=True)
    if not catalog.facts:
        return [None] * len(names)
    return [_match(session, catalog, name, hints) for name in names]


def _match(session: Session, catalog: Catalog, name: str, hints: Hints | None) -> int | None:
    resolution = resolve_name(session, catalog, name, hints)
    if resolution.match is not None and resolution.strength in LINKED:
        return resolution.match.title_id
    queue_for_review(session, resolution)
    return None


def decide(session: Session, decision_id: int, status: str) -> MatchDecisionRow | None:
    """Confirm or reject a queued match; confirming folds the document title into it."""
    row = session.get(MatchDecisionRow, decision_id)
    if row is None:
        return None
    row.status = status
    row.decided_at = datetime.now(UTC)
    if status == "confirmed":
        in_catalog = catalog_title_ids(session)
        for tid, name in session.execute(select(TitleRow.id, TitleRow.name)).all():
            if tid not in in_catalog and tid != row.title_id and match_key(name) == row.query_key:
                merge_titles(session, row.title_id, tid, f"review confirmed '{row.query}'")
    return row


@dataclass(frozen=True)
class Relinked:
    """One document title folded into a catalog title by ``relink_with_catalog``."""

    name: str
    title_id: int
    catalog_name: str
    strength: str
    distance: float


@dataclass(frozen=True)
class RelinkReport:
    linked: tuple[Relinked, ...]
    queued: int
    people_merged: int
    characters_merged: int


def relink_with_catalog(store: Any) -> RelinkReport:
    """Fold every document-only title into its catalog title where the match is sure enough.

    ``store`` is a ``kansou.store.Store``; the whole relink is one transaction.
    Weak matches are queued for review; people and characters spelled two ways
    are merged too (``kansou.resolve.people``). The catalog's index (every
    catalog title and alias in memory) is built only when some title has
    documents and no catalog file: after importing a catalog of millions of
    rows into a store without documents, nothing is loaded.
    """
    from kansou.resolve.people import merge_people_and_characters

    linked: list[Relinked] = []
    queued = 0
    with store.session() as s:
        documents = _document_only_titles(s)
        catalog = cached_catalog(s, catalog_only=True) if documents else None
        if catalog is not None and catalog.facts:
            for tid, name in documents:
                resolution = _best_resolution(s, catalog, tid, name)
                if resolution.match is not None and resolution.strength in LINKED:
                    m = resolution.match
                    merge_titles(s, m.title_id, tid, f"'{name}' resolved {resolution.strength}")
                    linked.append(
                        Relinked(name, m.title_id, m.name, str(resolution.strength), m.distance)
                    )
                elif queue_for_review(s, resolution) is not None:
                    queued += 1
        people, characters = merge_people_and_characters(s)
    return RelinkReport(tuple(linked), queued, people, characters)


def _document_only_titles(s: Session) -> list[tuple[int, str]]:
    """Titles no catalog file describes (``catalog_title_ids``' complement), oldest first."""
    described = select(CatalogFactRow.id).where(
        CatalogFactRow.title_id == TitleRow.id, CatalogFactRow.source != "kansou"
    )
    rows = s.execute(
        select(TitleRow.id, TitleRow.name).where(~described.exists()).order_by(TitleRow.id)
    )
    return [(tid, name) for tid, name in rows]


def _best_resolution(s: Session, catalog: Catalog, title_id: int, name: str) -> Resolution:
    """Resolve a document title by its name and each alias documents gave it; keep the surest."""
    aliases = s.scalars(select(TitleAliasRow.name).where(TitleAliasRow.title_id == title_id))
    names = [name, *aliases]
    hints = _hints(s, title_id)
    results = [resolve_name(s, catalog, n, hints) for n in dict.fromkeys(names)]
    return min(results, key=lambda r: (r.strength.rank, r.distance or 1.0))


def _hints(session: Session, title_id: int) -> Hints:
    """What the claims about a document title say of its year, type and episodes."""
    values: dict[str, Any] = {}
    for kind, data in session.execute(
        select(ClaimRow.kind, ClaimRow.data).where(
            ClaimRow.title_id == title_id,
            ClaimRow.kind.in_(["media_type", "episode_count", "date"]),
            ClaimRow.subject.is_(None),
        )
    ):
        if kind == "date" and data.get("role") in ("start", "aired") and data.get("date"):
            values.setdefault("year", int(str(data["date"])[:4]))
        elif kind == "media_type":
            values.setdefault("media_type", data.get("value"))
        elif kind == "episode_count" and isinstance(data.get("value"), int):
            values.setdefault("episodes", data["value"])
    return Hints(**values)
