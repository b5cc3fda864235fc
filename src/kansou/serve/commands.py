"""CLI commands of the serve stage: ``kansou serve`` and ``kansou export csv|parquet DIR``.

The lead's CLI calls ``register_commands(app)`` and
``register_export_commands(export_app)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kansou.serve import TOKEN_ENV


def register_commands(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        token_env: Annotated[
            str, typer.Option(help="Environment variable holding the API token for writes.")
        ] = TOKEN_ENV,
    ) -> None:
        """Serve the web UI and the JSON API (writes need a bearer token from TOKEN_ENV)."""
        from kansou.serve import run_server

        db = ctx.obj.get("db") if ctx.obj else None
        typer.echo(f"Serving on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
        run_server(db, host, port, token_env=token_env)


def register_export_commands(export_app: typer.Typer) -> None:
    def export(ctx: typer.Context, directory: Path, fmt: str) -> None:
        from kansou.serve.tables import write_tables
        from kansou.store import open_store

        store = open_store(ctx.obj.get("db") if ctx.obj else None)
        counts = write_tables(store, directory, fmt)
        for name, n in counts.items():
            typer.echo(f"{directory / f'{name}.{fmt}'}\t{n} rows")

    @export_app.command("csv")
    def export_csv(
        ctx: typer.Context,
        directory: Annotated[Path, typer.Argument(help="Directory to write the CSV files into.")],
    ) -> None:
        """Write one CSV file per table (titles, reviews, scores, spans ...) into DIRECTORY."""
        export(ctx, directory, "csv")

    @export_app.command("parquet")
    def export_parquet(
        ctx: typer.Context,
        directory: Annotated[Path, typer.Argument(help="Directory to write Parquet files into.")],
    ) -> None:
        """Write one Parquet file per table (titles, reviews, scores, spans ...) into DIRECTORY."""
        export(ctx, directory, "parquet")
