"""``kansou backup``, ``kansou restore`` and ``kansou import json``: thin commands over
``kansou.backup``. ``register_commands(app)`` adds them to the CLI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kansou.errors import UserError

if TYPE_CHECKING:
    from kansou.store import Store


def _store(ctx: typer.Context) -> Store:
    from kansou.store import open_store

    return open_store(ctx.obj.get("db") if ctx.obj else None)


def backup_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A new file to write the backup to.")],
) -> None:
    """Copy the database to PATH while it stays in use (SQLite online backup)."""
    from kansou.backup import backup

    store = _store(ctx)
    try:
        written = backup(store, path)
    finally:
        store.close()
    typer.echo(f"backed up to {written} ({written.stat().st_size:,} bytes)")


def restore_command(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A backup written by 'kansou backup'.")],
) -> None:
    """Replace the database with a backup, keeping the current one as <db>.bak."""
    from kansou.backup import restore

    store = _store(ctx)
    try:
        kept = restore(store, path)
    finally:
        store.close()
    _store(ctx).close()  # reopening migrates a backup made by an older kansou
    typer.echo(f"restored from {path}" + (f"; previous database kept as {kept}" if kept else ""))


def import_json_command(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="A file from 'kansou export json --full' ('-': stdin).")
    ],
) -> None:
    """Rebuild an empty database from a full JSON export, ids and raw documents included."""
    from kansou.backup import import_archive

    data = _read_json(file)
    store = _store(ctx)
    try:
        counts = import_archive(store, data)
    finally:
        store.close()
    summary = ", ".join(f"{n:,} {table}" for table, n in counts.items() if n)
    typer.echo(f"imported {summary or 'nothing'}")


def _read_json(file: str) -> Any:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read '{file}': {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"'{file}' is not UTF-8 text: expected a JSON export") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"'{file}' is not JSON ({exc.msg} at line {exc.lineno})") from exc


def register_commands(app: typer.Typer) -> None:
    """Add ``backup``, ``restore`` and the ``import`` group with ``import json``."""
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    import_app = typer.Typer(help="Import into the store.", no_args_is_help=True)
    import_app.command("json")(import_json_command)
    app.add_typer(import_app, name="import")
