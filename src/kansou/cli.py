"""The command line: thin commands that open the store, make one library call, and render.

Every user mistake is a ``UserError``, printed once as ``error: ...`` with exit
status 1 by ``main``; nothing else in the CLI prints errors.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from kansou import __version__
from kansou.errors import UserError

if TYPE_CHECKING:  # the CLI imports its stages lazily so `kansou --help` stays instant
    from kansou.load import FetchOptions
    from kansou.pipeline import IngestReport
    from kansou.store import Store


class KansouGroup(TyperGroup):
    """The one place CLI errors are caught: a command's ``UserError`` is printed as
    ``error: <message>`` on stderr and the command exits with status 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=KansouGroup,
    help="kansou: what the web says about an anime, every score traced to its sentence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export the store.", no_args_is_help=True)
app.add_typer(export_app, name="export")

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="KANSOU_DB",
        help="Database: a SQLite file path or a postgresql:// URL "
        "[default: kansou.sqlite in the user data directory].",
    ),
]


def _version(value: bool) -> None:
    if value:
        console.print(f"kansou {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = {"db": db}


def store_from(ctx: typer.Context) -> Store:
    from kansou.store import open_store

    return open_store(ctx.obj.get("db") if ctx.obj else None)


#: The URL options that ``ingest`` and ``inspect`` share.
AllowPrivate = Annotated[
    bool, typer.Option(help="Allow URLs on private, loopback and link-local addresses.")
]
Offline = Annotated[
    bool, typer.Option(help="Read URLs from the response cache only, never the network.")
]


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, WARC files or URLs.")],
    allow_private: AllowPrivate = False,
    offline: Offline = False,
    cache_dir: Annotated[
        Path | None, typer.Option(help="Where fetched responses are cached.")
    ] = None,
    refresh: Annotated[
        bool, typer.Option(help="Fetch URLs again even when they are in the cache.")
    ] = False,
    rate_limit: Annotated[
        float, typer.Option(help="Requests per second to one host (robots.txt may ask for less).")
    ] = 1.0,
    workers: Annotated[
        int | None,
        typer.Option(help="Ingest on a local Dask cluster of this many worker processes."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Ingest on the Dask cluster of this scheduler, e.g. tcp://HOST:8786."),
    ] = None,
) -> None:
    """Read documents, extract every fact with its source text, and store them."""
    from kansou.cli_render import render_ingest_summary
    from kansou.load import FetchOptions

    fetch = FetchOptions(
        cache_dir=cache_dir,
        allow_private=allow_private,
        offline=offline,
        refresh=refresh,
        rate_limit_per_host=rate_limit,
    )
    if workers is not None or scheduler is not None:
        from kansou.distributed_commands import run_distributed_ingest

        db = ctx.obj.get("db") if ctx.obj else None
        report = run_distributed_ingest(
            db, inputs, fetch, workers=workers, scheduler=scheduler, console=err_console
        )
    else:
        report = run_ingest(store_from(ctx), inputs, fetch)
    render_ingest_summary(console, report)
    for outcome in report.outcomes:
        for reason in outcome.dropped:
            typer.echo(f"dropped: {outcome.source}: {reason}", err=True)
    for outcome in report.rejected:
        typer.echo(f"rejected: {outcome.source}: {outcome.reason}", err=True)
    if report.rejected:
        raise typer.Exit(1)


def run_ingest(store: Store, inputs: list[str], fetch: FetchOptions) -> IngestReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kansou.pipeline import ingest

    total = count_local_inputs(inputs)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", total=total)
        return ingest(inputs, store, fetch=fetch, on_outcome=lambda _o: progress.advance(task))


def count_local_inputs(inputs: list[str]) -> int | None:
    """How many documents the local inputs hold (None when URLs or archives make it unknown)."""
    from kansou.load import is_service_source

    n = 0
    for value in inputs:
        path = Path(value)
        if "://" in value or path.name.lower().endswith((".warc", ".warc.gz")):
            return None
        if is_service_source(value):  # one source, several answers (Jikan asks six endpoints)
            return None
        if path.is_dir():
            n += sum(1 for p in path.rglob("*") if p.is_file())
        else:
            n += 1
    return n


@app.command("inspect")
def inspect_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, WARC files or URLs.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    allow_private: AllowPrivate = False,
    offline: Offline = False,
) -> None:
    """Show how each page is read, storing nothing: kind, language, subjects, every score."""
    import json

    from kansou.cli_render import render_inspection
    from kansou.load import FetchOptions, iter_inputs
    from kansou.pipeline import inspect

    fetch = FetchOptions(allow_private=allow_private, offline=offline)
    readings = [inspect(item) for item in iter_inputs(inputs, fetch)]
    if as_json:
        sys.stdout.write(json.dumps(readings, ensure_ascii=False, indent=2) + "\n")
        return
    for reading in readings:
        render_inspection(console, reading)


@app.command("show")
def show_command(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="A title's name or alias.")],
) -> None:
    """Print the reception card of one title."""
    from kansou.aggregate.reception import title_reception
    from kansou.cli_render import render_card
    from kansou.store.queries import document_headers

    store = store_from(ctx)
    found = store.find_titles(title)
    if not found:
        raise UserError(no_title_message(ctx, store, title))
    with working("computing the reception"):
        reception = title_reception(store, found[0], document_headers(store))
    render_card(console, reception, {})


