"""``kansou export csv|parquet DIR``: the store as one flat table per entity.

Tables (and their files ``DIR/<table>.csv`` or ``.parquet``): titles,
aliases, reviews, scores, episodes, aspects, cast, people, documents, spans.
They are built from the same reception data as the JSON export, so every
row of ``scores`` and ``spans`` points back to its document and offsets.
Column names are fixed per table (``COLUMNS``) so an empty table still has
its header. File names are fixed: nothing from the data can pick a path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from kansou.aggregate.export import export_data
from kansou.errors import UserError
from kansou.store import Store

COLUMNS: dict[str, tuple[str, ...]] = {
    "titles": (
        "id",
        "name",
        "type",
        "episodes",
        "episode_minutes",
        "status",
        "start_date",
        "end_date",
        "studios",
        "genres",
        "consensus",
        "consensus_low",
        "consensus_high",
        "n_reviews",
        "n_documents",
    ),
    "aliases": ("title_id", "name"),
    "reviews": (
        "id",
        "title_id",
        "document_id",
        "author",
        "headline",
        "status",
        "score_as_written",
        "score_0_100",
        "date",
        "episodes_seen",
        "span_start",
        "span_end",
        "text",
    ),
    "scores": (
        "kind",
        "claim_or_row",
        "title_id",
        "document_id",
        "value",
        "scale_max",
        "score_0_100",
        "as_written",
    ),
    "episodes": (
        "title_id",
        "number",
        "title",
        "aired",
        "document_id",
        "score_as_written",
        "score_0_100",
    ),
    "aspects": ("review_id", "title_id", "aspect", "value", "scale_max", "score_0_100", "origin"),
    "cast": ("title_id", "character", "actor", "person_id", "role", "language"),
    "people": ("id", "name"),
    "documents": ("id", "source", "url", "kind", "subject", "sha256", "n_claims"),
    "spans": ("claim_id", "document_id", "kind", "start", "end", "title_id", "person_id", "text"),
}
FORMATS = ("csv", "parquet")


def export_tables(store: Store) -> dict[str, list[dict[str, Any]]]:
    data = export_data(store)
    titles = data["titles"]
    return {
        "titles": [_title_row(t) for t in titles],
        "aliases": [{"title_id": t["id"], "name": a} for t in titles for a in t["aliases"]],
        "reviews": [_review_row(r) for r in data["reviews"]],
        "scores": list(_score_rows(titles, data["reviews"])),
        "episodes": list(_episode_rows(titles)),
        "aspects": list(_aspect_rows(data["reviews"])),
        "cast": [
            {"title_id": t["id"], **{k: c.get(k) for k in COLUMNS["cast"][1:]}}
            for t in titles
            for c in t["cast"]
        ],
        "people": data["people"],
        "documents": data["documents"],
        "spans": list(_span_rows(store)),
    }


def _episode_rows(titles: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per episode and score (an episode no source scored still gets one row)."""
    for t in titles:
        for e in t["episodes_list"]:
            for s in e["scores"] or [{}]:
                yield {
                    "title_id": t["id"], "number": e["number"], "title": e["title"],
                    "aired": e["aired"], "document_id": s.get("document"),
                    "score_as_written": s.get("as_written"), "score_0_100": s.get("normalized"),
                }  # fmt: skip


def _aspect_rows(reviews: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in reviews:
        for name, a in (r.get("aspects") or {}).items():
            yield {
                "review_id": r["id"], "title_id": r["title_id"], "aspect": name,
                "value": a.get("value"), "scale_max": a.get("scale_max"),
                "score_0_100": a.get("normalized"), "origin": a.get("origin"),
            }  # fmt: skip


def _title_row(t: dict[str, Any]) -> dict[str, Any]:
    c = t["consensus"]
    return {
        **{k: t.get(k) for k in COLUMNS["titles"][:8]},
        "studios": "; ".join(t["studios"]),
        "genres": "; ".join(t["genres"]),
        "consensus": c["score"] if c["n"] else None,
        "consensus_low": c["low"] if c["n"] else None,
        "consensus_high": c["high"] if c["n"] else None,
        "n_reviews": c["n"],
        "n_documents": t["n_documents"],
    }


def _review_row(r: dict[str, Any]) -> dict[str, Any]:
    score = r.get("score") or {}
    return {
        "id": r["id"],
        "title_id": r["title_id"],
        "document_id": r["document"],
        "author": r["author"],
        "headline": r["headline"],
        "status": r["status"],
        "score_as_written": score.get("as_written"),
        "score_0_100": score.get("normalized"),
        "date": r["date"],
        "episodes_seen": r["episodes_seen"],
        "span_start": r["span"][0],
        "span_end": r["span"][1],
        "text": r["text"],
    }


def _score_rows(titles: list[dict[str, Any]], reviews: list[dict[str, Any]]) -> Iterator[dict]:
    """Every score kansou holds, on its own scale and on 0-100, with where it was read."""
    for r in reviews:
        if r.get("score"):
            yield _score("review", r["id"], r["title_id"], r["document"], r["score"])
    for t in titles:
        for s in t["site_scores"]:
            yield _score("site_score", None, t["id"], s["document"], s)
        for e in t["episodes_list"]:
            for s in e["scores"]:
                yield _score("episode", e["number"], t["id"], s.get("document"), s)


def _score(kind: str, ref: Any, title_id: Any, doc: Any, s: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": kind,
        "claim_or_row": ref,
        "title_id": title_id,
        "document_id": doc,
        "value": s.get("value"),
        "scale_max": s.get("scale_max"),
        "score_0_100": s.get("normalized"),
        "as_written": s.get("as_written"),
    }


def _span_rows(store: Store) -> Iterator[dict[str, Any]]:
    for doc in store.documents():
        text = store.document_text(doc.id) or ""
        for c in store.claims(document_id=doc.id):
            yield {
                "claim_id": c.id,
                "document_id": doc.id,
                "kind": c.kind,
                "start": c.span[0],
                "end": c.span[1],
                "title_id": c.title_id,
                "person_id": c.person_id,
                "text": text[c.span[0] : c.span[1]],
            }


def to_arrow(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    columns = COLUMNS[name]
    return pa.table({col: pa.array([row.get(col) for row in rows]) for col in columns})


def write_tables(store: Store, directory: Path, fmt: str) -> dict[str, int]:
    """Write one file per table into ``directory`` (created); return rows per table."""
    if fmt not in FORMATS:
        raise UserError(f"unknown export format '{fmt}': expected csv or parquet")
    if directory.exists() and not directory.is_dir():
        raise UserError(f"cannot export into '{directory}': it is a file, expected a directory")
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, rows in export_tables(store).items():
        table = to_arrow(name, rows)
        target = directory / f"{name}.{fmt}"
        if fmt == "csv":
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, target)
        else:
            import pyarrow.parquet as pq

            pq.write_table(table, target)
        counts[name] = table.num_rows
    return counts
