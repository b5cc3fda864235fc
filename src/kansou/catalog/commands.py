"""CLI commands of the catalog: ``catalog import``, ``resolve`` and ``review-matches``.

Thin: each opens the store named by ``ctx.obj["db"]``, makes library calls
and renders. ``catalog import`` writes each file in its own transaction (a bad
file stops the command with its file, line and field named; files before it
stay imported, complete) and then re-links everything ingested so far.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from kansou.errors import UserError

if TYPE_CHECKING:  # the stages are imported when a command runs: `kansou --help` needs none
    from kansou.catalog.link import Relinked
    from kansou.catalog.merge import ImportReport
    from kansou.resolve.titles import Resolution

#: Conflicting facts listed after an import (all are counted, in ``conflicts_total``).
CONFLICTS_SHOWN = 5


def register_commands(app: typer.Typer) -> None:
    """Add ``catalog import``, ``resolve`` and ``review-matches`` to ``app``."""
    catalog_app = typer.Typer(help="Import open anime catalogs (MAL, AniDB, manami, mappings).")
    catalog_app.command("import")(catalog_import)
    app.add_typer(catalog_app, name="catalog")
    app.command("resolve")(resolve)
    app.command("review-matches")(review_matches)


def _db(ctx: typer.Context) -> str | None:
    obj = ctx.obj if isinstance(ctx.obj, dict) else {}
    db = obj.get("db")
    return str(db) if db else None


def catalog_import(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="Catalog files (.gz accepted)."),
    format: str | None = typer.Option(
        None,
        "--format",
        help="Format name instead of detection: mal-csv, cooperunion-csv, "
        "anime-lists, anidb-titles, manami-json, manami-jsonl.",
    ),
) -> None:
    """Import catalog files; each merges into one title per anime, keeping every source id."""
    from kansou.catalog.link import relink_with_catalog
    from kansou.store import open_store

    console = Console()
    store = open_store(_db(ctx))
    try:
        for path in files:
            if not path.is_file():
                raise UserError(f"no such catalog file '{path}'")
            _print_report(console, _import_one(store, path, format))
        with console.status("re-linking the stored documents to the catalog"):
            report = relink_with_catalog(store)
    finally:
        store.close()
    for item in report.linked:
        console.print(_linked_line(item))
    console.print(
        f"re-linked {len(report.linked)} document title(s); {report.queued} queued for "
        f"review; merged {report.people_merged} people and {report.characters_merged} "
        "character spellings"
    )


def _import_one(store: Any, path: Path, format_name: str | None) -> ImportReport:
    """Import one file under a progress bar: bytes of the file read (as stored, so
    compressed for ``.gz``) against its size, and the records written so far."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from kansou.catalog.merge import import_catalog

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task(f"importing {path.name}", total=None, records=0)

        def advance(records: int, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, records=records)

        with store.session() as s:
            return import_catalog(s, path, format_name, advance)


def _print_report(console: Console, r: ImportReport) -> None:
    if r.unchanged:
        console.print(f"{r.path}: already imported, nothing changed")
        return
    console.print(
        f"{r.path} ({r.format}): {r.records} records, {r.titles_created} new titles, "
        f"{r.titles_joined} joined, {r.aliases_added} aliases, {r.facts_written} facts, "
        f"{r.titles_merged} titles merged, {r.conflicts_total} conflicting facts kept with "
        "both sources",
        markup=False,
    )
    for line in r.conflicts[:CONFLICTS_SHOWN]:
        console.print(f"  conflict: {line}", markup=False)


def _linked_line(item: Relinked) -> str:
    return (
        f"linked '{item.name}' to title {item.title_id} '{item.catalog_name}' "
        f"({item.strength}, distance {item.distance:.3f})"
    )


