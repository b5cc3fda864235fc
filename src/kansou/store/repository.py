"""The repository: the only code that reads or writes kansou's database.

Decisions made here:

- **Idempotent ingest**: a document is known by its sha256; storing the same
  bytes again returns the existing id and changes nothing.
- **Whole or nothing**: a document, its claims and their links to titles,
  people and characters are written in one transaction.
- **Several writers** (Dask workers on PostgreSQL) may store at once: the
  unique sha256 settles two writers racing on the same bytes, every row
  created while linking is inserted with ``ON CONFLICT DO NOTHING`` and read
  back, a title (which has no unique key) is created under a transaction
  lock on its key, and a deadlock between writers is retried.
- **Linking** uses the keys of ``kansou.resolve.names``: a claim's subject
  meets a title when its key equals the title's key, one of its aliases' keys,
  or when the claim carries a known source id. An unknown subject becomes a
  new title. ``relink()`` recomputes every link (after a catalog import).

Reads return plain dataclasses (``StoredDocument``, ``StoredClaim``,
``StoredTitle``); ORM rows never leave this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kansou.model import Claim, Cleaned, Document, Extraction
from kansou.resolve.names import title_key
from kansou.store.linking import Links, link_claims
from kansou.store.schema import (
    CharacterRow,
    ClaimRow,
    DocumentRow,
    PersonRow,
    TitleAliasRow,
    TitleRow,
    TitleSourceIdRow,
    table_of,
)

#: How often a document's transaction is tried when PostgreSQL ends it as a deadlock
#: or serialization failure (writers creating the same people in another order).
WRITE_ATTEMPTS = 5
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    source: str
    url: str | None
    media_type: str
    kind: str
    subject: str | None
    n_claims: int
    extractors: tuple[str, ...] = ()
    language: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True)
class StoredClaim:
    id: int
    document_id: int
    seq: int
    kind: str
    subject: str | None
    data: dict[str, Any]
    span: tuple[int, int]
    confidence: float
    extractor: str
    title_id: int | None
    person_id: int | None
    character_id: int | None


@dataclass(frozen=True)
class StoredTitle:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    source_ids: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredPerson:
    id: int
    name: str


class Store:
    """Repository over one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(
            engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on any error.

        ``write=True`` takes SQLite's write lock when the transaction begins
        (waiting up to the busy timeout), so a writer never fails halfway
        because another writer committed between its reads and its writes.
        """
        with (self._writes if write else self._sessions).begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # -- writes -------------------------------------------------------------

    def document_id(self, sha256: str) -> int | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256))

    def add_document(
        self, document: Document, cleaned: Cleaned, extraction: Extraction
    ) -> tuple[int, bool]:
        """Store a document with its claims, linked; return ``(id, created)``.

        A writer that loses a race on the same bytes gets the winner's id and
        ``created`` False; a deadlock with another writer is retried.
        """
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return self._add_document_once(document, cleaned, extraction)
            except IntegrityError:
                known = self.document_id(document.sha256)
                if known is None:
                    raise
                return known, False
            except OperationalError as exc:
                sqlstate = getattr(exc.orig, "sqlstate", None)
                if attempt == WRITE_ATTEMPTS or sqlstate not in _RETRYABLE_SQLSTATES:
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _add_document_once(
        self, document: Document, cleaned: Cleaned, extraction: Extraction
    ) -> tuple[int, bool]:
        with self.session(write=True) as s:
            known = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == document.sha256))
            if known is not None:
                return known, False
            row = DocumentRow(
                sha256=document.sha256,
                source=document.source,
                url=document.url or cleaned.address,
                media_type=document.media_type,
                encoding=cleaned.encoding,
                language=cleaned.language,
                kind=str(extraction.kind),
                subject=extraction.subject,
                extractors=",".join(extraction.extractors),
                raw=document.raw,
                text=cleaned.text,
                n_claims=len(extraction.claims),
                fetched_at=document.fetched_at,
            )
            s.add(row)
            s.flush()
            links = link_claims(s, extraction.claims, extraction.subject)
            rows = [
                _claim_values(row.id, i, c, link)
                for i, (c, link) in enumerate(zip(extraction.claims, links, strict=True))
            ]
            if rows:  # Core, not the ORM's bulk insert: a listing page has a thousand claims
                s.execute(insert(table_of(ClaimRow)), rows)
            return row.id, True

    def relink(self) -> int:
        """Recompute every claim's links to titles, people and characters; return claims seen."""
        with self.session(write=True) as s:
            s.execute(update(ClaimRow).values(title_id=None, person_id=None, character_id=None))
            n = 0
            for doc in s.scalars(select(DocumentRow).order_by(DocumentRow.id)):
                rows = list(s.scalars(select(ClaimRow).where(ClaimRow.document_id == doc.id)))
                links = link_claims(s, rows, doc.subject)
                values = [
                    {
                        "id": r.id,
                        "title_id": link.title_id,
                        "person_id": link.person_id,
                        "character_id": link.character_id,
                    }
                    for r, link in zip(rows, links, strict=True)
                ]
                if values:
                    s.execute(update(ClaimRow), values)
                n += len(rows)
            return n

    # -- reads --------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        with self.session() as s:
            rows = s.scalars(select(DocumentRow).order_by(DocumentRow.id))
            return [_stored_document(r) for r in rows]

    def document(self, document_id: int) -> StoredDocument | None:
        with self.session() as s:
            row = s.get(DocumentRow, document_id)
            return _stored_document(row) if row else None

    def document_text(self, document_id: int) -> str | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))

    def document_raw(self, document_id: int) -> bytes | None:
        with self.session() as s:
            return s.scalar(select(DocumentRow.raw).where(DocumentRow.id == document_id))

    def titles(self) -> list[StoredTitle]:
        with self.session() as s:
            titles = list(s.scalars(select(TitleRow).order_by(TitleRow.id)))
            aliases = _group(s.execute(select(TitleAliasRow.title_id, TitleAliasRow.name)))
            ids = _group(
                s.execute(
                    select(
                        TitleSourceIdRow.title_id,
                        TitleSourceIdRow.site,
                        TitleSourceIdRow.external_id,
                    )
                )
            )
            return [
                StoredTitle(
                    t.id,
                    t.name,
                    tuple(a[0] for a in aliases.get(t.id, [])),
                    {site: ext for site, ext in ids.get(t.id, [])},
                )
                for t in titles
            ]

    def titles_with_claims(self) -> list[StoredTitle]:
        """Titles that at least one stored claim is about."""
        with self.session() as s:
            linked = set(s.scalars(select(ClaimRow.title_id).distinct()))
        return [t for t in self.titles() if t.id in linked]

    def claims(
        self,
        *,
        title_id: int | None = None,
        document_id: int | None = None,
        kinds: Sequence[str] | None = None,
    ) -> list[StoredClaim]:
        with self.session() as s:
            q = select(ClaimRow).order_by(ClaimRow.document_id, ClaimRow.seq)
            if title_id is not None:
                q = q.where(ClaimRow.title_id == title_id)
            if document_id is not None:
                q = q.where(ClaimRow.document_id == document_id)
            if kinds:
                q = q.where(ClaimRow.kind.in_(list(kinds)))
            return [_stored_claim(r) for r in s.scalars(q)]

    def people(self, ids: Iterable[int] | None = None) -> list[StoredPerson]:
        with self.session() as s:
            q = select(PersonRow).order_by(PersonRow.id)
            if ids is not None:
                q = q.where(PersonRow.id.in_(list(ids)))
            return [StoredPerson(p.id, p.name) for p in s.scalars(q)]

    def characters(self, title_id: int) -> dict[int, str]:
        with self.session() as s:
            rows = s.execute(
                select(CharacterRow.id, CharacterRow.name).where(CharacterRow.title_id == title_id)
            )
            return {i: n for i, n in rows}

    def find_titles(self, query: str) -> list[StoredTitle]:
        """Titles whose name or alias has the query's key, or contains it."""
        key = title_key(query)
        with self.session() as s:
            ids = set(
                s.scalars(
                    select(TitleAliasRow.title_id).where(
                        or_(TitleAliasRow.key == key, TitleAliasRow.key.contains(key))
                    )
                )
            )
            ids |= set(s.scalars(select(TitleRow.id).where(TitleRow.key.contains(key))))
        exact = [t for t in self.titles() if t.id in ids]
        return sorted(exact, key=lambda t: (title_key(t.name) != key, len(t.name)))

    def catalog_facts(self, title_id: int) -> list[dict[str, Any]]:
        """What imported catalogs say about a title, each fact with its file and line."""
        from kansou.store.catalog_schema import CatalogFactRow

        with self.session() as s:
            rows = s.scalars(
                select(CatalogFactRow)
                .where(CatalogFactRow.title_id == title_id, CatalogFactRow.source != "kansou")
                .order_by(CatalogFactRow.id)
            )
            return [
                {
                    "source": r.source,
                    "field": r.field,
                    "value": _json_or_text(r.value),
                    "file": r.file,
                    "line": r.line,
                }
                for r in rows
            ]

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            return {
                "documents": s.scalar(select(func.count(DocumentRow.id))) or 0,
                "claims": s.scalar(select(func.count(ClaimRow.id))) or 0,
                "titles": s.scalar(select(func.count(TitleRow.id))) or 0,
                "people": s.scalar(select(func.count(PersonRow.id))) or 0,
            }

    def delete_document(self, document_id: int) -> None:
        with self.session(write=True) as s:
            s.execute(delete(ClaimRow).where(ClaimRow.document_id == document_id))
            s.execute(delete(DocumentRow).where(DocumentRow.id == document_id))


# -- row helpers ---------------------------------------------------------------


def _claim_values(document_id: int, seq: int, claim: Claim, links: Links) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "seq": seq,
        "kind": str(claim.kind),
        "subject": claim.subject,
        "data": dict(claim.data),
        "span_start": claim.span.start,
        "span_end": claim.span.end,
        "confidence": claim.confidence,
        "extractor": claim.extractor,
        "title_id": links.title_id,
        "person_id": links.person_id,
        "character_id": links.character_id,
    }


def _stored_document(r: DocumentRow) -> StoredDocument:
    return StoredDocument(
        r.id,
        r.sha256,
        r.source,
        r.url,
        r.media_type,
        r.kind,
        r.subject,
        r.n_claims,
        tuple(e for e in (r.extractors or "").split(",") if e),
        r.language,
        r.fetched_at,
    )


def _stored_claim(r: ClaimRow) -> StoredClaim:
    return StoredClaim(
        r.id,
        r.document_id,
        r.seq,
        r.kind,
        r.subject,
        dict(r.data),
        (r.span_start, r.span_end),
        r.confidence,
        r.extractor,
        r.title_id,
        r.person_id,
        r.character_id,
    )


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _group(rows: Iterable[Any]) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(tuple(row[1:]))
    return out
