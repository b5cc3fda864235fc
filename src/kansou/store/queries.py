"""Read queries behind the web UI and API: search, browse, people's roles, store generation.

Decisions made here:

- **Search** runs on the database's own full-text index (SQLite FTS5 table
  ``search_fts`` kept in sync by triggers, PostgreSQL ``to_tsvector``
  expression indexes; both created by migration 0004) over titles, aliases,
  people and review text. User input never reaches the query language: it is
  cut into words, each quoted as a prefix term, and passed as a parameter.
- **Typos**: when the index finds no title or person, names are looked up
  with the resolver's trigram + rapidfuzz ``TitleIndex`` and kept at
  ``FUZZY_MIN_SIMILARITY`` or above.
- **Browse** reads the claims it needs (reviews, studios, genres, dates) in
  one query and computes each title's consensus with ``aggregate.consensus``;
  titles only a catalog knows are listed too, with the catalog's genres,
  studios and season (a page's own statement wins over the catalog's).
- **Generation**: a cheap fingerprint of what is stored (document count and
  highest ids) that changes whenever an ingest or a catalog import lands; the
  web layer keys caches and ETags on it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select, text

from kansou.aggregate.bands import band_of
from kansou.aggregate.catalog import read_aired, season_of
from kansou.aggregate.consensus import consensus
from kansou.resolve.index import IndexedName, TitleIndex
from kansou.resolve.names import display_preference, studio_key, title_key
from kansou.store.repository import Store, StoredDocument, StoredTitle
from kansou.store.schema import (
    ClaimRow,
    DocumentRow,
    PersonRow,
    TitleAliasRow,
    TitleRow,
    TitleSourceIdRow,
)

#: Similarity (0..1) a fuzzy name must reach to be offered for a query that
#: full-text search missed. "Metalic Ruge" vs "Metallic Rouge" is 0.92,
#: "Orthman" vs "Naomi Orthmann" 0.67; unrelated names of similar length stay
#: under 0.5.
FUZZY_MIN_SIMILARITY = 0.6
#: Words of a query kept (a longer query is truncated, not rejected).
MAX_QUERY_WORDS = 12
SORTS = ("consensus", "reviews", "divisive", "name")
_WORD = re.compile(r"\w+", re.UNICODE)
HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Generation:
    """What is stored, in a few numbers: equal generations mean equal answers."""

    documents: int
    last_document: int
    last_title: int
    last_alias: int
    last_person: int
    modified: datetime | None

    @cached_property
    def tag(self) -> str:
        return (
            f"{self.documents}-{self.last_document}-{self.last_title}-"
            f"{self.last_alias}-{self.last_person}"
        )

    @cached_property
    def http_date(self) -> str | None:
        """``modified`` as an HTTP date (for Last-Modified)."""
        from email.utils import format_datetime

        return format_datetime(self.modified, usegmt=True) if self.modified else None


def generation(store: Store) -> Generation:
    """The store's generation in one round trip (each part reads an index, not the table)."""
    sql = text(
        "SELECT (SELECT count(*) FROM documents), (SELECT max(id) FROM documents), "
        "(SELECT max(ingested_at) FROM documents), (SELECT max(id) FROM titles), "
        "(SELECT max(id) FROM title_aliases), (SELECT max(id) FROM people)"
    )
    with store.engine.connect() as conn:
        row = conn.execute(sql).one()
    modified = row[2]
    if isinstance(modified, str):  # SQLite hands back the stored text
        modified = datetime.fromisoformat(modified)
    if modified is not None:  # SQLite keeps UTC without a zone; PostgreSQL answers in its own
        modified = (
            modified.replace(tzinfo=UTC) if modified.tzinfo is None else modified.astimezone(UTC)
        )
    return Generation(
        int(row[0] or 0),
        int(row[1] or 0),
        int(row[3] or 0),
        int(row[4] or 0),
        int(row[5] or 0),
        modified,
    )


