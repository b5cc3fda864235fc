"""Ingest on a Dask cluster: the client plans, the workers read, every input is accounted for.

What it decides:

- *which cluster*: ``workers=N`` starts a ``LocalCluster`` of N processes with
  one thread each (cleaning and extraction are pure Python: threads would
  share one GIL); ``scheduler="tcp://HOST:8786"`` uses a running cluster whose
  workers can import kansou (``kansou worker``);
- *who writes*: on PostgreSQL every worker stores its own documents; on
  SQLite (one writer) the client stores results as tasks complete, in
  completion order, so storing overlaps the workers' reading;
- *what a failure costs*: a task that raises (a worker killed, a store
  unreachable) is retried ``retries`` times by Dask; if it still fails, each
  of its inputs is reported rejected with the task's error as the reason. A
  task retried after storing part of its documents finds them stored: ingest
  is idempotent, so they come back "unchanged", never twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import dask
from distributed import Client, Future, LocalCluster, as_completed
from sqlalchemy.engine import make_url

from kansou.distributed.plan import FILES_PER_TASK, IngestPlan, IngestTask, plan_tasks
from kansou.distributed.work import ItemResult, run_task
from kansou.errors import UserError
from kansou.load import FetchOptions
from kansou.model import IngestOutcome
from kansou.pipeline import IngestReport, store_processed
from kansou.store import Store, open_store

#: Times Dask reruns a failed task before its inputs are reported rejected. Two retries
#: ride out a worker lost to a restart or a transient database error without spending
#: long on an input that crashes its worker every time.
TASK_RETRIES = 2

#: Dask settings for kansou's clusters, calibrated by the CPU an idle 2-worker LocalCluster
#: burns (benchmarks/scale.py, engine_overhead): with Dask's defaults 2.8 CPU-s per 30 s,
#: 9% of a core, mostly the 20 ms event-loop tick, the 100 ms memory monitor and the 10 ms
#: stack profiler; with these 0.45 CPU-s. Ingest tasks last seconds to minutes, so checks
#: once a second lose nothing, and the dashboard's task stream and progress stay live.
ENGINE_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing-interval": "1s",
}

#: Where a local cluster serves Dask's dashboard (Dask picks a free port if it is taken).
DASHBOARD_ADDRESS = "127.0.0.1:8787"


@dataclass(frozen=True)
class ClusterInfo:
    """What the caller may show about the cluster: where the dashboard is, how many workers."""

    scheduler: str
    dashboard: str | None
    workers: int
    tasks: int
    known_documents: int | None


def ingest_distributed(
    inputs: Sequence[str],
    db: str | None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int = FILES_PER_TASK,
    retries: int = TASK_RETRIES,
    fetch: FetchOptions | None = None,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    on_start: Callable[[ClusterInfo], None] | None = None,
    on_task_done: Callable[[IngestTask], None] | None = None,
    dashboard_address: str = DASHBOARD_ADDRESS,
) -> IngestReport:
    """Ingest ``inputs`` into ``db`` on a Dask cluster; one outcome per input document."""
    _check_cluster_choice(workers, scheduler)
    plan = plan_tasks(inputs, batch_size)
    store = open_store(db)
    try:
        with _client(workers, scheduler, dashboard_address) as client:
            if on_start is not None:
                on_start(_cluster_info(client, plan))
            by_task = _run_plan(
                client, plan, store, fetch or FetchOptions(), retries, on_outcome, on_task_done
            )
    finally:
        store.close()
    report = IngestReport(list(plan.rejected))
    for task in plan.tasks:
        report.outcomes.extend(by_task[task.index])
    if on_outcome is not None:
        for outcome in plan.rejected:
            on_outcome(outcome)
    return report


def _check_cluster_choice(workers: int | None, scheduler: str | None) -> None:
    if workers is not None and scheduler is not None:
        raise UserError("give either --workers N (a local cluster) or --scheduler URL, not both")
    if workers is None and scheduler is None:
        raise UserError("distributed ingest needs --workers N or --scheduler tcp://HOST:8786")
    if workers is not None and workers < 1:
        raise UserError(f"--workers must be 1 or more, not {workers}")
    if scheduler is not None and "://" not in scheduler:
        raise UserError(
            f"unknown scheduler address '{scheduler}': expected a URL such as tcp://HOST:8786"
        )


@contextmanager
def _client(workers: int | None, scheduler: str | None, dashboard: str) -> Iterator[Client]:
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise UserError(f"cannot reach the Dask scheduler at '{scheduler}': {exc}") from exc
        with client:
            yield client
        return
    with local_cluster(workers or 1, dashboard) as cluster, Client(cluster) as client:
        yield client


@contextmanager
def local_cluster(workers: int, dashboard: str = "127.0.0.1:0") -> Iterator[LocalCluster]:
    """A loopback cluster of ``workers`` single-threaded processes with kansou's engine
    settings (kansou's stages are pure Python: one thread per process)."""
    with (
        dask.config.set(ENGINE_CONFIG),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=dashboard,
            silence_logs=logging.ERROR,
        ) as cluster,
    ):
        yield cluster


