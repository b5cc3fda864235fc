"""CLI commands of the serve stage: ``kansou serve`` and ``kansou export csv|parquet DIR``.

The lead's CLI calls ``register_commands(app)`` and
``register_export_commands(export_app)``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from kansou.load.files import MAX_DOCUMENT_BYTES
from kansou.serve import TOKEN_ENV
from kansou.serve.settings import DEFAULT_CACHE_BYTES, MB, ServeLimits, ServerLimits

SERVER = ServerLimits()


def register_commands(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        token_env: Annotated[
            str, typer.Option(help="Environment variable holding the API token for writes.")
        ] = TOKEN_ENV,
        max_body_mb: Annotated[
            float,
            typer.Option(min=0.001, help="Largest document upload (POST /api/v1/documents), MB."),
        ] = MAX_DOCUMENT_BYTES / MB,
        cache_mb: Annotated[
            float, typer.Option(min=0, help="Memory for cached answers, MB.")
        ] = DEFAULT_CACHE_BYTES / MB,
        header_timeout: Annotated[
            float,
            typer.Option(min=0.1, help="Seconds a connection has to send a complete request head."),
        ] = SERVER.header_timeout_s,
        body_timeout: Annotated[
            float, typer.Option(min=0.1, help="Seconds a request has to send its body.")
        ] = SERVER.body_timeout_s,
        max_connections: Annotated[
            int, typer.Option(min=1, help="Connections open at once, in all.")
        ] = SERVER.max_connections,
        max_connections_per_client: Annotated[
            int,
            typer.Option(
                min=0, help="Connections open at once from one address (0: no cap; for a proxy)."
            ),
        ] = SERVER.max_connections_per_client,
    ) -> None:
        """Serve the web UI and the JSON API (writes need a bearer token from TOKEN_ENV)."""
        from kansou.serve import run_server

        limits = ServeLimits(
            document_body_bytes=int(max_body_mb * MB), cache_bytes=int(cache_mb * MB)
        )
        server_limits = replace(
            SERVER,
            header_timeout_s=header_timeout,
            body_timeout_s=body_timeout,
            max_connections=max_connections,
            max_connections_per_client=max_connections_per_client,
        )
        db = ctx.obj.get("db") if ctx.obj else None
        typer.echo(f"Serving on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
        run_server(db, host, port, token_env=token_env, limits=limits, server_limits=server_limits)


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