# -- search --------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One thing a query found: a title, a person or a review (with a text snippet).

    ``snippet`` marks matched words with ``HIGHLIGHT_OPEN``/``HIGHLIGHT_CLOSE``
    (private-use characters) so the page can escape first and highlight after.
    """

    kind: str
    id: int
    name: str
    title_id: int | None = None
    snippet: str | None = None
    matched: str = "full-text"
    title: str | None = None


@dataclass(frozen=True)
class SearchResults:
    query: str
    titles: list[SearchHit] = field(default_factory=list)
    people: list[SearchHit] = field(default_factory=list)
    reviews: list[SearchHit] = field(default_factory=list)
    fuzzy: bool = False


def query_words(query: str) -> list[str]:
    return _WORD.findall(query)[:MAX_QUERY_WORDS]


def fts_expression(words: list[str]) -> str:
    """An FTS5 query from plain words: each quoted, each a prefix, all required."""
    return " ".join(f'"{w}"*' for w in words)


def search(store: Store, query: str, *, limit: int = 20) -> SearchResults:
    """Titles, people and reviews matching ``query``; fuzzy names when nothing matches."""
    words = query_words(query)
    if not words:
        return SearchResults(query)
    if store.engine.dialect.name == "sqlite":
        hits = _search_sqlite(store, words, limit)
    else:
        hits = _search_postgres(store, words, limit)
    results = _group_hits(store, query, hits)
    if results.titles or results.people:
        return results
    fuzzy = fuzzy_names(store, " ".join(words), limit=limit)
    return SearchResults(
        query,
        [h for h in fuzzy if h.kind == "title"],
        [h for h in fuzzy if h.kind == "person"],
        results.reviews,
        fuzzy=True,
    )


def _search_sqlite(store: Store, words: list[str], limit: int) -> list[SearchHit]:
    sql = text(
        "SELECT kind, ref_id, title_id, name, "
        "snippet(search_fts, 1, :open, :close, '…', 16) AS snip "
        "FROM search_fts WHERE search_fts MATCH :q ORDER BY rank LIMIT :limit"
    )
    params = {"q": fts_expression(words), "open": HIGHLIGHT_OPEN, "close": HIGHLIGHT_CLOSE}
    with store.session() as s:
        rows = s.execute(sql, {**params, "limit": limit * 4}).all()
    return [
        SearchHit(r.kind, int(r.ref_id), r.name, r.title_id, r.snip if r.kind == "review" else None)
        for r in rows
    ]


def _search_postgres(store: Store, words: list[str], limit: int) -> list[SearchHit]:
    query = " & ".join(f"{w}:*" for w in (re.sub(r"\W", "", w) for w in words) if w)
    sql = text(
        "SELECT 'title' AS kind, id AS ref_id, id AS title_id, name, NULL AS snip FROM titles "
        "WHERE to_tsvector('simple', name) @@ to_tsquery('simple', :q) "
        "UNION ALL SELECT 'alias', id, title_id, name, NULL FROM title_aliases "
        "WHERE to_tsvector('simple', name) @@ to_tsquery('simple', :q) "
        "UNION ALL SELECT 'person', id, NULL, name, NULL FROM people "
        "WHERE to_tsvector('simple', name) @@ to_tsquery('simple', :q) "
        "UNION ALL SELECT 'review', id, title_id, coalesce(data->>'headline', ''), "
        "ts_headline('english', coalesce(data->>'text', ''), to_tsquery('english', :q), "
        "'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords=24, MinWords=8') "
        "FROM claims WHERE kind = 'review' AND to_tsvector('english', "
        "coalesce(data->>'headline', '') || ' ' || coalesce(data->>'text', '')) "
        "@@ to_tsquery('english', :q) LIMIT :limit"
    )
    params = {"q": query, "open": HIGHLIGHT_OPEN, "close": HIGHLIGHT_CLOSE, "limit": limit * 4}
    with store.session() as s:
        rows = s.execute(sql, params).all()
    return [SearchHit(r.kind, int(r.ref_id), r.name, r.title_id, r.snip) for r in rows]


def _group_hits(store: Store, query: str, hits: list[SearchHit]) -> SearchResults:
    """Aliases become their title; each title and person is listed once, best rank first."""
    names = _title_names(store, {h.title_id for h in hits if h.title_id is not None})
    titles: dict[int, SearchHit] = {}
    people: dict[int, SearchHit] = {}
    reviews: list[SearchHit] = []
    for h in hits:
        if h.kind in ("title", "alias") and h.title_id is not None:
            titles.setdefault(h.title_id, SearchHit("title", h.title_id, names[h.title_id]))
        elif h.kind == "person":
            people.setdefault(h.id, h)
        elif h.kind == "review":
            title = names.get(h.title_id) if h.title_id is not None else None
            reviews.append(SearchHit(h.kind, h.id, h.name, h.title_id, h.snippet, h.matched, title))
    return SearchResults(query, list(titles.values()), list(people.values()), reviews)


def _title_names(store: Store, ids: Iterable[int]) -> dict[int, str]:
    wanted = list(ids)
    if not wanted:
        return {}
    with store.session() as s:
        rows = s.execute(select(TitleRow.id, TitleRow.name).where(TitleRow.id.in_(wanted)))
        return {int(i): str(n) for i, n in rows}


_FUZZY_CACHE: dict[tuple[str, str], TitleIndex] = {}


def name_index(store: Store) -> TitleIndex:
    """Every title, alias and person name in one resolver index, rebuilt per generation.

    ``IndexedName.title_id`` holds a title id (kind "title") or a person id
    (kind "person").
    """
    key = (str(store.engine.url), generation(store).tag)
    index = _FUZZY_CACHE.get(key)
    if index is None:
        with store.session() as s:
            names = [
                IndexedName(int(i), str(n), "title")
                for i, n in s.execute(select(TitleRow.id, TitleRow.name))
            ]
            names += [
                IndexedName(int(i), str(n), "title")
                for i, n in s.execute(select(TitleAliasRow.title_id, TitleAliasRow.name))
            ]
            names += [
                IndexedName(int(i), str(n), "person")
                for i, n in s.execute(select(PersonRow.id, PersonRow.name))
            ]
        index = TitleIndex(names)
        _FUZZY_CACHE.clear()
        _FUZZY_CACHE[key] = index
    return index


def fuzzy_names(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Titles and people whose names are spelled like ``query`` (typo tolerance)."""
    seen: set[tuple[str, int]] = set()
    out: list[SearchHit] = []
    for c in name_index(store).candidates(query):
        if c.similarity < FUZZY_MIN_SIMILARITY or (c.kind, c.title_id) in seen:
            continue
        seen.add((c.kind, c.title_id))
        if c.kind == "title":
            name = _title_names(store, [c.title_id]).get(c.title_id, c.name)
            out.append(SearchHit("title", c.title_id, name, c.title_id, matched=c.name))
        else:
            out.append(SearchHit("person", c.title_id, c.name, matched=c.name))
    return out[:limit]