def _cluster_info(client: Client, plan: IngestPlan) -> ClusterInfo:
    info = client.scheduler_info()
    address = str(info.get("address", ""))
    port = info.get("services", {}).get("dashboard")
    host = urlsplit(address).hostname or "127.0.0.1"
    return ClusterInfo(
        scheduler=address,
        dashboard=f"http://{host}:{port}/status" if port else None,
        workers=len(info.get("workers", {})),
        tasks=len(plan.tasks),
        known_documents=plan.known_documents,
    )


def _run_plan(
    client: Client,
    plan: IngestPlan,
    store: Store,
    fetch: FetchOptions,
    retries: int,
    on_outcome: Callable[[IngestOutcome], None] | None,
    on_task_done: Callable[[IngestTask], None] | None,
) -> dict[int, list[IngestOutcome]]:
    """Submit every task, then store (SQLite) or collect (PostgreSQL) results as they land."""
    writer_url = _worker_writer_url(store)
    run = uuid.uuid4().hex[:8]
    futures: dict[Future, IngestTask] = {
        client.submit(
            run_task,
            task,
            writer_url,
            fetch,
            key=f"{task.name}-{run}-{task.index}",
            retries=retries,
            pure=False,
        ): task
        for task in plan.tasks
    }
    by_task: dict[int, list[IngestOutcome]] = {}
    for future in as_completed(futures):
        task = futures.pop(future)
        outcomes = [_settle(store, r) for r in _task_results(future, task, retries)]
        future.release()
        by_task[task.index] = outcomes
        if on_outcome is not None:
            for outcome in outcomes:
                on_outcome(outcome)
        if on_task_done is not None:
            on_task_done(task)
    return by_task


def _worker_writer_url(store: Store) -> str | None:
    """The URL workers store into, or None when the client must be the one writer (SQLite)."""
    url = store.engine.url
    if make_url(url).get_backend_name() == "sqlite":
        return None
    return url.render_as_string(hide_password=False)


def _task_results(future: Future, task: IngestTask, retries: int) -> list[ItemResult]:
    """A task's results, or one rejection per input when it failed on every try."""
    try:
        results: list[ItemResult] = future.result()
    except Exception as exc:
        reason = (
            f"failed on the cluster ({type(exc).__name__}: {_one_line(exc)}) in task "
            f"{task.name} #{task.index}, after up to {retries} retries"
        )
        return [IngestOutcome(source, "rejected", reason=reason) for source in task.inputs]
    return results


def _settle(store: Store, result: ItemResult) -> IngestOutcome:
    return result if isinstance(result, IngestOutcome) else store_processed(store, result)


def _one_line(exc: BaseException) -> str:
    text = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return text[:200] or type(exc).__name__
