"""CLI for distributed ingestion: ``kansou worker`` and the progress of ``kansou ingest --workers``.

``kansou worker tcp://HOST:8786`` starts Dask workers (``dask worker`` with
one thread per process, as kansou's stages are pure Python) that preload
kansou's pipeline, so the first task does not pay for its imports.
``run_distributed_ingest`` is what ``kansou ingest --workers N`` /
``--scheduler URL`` calls: the library call plus a Rich progress display and
the dashboard's address.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from kansou.errors import UserError

if TYPE_CHECKING:  # Dask and the pipeline are imported when a command runs, never for --help
    from rich.console import Console

    from kansou.distributed import ClusterInfo
    from kansou.load import FetchOptions
    from kansou.pipeline import IngestReport

#: The module every kansou worker imports at start (the whole pipeline, extractors included).
WORKER_PRELOAD = "kansou.distributed.work"


def register_commands(app: typer.Typer) -> None:
    app.command("worker")(worker_command)


def worker_command(
    scheduler: Annotated[
        str, typer.Argument(help="The Dask scheduler's address, e.g. tcp://HOST:8786.")
    ],
    workers: Annotated[int, typer.Option(help="Worker processes to start (one thread each).")] = 1,
    memory_limit: Annotated[
        str, typer.Option(help="Memory per worker process, e.g. 4GB ('auto' shares the RAM).")
    ] = "auto",
) -> None:
    """Start Dask workers that run kansou's ingest tasks for a scheduler (Ctrl+C stops them)."""
    from kansou.extras import require

    require("scale")
    command = worker_argv(scheduler, workers, memory_limit)
    try:
        code = subprocess.call(command, env=worker_environment())
    except KeyboardInterrupt:
        code = 0
    if code:
        raise typer.Exit(code)


def worker_argv(scheduler: str, workers: int, memory_limit: str = "auto") -> list[str]:
    """The ``dask worker`` command line ``kansou worker`` runs."""
    if "://" not in scheduler:
        raise UserError(
            f"unknown scheduler address '{scheduler}': expected a URL such as tcp://HOST:8786"
        )
    if workers < 1:
        raise UserError(f"--workers must be 1 or more, not {workers}")
    return [
        sys.executable, "-m", "distributed.cli.dask_worker", scheduler,
        "--nworkers", str(workers), "--nthreads", "1",
        "--memory-limit", memory_limit, "--preload", WORKER_PRELOAD,
    ]  # fmt: skip


def worker_environment() -> dict[str, str]:
    """This environment plus kansou's Dask settings (``ENGINE_CONFIG``) as DASK_* variables."""
    from kansou.distributed.ingest import ENGINE_CONFIG

    env = dict(os.environ)
    for key, value in ENGINE_CONFIG.items():
        name = "DASK_" + key.replace(".", "__").replace("-", "_").upper()
        env.setdefault(name, str(value))
    return env


def run_distributed_ingest(
    db: str | None,
    inputs: Sequence[str],
    fetch: FetchOptions,
    *,
    workers: int | None,
    scheduler: str | None,
    console: Console,
) -> IngestReport:
    """Ingest on a Dask cluster with a progress display of tasks and documents on ``console``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kansou.extras import require

    require("scale")
    from kansou.distributed import ingest_distributed

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        tasks = progress.add_task("tasks", total=None)
        documents = progress.add_task("documents", total=None)

        def started(info: ClusterInfo) -> None:
            progress.update(tasks, total=info.tasks)
            progress.update(documents, total=info.known_documents)
            where = f"dashboard: {info.dashboard}" if info.dashboard else "no dashboard"
            console.print(f"Dask cluster at {info.scheduler}, {info.workers} workers, {where}")

        return ingest_distributed(
            inputs,
            db,
            workers=workers,
            scheduler=scheduler,
            fetch=fetch,
            on_start=started,
            on_outcome=lambda _o: progress.advance(documents),
            on_task_done=lambda _t: progress.advance(tasks),
        )