# -- browse --------------------------------------------------------------------


@dataclass(frozen=True)
class BrowseRow:
    """One title as the browse page lists it."""

    id: int
    name: str
    season: str | None
    studios: tuple[str, ...]
    genres: tuple[str, ...]
    n_reviews: int
    consensus: float | None
    low: float | None
    high: float | None
    spread: float | None
    divisive: bool
    verdict: str | None = None


@dataclass(frozen=True)
class Facets:
    seasons: list[str]
    studios: list[str]
    genres: list[str]


def browse_rows(store: Store) -> list[BrowseRow]:
    """Every title that a stored page or an imported catalog describes, with what browse
    filters and sorts on: a page's genres, studios and start date, else the catalog's."""
    kinds = ["review", "studio", "genre", "date"]
    by_title: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    with store.session() as s:
        rows = s.execute(
            select(ClaimRow.title_id, ClaimRow.kind, ClaimRow.data).where(
                ClaimRow.kind.in_(kinds), ClaimRow.title_id.is_not(None)
            )
        )
        for title_id, kind, data in rows:
            by_title[int(title_id)][kind].append(data)
        linked = {int(i) for i in s.scalars(select(ClaimRow.title_id).distinct()) if i is not None}
    catalog = catalog_browse_facts(store)
    names = _title_names(store, linked | set(catalog))
    return [
        _browse_row(i, names[i], by_title.get(i, {}), catalog.get(i, {})) for i in sorted(names)
    ]


