"""The ``kansou sync`` command: every service's answers about one title, then its scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register_commands(app: typer.Typer) -> None:
    app.command("sync")(sync_command)


def sync_command(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(help="A title's name or alias (its ids come from the catalog).")
    ],
    services: Annotated[
        str | None,
        typer.Option(help="Only these services, comma-separated: anilist,jikan,mal,kitsu,anidb."),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow service addresses on private and loopback networks.")
    ] = False,
    offline: Annotated[
        bool, typer.Option(help="Read answers from the response cache only, never the network.")
    ] = False,
    refresh: Annotated[
        bool, typer.Option(help="Ask the services again even when the cache holds a fresh answer.")
    ] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="Where answers are cached.")] = None,
) -> None:
    """Fetch a title from every service whose id the catalog knows, and show their scores."""
    from kansou.aggregate.reception import title_reception
    from kansou.cli import console, err_console, store_from
    from kansou.cli_render import render_ingest_summary, render_service_scores
    from kansou.load import FetchOptions
    from kansou.sync import sync_title

    store = store_from(ctx)
    fetch = FetchOptions(
        cache_dir=cache_dir, allow_private=allow_private, offline=offline, refresh=refresh
    )
    chosen = [s.strip() for s in services.split(",") if s.strip()] if services else None
    result = sync_title(store, title, fetch, services=chosen)
    err_console.print(
        f"{result.title.name}: asked {', '.join(str(r) for r in result.refs)}", markup=False
    )
    render_ingest_summary(console, result.report)
    for skipped in result.skipped:
        typer.echo(f"skipped: {skipped.service}: {skipped.reason}", err=True)
    for outcome in result.report.rejected:
        typer.echo(f"rejected: {outcome.source}: {outcome.reason}", err=True)
    refreshed = store.find_titles(result.title.name)
    target = next((t for t in refreshed if t.id == result.title.id), result.title)
    documents = {d.id: d for d in store.documents()}
    render_service_scores(console, title_reception(store, target, documents))
    if result.report.rejected:
        raise typer.Exit(1)