def no_title_message(ctx: typer.Context, store: Store, title: str) -> str:
    """Why nothing matched, and where the title may be: the demo's own database when the
    default one is empty and the demo has run (``kansou demo`` keeps its own database)."""
    from kansou.demo import demo_database

    known = ", ".join(t.name for t in store.titles_with_claims()[:8])
    message = f"no title matches '{title}'"
    if known:
        return f"{message} (known titles: {known})"
    url = store.engine.url
    where = url.database if url.get_backend_name() == "sqlite" else url.render_as_string()
    message += f" in {where}: it holds none yet"
    demo = demo_database()
    if not (ctx.obj or {}).get("db") and demo.exists():
        message += f"; the demo wrote {demo}: {demo_line('show', title)}"
    return message


def demo_line(*args: str) -> str:
    """A command line on the demo's database, ready to copy."""
    import shlex

    from kansou.demo import demo_database

    return shlex.join(["kansou", "--db", str(demo_database()), *args])


@contextmanager
def working(what: str) -> Iterator[None]:
    """A spinner on stderr naming a step that may take seconds (none when not a terminal)."""
    if not err_console.is_terminal:
        yield
        return
    with err_console.status(what):
        yield


@export_app.command("json")
def export_json_command(
    ctx: typer.Context,
    include_text: Annotated[
        bool, typer.Option(help="Add each document's stored text (what spans index into).")
    ] = False,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Add every table's rows and raw documents, for 'kansou import json'."
        ),
    ] = False,
) -> None:
    """Write the whole store as one JSON object to stdout."""
    from kansou.aggregate.export import export_json

    if full:
        import json

        from kansou.backup import export_archive

        archive = export_archive(store_from(ctx))
        sys.stdout.write(json.dumps(archive, ensure_ascii=False, indent=2) + "\n")
        return

    sys.stdout.write(export_json(store_from(ctx), include_text=include_text) + "\n")


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    keep: Annotated[
        bool, typer.Option(help="Keep the demo database of an earlier run (it starts afresh).")
    ] = False,
    serve: Annotated[bool, typer.Option(help="Serve the web UI on the demo database.")] = True,
    port: Annotated[int, typer.Option(help="Port of the web UI.")] = 8000,
) -> None:
    """Ingest the bundled sample documents into a fresh database and show the result."""
    from kansou.cli_render import render_card, render_ingest_summary
    from kansou.demo import demo_database, demo_inputs, demo_title, import_demo_catalog
    from kansou.load import FetchOptions
    from kansou.store import open_store

    db = ctx.obj.get("db") if ctx.obj else None
    target = db or str(demo_database())
    if not db and not keep:  # only the demo's own database is started afresh, never a user's
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    store = open_store(target)
    report = run_ingest(store, demo_inputs(), FetchOptions())
    with working("importing the bundled catalog slice"):
        import_demo_catalog(store)
    render_ingest_summary(console, report)
    found = store.find_titles(demo_title())
    if found:
        from kansou.aggregate.reception import title_reception
        from kansou.store.queries import document_headers

        with working("computing the reception"):
            reception = title_reception(store, found[0], document_headers(store))
        render_card(console, reception, {})
    print_demo_next_steps(target, explicit=bool(db))
    if serve:
        serve_store(target, "127.0.0.1", port)


def print_demo_next_steps(target: str, *, explicit: bool) -> None:
    """Which database the demo wrote, and the exact commands that use it."""
    import shlex

    from kansou.demo import demo_title

    title = demo_title()
    console.print(f"\nThe demo wrote its own database: {target}", markup=False, highlight=False)
    console.print("Use it from the command line (or set KANSOU_DB to it):", markup=False)
    for args in (["show", title], ["recommend", "Cowboy Bebop", "Trigun"], ["serve"]):
        line = shlex.join(["kansou", "--db", target, *args])
        console.print(f"    {line}", markup=False, highlight=False)
    if not explicit:
        console.print(
            "Other commands use your own database until then; kansou demo starts its own afresh.",
            markup=False,
            soft_wrap=True,
        )


def serve_store(db: str, host: str, port: int) -> None:
    """Serve the web UI and API on ``db``, when the web UI is installed."""
    try:
        from kansou.serve import run_server
    except ModuleNotFoundError:
        console.print("(the web UI is not available in this build)")
        return
    console.print(f"Serving on http://{host}:{port}/  (Ctrl+C to stop)")
    run_server(db, host, port)


#: Modules that add commands with ``register_commands(app)``; each is one capability.
COMMAND_MODULES = (
    "kansou.catalog.commands",
    "kansou.ratings.commands",
    "kansou.recommend.commands",
    "kansou.serve.commands",
    "kansou.distributed_commands",
    "kansou.backup_commands",
    "kansou.sync_commands",
)


def _register_command_modules() -> None:
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and name.startswith(exc.name):
                continue  # that capability is not part of this build
            raise
        module.register_commands(app)
        if hasattr(module, "register_export_commands"):
            module.register_export_commands(export_app)


_register_command_modules()


def main() -> None:
    """Entry point of the ``kansou`` command."""
    app()