def resolve(
    ctx: typer.Context,
    names: list[str] = typer.Argument(..., help="Titles as some page writes them."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    year: int | None = typer.Option(None, "--year", help="Hint: the year it started."),
    media_type: str | None = typer.Option(None, "--type", help="Hint: TV, Movie, OVA, ONA..."),
    episodes: int | None = typer.Option(None, "--episodes", help="Hint: episode count."),
) -> None:
    """Resolve each name to a catalog title: best match, strength, distance and evidence."""
    from sqlalchemy import select

    from kansou.catalog.link import cached_catalog, resolve_name
    from kansou.resolve.titles import Hints
    from kansou.store import open_store
    from kansou.store.schema import TitleRow

    store = open_store(_db(ctx))
    try:
        with store.session() as s:
            if s.scalar(select(TitleRow.id).limit(1)) is None:
                raise UserError(
                    "no titles to resolve against: import a catalog first "
                    "(kansou catalog import FILE)"
                )
            with Console(stderr=True).status("building the index of every catalog name"):
                catalog = cached_catalog(s)
            hints = Hints(year, media_type, episodes)
            results = []
            for name in names:
                res = resolve_name(s, catalog, name, hints)
                ids = catalog.source_ids(s, res.match.title_id) if res.match else {}
                results.append(_resolution_dict(res, ids))
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        _print_resolutions(results)


def _resolution_dict(res: Resolution, source_ids: dict[str, str]) -> dict[str, Any]:
    m = res.match
    return {
        "query": res.query,
        "match": None
        if m is None
        else {"id": m.title_id, "name": m.name, "source_ids": source_ids},
        "strength": str(res.strength),
        "distance": None if m is None else round(m.distance, 4),
        "matched_name": None if m is None else m.matched_name,
        "evidence": [] if m is None else list(m.evidence),
    }


def _print_resolutions(results: list[dict[str, Any]]) -> None:
    console = Console()
    for r in results:
        m = r["match"]
        if m is None:
            console.print(f"{r['query']}: no match", markup=False)
            continue
        ids = ", ".join(f"{k} {v}" for k, v in m["source_ids"].items()) or "no source ids"
        console.print(
            f"{r['query']} -> {m['name']} (title {m['id']}; {ids}): {r['strength']}, "
            f"distance {r['distance']:.3f}",
            markup=False,
        )
        for line in r["evidence"]:
            console.print(f"    {line}", markup=False)


def review_matches(
    ctx: typer.Context,
    confirm: list[int] = typer.Option([], "--confirm", help="Confirm the match with this id."),
    reject: list[int] = typer.Option([], "--reject", help="Reject the match with this id."),
    show_all: bool = typer.Option(False, "--all", help="Also list decided matches."),
) -> None:
    """List weak matches awaiting review; confirm or reject them (decisions are remembered)."""
    from kansou.catalog.link import decide
    from kansou.store import open_store

    store = open_store(_db(ctx))
    console = Console()
    try:
        with store.session() as s:
            for ident, status in [(i, "confirmed") for i in confirm] + [
                (i, "rejected") for i in reject
            ]:
                row = decide(s, ident, status)
                if row is None:
                    raise UserError(
                        f"no match awaiting review with id {ident}: "
                        "run kansou review-matches to list them"
                    )
                console.print(f"match {ident} '{row.query}' {status}", markup=False)
            _print_queue(s, console, show_all)
    finally:
        store.close()


def _print_queue(s: Any, console: Console, show_all: bool) -> None:
    from rich.table import Table
    from sqlalchemy import select

    from kansou.store.catalog_schema import MatchDecisionRow
    from kansou.store.schema import TitleRow

    q = (
        select(MatchDecisionRow, TitleRow.name)
        .join(TitleRow, TitleRow.id == MatchDecisionRow.title_id)
        .order_by(MatchDecisionRow.id)
    )
    if not show_all:
        q = q.where(MatchDecisionRow.status == "pending")
    rows = s.execute(q).all()
    if not rows:
        console.print("no matches awaiting review")
        return
    table = Table("id", "query", "candidate", "strength", "distance", "status", "evidence")
    for row, title_name in rows:
        evidence = "; ".join(json.loads(row.evidence or "[]")[:3])
        table.add_row(
            str(row.id),
            row.query,
            f"{title_name} (title {row.title_id})",
            row.strength,
            f"{row.distance:.3f}",
            row.status,
            evidence,
        )
    console.print(table)
