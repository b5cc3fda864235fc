"""The CLI side of distributed ingest: the cluster line with the dashboard, progress, and
``kansou ingest --workers`` once the lead wires it in."""

from __future__ import annotations

import io

import click
import pytest
from rich.console import Console

from kansou.cli import app
from kansou.distributed_commands import run_distributed_ingest, worker_argv
from kansou.errors import UserError
from kansou.load import FetchOptions
from tests.conftest import Kansou, shared_path


def test_progress_names_the_cluster_and_its_dashboard(db_url: str) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system=None, width=200)
    report = run_distributed_ingest(
        db_url, [str(shared_path("seeds"))], FetchOptions(), workers=1, scheduler=None,
        console=console,
    )  # fmt: skip
    assert report.count("stored") == 4
    text = out.getvalue()
    assert "Dask cluster at tcp://127.0.0.1:" in text and "1 workers" in text
    assert "dashboard: http://127.0.0.1:" in text


def test_worker_command_line_is_one_thread_per_process_with_kansou_preloaded() -> None:
    argv = worker_argv("tcp://10.0.0.5:8786", 4)
    assert argv[1:] == [
        "-m", "distributed.cli.dask_worker", "tcp://10.0.0.5:8786", "--nworkers", "4",
        "--nthreads", "1", "--memory-limit", "auto", "--preload", "kansou.distributed.work",
    ]  # fmt: skip
    with pytest.raises(UserError, match="unknown scheduler address 'localhost'"):
        worker_argv("localhost", 1)


def _ingest_has_workers_option() -> bool:
    command = click.Context(typer_main := __import__("typer").main.get_command(app))
    ingest = typer_main.get_command(command, "ingest")  # type: ignore[attr-defined]
    return ingest is not None and any(p.name == "workers" for p in ingest.params)


def test_kansou_ingest_with_workers(kansou: Kansou) -> None:
    if not _ingest_has_workers_option():
        pytest.skip("kansou ingest has no --workers option yet (cli.py wiring pending)")
    result = kansou("ingest", "--workers", "2", str(shared_path("seeds")))
    assert result.exit_code == 0, result.output
    assert len(kansou.export()["documents"]) == 4
    again = kansou("ingest", "--workers", "1", str(shared_path("seeds")))
    assert again.exit_code == 0 and "0 stored, 4 unchanged" in again.output