#: Catalog fields browse reads (the rest stay on the title's catalog page).
BROWSE_CATALOG_FIELDS = ("genres", "studios", "aired", "season", "year")


def catalog_browse_facts(store: Store) -> dict[int, dict[str, Any]]:
    """``{title id: {"genres", "studios", "season"}}`` from every imported catalog."""
    from kansou.store.catalog_schema import CatalogFactRow

    out: dict[int, dict[str, Any]] = defaultdict(lambda: {"genres": set(), "studios": set()})
    years: dict[tuple[int, str], Any] = {}
    with store.session() as s:
        rows = s.execute(
            select(CatalogFactRow.title_id, CatalogFactRow.source, CatalogFactRow.field,
                   CatalogFactRow.value)
            .where(CatalogFactRow.field.in_(BROWSE_CATALOG_FIELDS))
            .order_by(CatalogFactRow.id)
        ).all()  # fmt: skip
    for title_id, source, name, raw in rows:
        value = _json_value(raw)
        entry = out[int(title_id)]
        if name in ("genres", "studios") and isinstance(value, list):
            entry[name].update(str(v) for v in value)
        elif name == "aired" and isinstance(value, str):
            entry.setdefault("season", read_aired(value)["season"])
        elif name == "year":
            years[(int(title_id), source)] = value
        elif name == "season" and isinstance(value, str):
            entry.setdefault("quarter", (source, value))
    for title_id, entry in out.items():
        source, quarter = entry.pop("quarter", (None, None))
        if not entry.get("season") and quarter and years.get((title_id, source)):
            entry["season"] = f"{years[(title_id, source)]}-{quarter}"
    return dict(out)


def _json_value(raw: str) -> Any:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _browse_row(
    title_id: int, name: str, claims: dict[str, list[Any]], catalog: dict[str, Any]
) -> BrowseRow:
    scores = [
        float(d["score"]["normalized"])
        for d in claims.get("review", [])
        if d.get("score") and d["score"].get("normalized") is not None and d.get("episode") is None
    ]
    c = consensus(scores).to_dict() if scores else None
    spellings: dict[str, set[str]] = defaultdict(set)
    for d in claims.get("studio", []):
        if d.get("name"):
            spellings[studio_key(str(d["name"]))].add(str(d["name"]))
    studios = {k: min(v, key=display_preference) for k, v in spellings.items()}
    starts = sorted(
        str(d.get("date"))
        for d in claims.get("date", [])
        if (d.get("reconciled_role") or d.get("role")) in ("start", "release") and d.get("date")
    )
    genres = {str(d["name"]) for d in claims.get("genre", []) if d.get("name")}
    return BrowseRow(
        title_id,
        name,
        (season_of(starts[0]) if starts else None) or catalog.get("season"),
        tuple(sorted(studios.values())) or tuple(sorted(catalog.get("studios", ()))),
        tuple(sorted(genres | set(catalog.get("genres", ())))),
        len(scores),
        c["score"] if c else None,
        c["low"] if c else None,
        c["high"] if c else None,
        c["spread"]["std"] if c else None,
        bool(c and c.get("divisive")),
        band_of(c["score"])[0] if c else None,
    )


def browse(
    rows: list[BrowseRow],
    *,
    season: str | None = None,
    studio: str | None = None,
    genre: str | None = None,
    sort: str = "consensus",
) -> list[BrowseRow]:
    """Filter by season, studio (any spelling) and genre; sort best / most reviewed / most split."""
    if sort not in SORTS:
        from kansou.errors import UserError

        raise UserError(f"unknown sort '{sort}': expected one of {', '.join(SORTS)}")
    out = [r for r in rows if not season or r.season == season]
    if studio:
        out = [r for r in out if studio_key(studio) in {studio_key(s) for s in r.studios}]
    if genre:
        out = [r for r in out if genre.casefold() in {g.casefold() for g in r.genres}]
    keys = {
        "consensus": lambda r: (r.consensus is None, -(r.consensus or 0), r.name),
        "reviews": lambda r: (-r.n_reviews, r.name),
        "divisive": lambda r: (r.spread is None, -(r.spread or 0), r.name),
        "name": lambda r: (r.name.casefold(),),
    }
    return sorted(out, key=keys[sort])


