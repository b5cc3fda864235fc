"""``kansou ratings import`` and ``kansou ratings stats``: thin commands over ``kansou.ratings``.

``register_commands(app)`` adds the ``ratings`` group to the CLI.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # imported lazily so `kansou --help` stays instant
    from kansou.ratings.stats import TitleRatingStats
    from kansou.ratings.store import RatingsStore

ratings_app = typer.Typer(
    help="User rating tables: import and per-title statistics.", no_args_is_help=True
)


def _ratings_store(ctx: typer.Context) -> RatingsStore:
    from kansou.ratings.store import RatingsStore
    from kansou.store import database_url

    return RatingsStore.for_database(database_url(ctx.obj.get("db") if ctx.obj else None))


@ratings_app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="CSV rating tables (.csv or .csv.gz).")],
    fmt: Annotated[
        str,
        typer.Option("--format", help="auto, ratings, animelist or ratings-noheader."),
    ] = "auto",
) -> None:
    """Stream rating tables into the ratings store; a file imported before adds nothing."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from kansou.ratings.formats import parse_format

    chosen = parse_format(fmt)
    store = _ratings_store(ctx)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=False) as progress:
        for path in files:
            task = progress.add_task(path.name, total=None)
            table = store.import_file(path, chosen, partial(progress.advance, task))
            progress.update(task, total=table.rows, completed=table.rows)
            verb = "imported" if table.added else "already imported"
            progress.console.print(
                f"{verb} {path.name}: {table.rows:,} rows ({table.scored:,} scored) "
                f"as {table.format}, sha256 {table.sha256[:12]}"
            )
    typer.echo(f"ratings store: {store.directory}")


@ratings_app.command("stats")
def stats_command(
    ctx: typer.Context,
    title_id: Annotated[int, typer.Argument(help="The title's MAL id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How a title's audience rated it: count, mean, spread, histogram, completion and drops."""
    from kansou.ratings.stats import title_stats

    stats = title_stats(_ratings_store(ctx), title_id)
    name = _title_name(ctx, title_id)
    if as_json:
        typer.echo(json.dumps({**stats.to_dict(), "name": name}, indent=2, ensure_ascii=False))
        return
    _print_stats(stats, name)


def _title_name(ctx: typer.Context, mal_id: int) -> str | None:
    """The name the database gives the title with this MyAnimeList id (from a catalog or
    a page), or None when it holds no such title."""
    from kansou.store import open_store
    from kansou.store.queries import title_by_id, title_ids_by_source

    store = open_store(ctx.obj.get("db") if ctx.obj else None)
    found = title_ids_by_source(store, "myanimelist", [str(mal_id)]).get(str(mal_id))
    title = title_by_id(store, found) if found is not None else None
    return title.name if title else None


def _print_stats(stats: TitleRatingStats, name: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}%"

    mean = "-" if stats.mean is None else f"{stats.mean:.2f}"
    std = "-" if stats.std is None else f"{stats.std:.2f}"
    named = f"{name} (MyAnimeList {stats.anime_id})" if name else f"MyAnimeList {stats.anime_id}"
    table = Table(title=f"Ratings of {named}", show_header=False)
    table.add_row("entries", f"{stats.entries:,}")
    table.add_row("scored", f"{stats.count:,}")
    table.add_row("mean", mean)
    table.add_row("std", std)
    table.add_row("completed", pct(stats.completion_rate))
    table.add_row("dropped", pct(stats.drop_rate))
    peak = max(stats.histogram) or 1
    for score, n in zip(range(10, 0, -1), reversed(stats.histogram), strict=True):
        table.add_row(f"{score:>2}", f"{'█' * round(30 * n / peak)} {n:,}")
    Console().print(table)


def export_stats_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="File to write: .parquet or .csv.")],
) -> None:
    """Write per-title rating statistics (one row per title) as Parquet or CSV."""
    from kansou.ratings.stats import export_stats

    rows = export_stats(_ratings_store(ctx), out)
    typer.echo(f"wrote {rows:,} titles to {out}")


def register_export_commands(export_app: typer.Typer) -> None:
    """Add ``kansou export ratings-stats`` to the export group."""
    export_app.command("ratings-stats")(export_stats_command)


def register_commands(app: typer.Typer) -> None:
    """Add ``kansou ratings ...`` to ``app``."""
    app.add_typer(ratings_app, name="ratings")