QUARTERS = ("winter", "spring", "summer", "fall")


def season_order(season: str) -> tuple[str, int]:
    """Sort key of "2024-winter": the year, then the quarter (winter first)."""
    year, _, quarter = season.partition("-")
    return year, QUARTERS.index(quarter) if quarter in QUARTERS else -1


def facets(rows: list[BrowseRow]) -> Facets:
    return Facets(
        sorted({r.season for r in rows if r.season}, key=season_order, reverse=True),
        sorted({s for r in rows for s in r.studios}, key=str.casefold),
        sorted({g for r in rows for g in r.genres}, key=str.casefold),
    )


# -- people --------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """One credit of a person: the title, what they did (voice of a character, a staff job)."""

    title_id: int | None
    title: str | None
    credit: str
    role: str | None
    document_id: int
    span: tuple[int, int]


def person_roles(store: Store, person_id: int) -> list[Role]:
    """Every cast and staff claim linked to the person, one per (title, credit, role)."""
    with store.session() as s:
        rows = s.execute(
            select(ClaimRow, TitleRow.name)
            .outerjoin(TitleRow, TitleRow.id == ClaimRow.title_id)
            .where(ClaimRow.person_id == person_id)
            .order_by(TitleRow.name, ClaimRow.id)
        ).all()
    seen: dict[tuple[Any, ...], Role] = {}
    for claim, title in rows:
        role = claim.data.get("character") if claim.kind == "cast" else claim.data.get("role")
        key = (claim.title_id, claim.kind, role)
        seen.setdefault(
            key,
            Role(
                claim.title_id,
                title,
                claim.kind,
                role,
                claim.document_id,
                (claim.span_start, claim.span_end),
            ),
        )
    return list(seen.values())


# -- titles by id and by name ----------------------------------------------------------


def title_by_id(store: Store, title_id: int) -> StoredTitle | None:
    """One title with its aliases and source ids, without reading every title."""
    with store.session() as s:
        row = s.get(TitleRow, title_id)
        if row is None:
            return None
        aliases = s.scalars(select(TitleAliasRow.name).where(TitleAliasRow.title_id == title_id))
        ids = s.execute(
            select(TitleSourceIdRow.site, TitleSourceIdRow.external_id).where(
                TitleSourceIdRow.title_id == title_id
            )
        )
        return StoredTitle(row.id, row.name, tuple(aliases), {site: ext for site, ext in ids})


def title_ids_by_name(store: Store, names: Iterable[str]) -> dict[str, int]:
    """``{name: title id}`` for the names that are a stored title's name or alias (by key)."""
    keys = {title_key(n): n for n in names if n}
    if not keys:
        return {}
    with store.session() as s:
        rows = list(
            s.execute(
                select(TitleAliasRow.key, TitleAliasRow.title_id).where(
                    TitleAliasRow.key.in_(list(keys))
                )
            )
        )
        rows += s.execute(
            select(TitleRow.key, TitleRow.id).where(TitleRow.key.in_(list(keys)))
        ).all()
    return {keys[k]: int(i) for k, i in rows}


def title_ids_by_source(store: Store, site: str, external_ids: Iterable[str]) -> dict[str, int]:
    wanted = [str(e) for e in external_ids]
    if not wanted:
        return {}
    with store.session() as s:
        rows = s.execute(
            select(TitleSourceIdRow.external_id, TitleSourceIdRow.title_id).where(
                TitleSourceIdRow.site == site, TitleSourceIdRow.external_id.in_(wanted)
            )
        )
        return {str(e): int(i) for e, i in rows}


def document_headers(store: Store, ids: Iterable[int] | None = None) -> dict[int, StoredDocument]:
    """Documents' metadata (no raw bytes, no text), by id: what pages need to name sources."""
    columns = (
        DocumentRow.id, DocumentRow.sha256, DocumentRow.source, DocumentRow.url,
        DocumentRow.media_type, DocumentRow.kind, DocumentRow.subject, DocumentRow.n_claims,
        DocumentRow.extractors, DocumentRow.language, DocumentRow.fetched_at,
    )  # fmt: skip
    query = select(*columns).order_by(DocumentRow.id)
    if ids is not None:
        query = query.where(DocumentRow.id.in_(list(ids)))
    with store.session() as s:
        rows = s.execute(query).all()
    return {
        int(r.id): StoredDocument(
            r.id, r.sha256, r.source, r.url, r.media_type, r.kind, r.subject, r.n_claims,
            extractors=tuple(e for e in (r.extractors or "").split(",") if e),
            language=r.language,
            fetched_at=r.fetched_at,
        )
        for r in rows
    }  # fmt: skip


def title_document_ids(store: Store, title_id: int) -> list[int]:
    """Ids of the documents that state something about the title."""
    with store.session() as s:
        return [
            int(i)
            for i in s.scalars(
                select(ClaimRow.document_id).where(ClaimRow.title_id == title_id).distinct()
            )
        ]


def document_bylines(store: Store, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Per document, what names it for a reader: its headlines, and each review's author,
    headline and date (the page's own words; ``aggregate.sources`` composes the name)."""
    wanted = [int(i) for i in ids]
    out: dict[int, dict[str, Any]] = {i: {"headlines": [], "reviews": []} for i in wanted}
    if not wanted:
        return out
    with store.session() as s:
        rows = s.execute(
            select(ClaimRow.document_id, ClaimRow.kind, ClaimRow.data)
            .where(ClaimRow.document_id.in_(wanted), ClaimRow.kind.in_(["headline", "review"]))
            .order_by(ClaimRow.document_id, ClaimRow.seq)
        )
        for document_id, kind, data in rows:
            entry = out[int(document_id)]
            if kind == "headline" and data.get("text"):
                entry["headlines"].append(str(data["text"]))
            elif kind == "review":
                entry["reviews"].append({k: data.get(k) for k in ("author", "headline", "date")})
    return out


def catalog_files(store: Store) -> dict[str, dict[str, Any]]:
    """Imported catalog files by file name (never their directory): format, records, sha256
    and when each was imported; a name imported twice shows its latest import."""
    from pathlib import PurePath

    from kansou.store.catalog_schema import CatalogImportRow

    with store.session() as s:
        rows = s.scalars(select(CatalogImportRow).order_by(CatalogImportRow.id))
        return {
            PurePath(r.path).name: {
                "file": PurePath(r.path).name,
                "format": r.format,
                "records": r.records,
                "sha256": r.sha256,
                "imported_at": r.imported_at.isoformat(timespec="seconds")
                if r.imported_at
                else None,
            }
            for r in rows
        }


@dataclass(frozen=True)
class ReadReview:
    """A review as the home page lists the latest read: its title, score and source."""

    id: int
    title_id: int
    title: str
    document_id: int
    author: str | None
    headline: str | None
    as_written: str | None
    normalized: float | None
    status: str | None


def latest_reviews(store: Store, limit: int = 10) -> list[ReadReview]:
    """The reviews most recently stored (newest claim first) that are linked to a title."""
    with store.session() as s:
        rows = s.execute(
            select(ClaimRow.id, ClaimRow.title_id, TitleRow.name, ClaimRow.document_id,
                   ClaimRow.data)
            .join(TitleRow, TitleRow.id == ClaimRow.title_id)
            .where(ClaimRow.kind == "review")
            .order_by(ClaimRow.id.desc())
            .limit(limit)
        ).all()  # fmt: skip
    out = []
    for claim_id, title_id, name, document_id, data in rows:
        score = data.get("score") or {}
        out.append(
            ReadReview(
                int(claim_id), int(title_id), str(name), int(document_id), data.get("author"),
                data.get("headline"), score.get("as_written"), score.get("normalized"),
                data.get("status"),
            )
        )  # fmt: skip
    return out
