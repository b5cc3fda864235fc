"""Distributed ingest on a real Dask cluster (loopback): same results as one process,
idempotent, every input accounted for, a dying worker retried or reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kansou.distributed import ingest_distributed, plan_tasks
from kansou.errors import UserError
from kansou.load import FetchOptions
from kansou.load.warc import write_warc
from kansou.pipeline import IngestReport, ingest
from kansou.store import open_store
from tests.conftest import shared_path
from tests.scale.conftest import KillingServer, client_of

CORPUS_SAMPLE = (
    "mal-2021/cowboy-bebop/details.html",
    "mal-2021/cowboy-bebop/stats.html",
    "mal-2021/cowboy-bebop/reviews_1.html",
    "mal-2018/one-piece/main.html",
    "mal-2018/one-piece/episodes.html",
)


def _statuses(report: IngestReport) -> dict[str, str]:
    return {o.source: o.status for o in report.outcomes}


def _documents(db: str) -> set[tuple[str, str, int]]:
    store = open_store(db)
    try:
        return {(d.sha256, d.kind, d.n_claims) for d in store.documents()}
    finally:
        store.close()


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """The four seeds, five corpus pages as files and the same five inside a WARC."""
    corpus = shared_path("corpus")
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in CORPUS_SAMPLE:
        (pages / name.replace("/", "_")).write_bytes((corpus / name).read_bytes())
    warc = tmp_path / "sample.warc.gz"
    write_warc(
        warc,
        [(f"https://myanimelist.net/{n}", (corpus / n).read_bytes(), "text/html")
         for n in CORPUS_SAMPLE],
    )  # fmt: skip
    return [str(shared_path("seeds")), str(pages), str(warc)]


def test_plan_gives_a_warc_its_own_task_and_batches_files(inputs: list[str]) -> None:
    plan = plan_tasks([*inputs, "/no/such/place"], batch_size=3)
    kinds = [t.kind for t in plan.tasks]
    assert kinds == ["warc", "files", "files", "files"]
    assert [len(t.inputs) for t in plan.tasks[1:]] == [3, 3, 3]
    assert [(o.source, o.reason) for o in plan.rejected] == [
        ("/no/such/place", "no such file or directory")
    ]
    assert plan.known_documents is None  # a WARC's pages are counted only when read


def test_plan_puts_one_hosts_urls_in_one_task() -> None:
    plan = plan_tasks(["https://a.example/1", "https://b.example/1", "https://A.example/2"])
    assert [(t.kind, t.inputs) for t in plan.tasks] == [
        ("urls", ("https://a.example/1", "https://A.example/2")),
        ("urls", ("https://b.example/1",)),
    ]


def test_cluster_ingest_stores_what_one_process_stores(
    cluster: str, inputs: list[str], db_url: str, tmp_path: Path
) -> None:
    single_db = str(tmp_path / "single.sqlite")
    single = ingest(inputs, open_store(single_db))
    report = ingest_distributed(inputs, db_url, scheduler=cluster, batch_size=2)
    assert len(report.outcomes) == len(single.outcomes) == 14
    # the WARC's pages hash like the files (same bytes): one is stored, the other unchanged
    assert sorted(_statuses(report).values()) == sorted(_statuses(single).values())
    assert report.count("stored") == 9
    assert _documents(db_url) == _documents(single_db)


def test_second_cluster_ingest_changes_nothing(
    cluster: str, inputs: list[str], db_url: str
) -> None:
    first = ingest_distributed(inputs, db_url, scheduler=cluster)
    before = open_store(db_url).counts()
    again = ingest_distributed(inputs, db_url, scheduler=cluster, batch_size=1)
    assert first.count("stored") == 9
    assert again.count("stored") == 0 and again.count("unchanged") == 14
    assert open_store(db_url).counts() == before


def test_every_bad_input_is_reported_and_the_rest_lands(
    cluster: str, tmp_path: Path, db_url: str
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.html").write_bytes(b"")
    (bad / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "nothing").mkdir()
    seeds = shared_path("seeds")
    report = ingest_distributed(
        [str(bad), str(seeds), str(tmp_path / "nothing"), str(tmp_path / "gone.html")],
        db_url,
        scheduler=cluster,
    )
    reasons = {Path(o.source).name: o.reason for o in report.rejected}
    assert set(reasons) == {"empty.html", "image.png", "nothing", "gone.html"}
    assert reasons["nothing"] == "directory holds no documents"
    assert reasons["gone.html"] == "no such file or directory"
    assert all(reasons.values())
    assert report.count("stored") == 4


def test_local_cluster_of_two_workers(inputs: list[str], db_url: str) -> None:
    seen = []
    report = ingest_distributed(
        inputs, db_url, workers=2, on_start=seen.append, dashboard_address="127.0.0.1:0"
    )
    assert report.count("stored") == 9 and not report.rejected
    assert seen[0].workers == 2 and seen[0].tasks == 2
    assert seen[0].dashboard is not None and seen[0].dashboard.startswith("http://127.0.0.1:")


def test_a_worker_killed_mid_task_is_replaced_and_the_task_rerun(
    cluster: str, kill_once: KillingServer, db_url: str, tmp_path: Path
) -> None:
    fetch = FetchOptions(cache_dir=tmp_path / "cache", allow_private=True)
    url = f"{kill_once.base}/review"
    report = ingest_distributed([url], db_url, scheduler=cluster, fetch=fetch)
    assert len(kill_once.killed) == 1
    [outcome] = report.outcomes
    assert outcome.source == url
    assert "on the cluster" not in (outcome.reason or "")


def test_a_task_that_keeps_killing_workers_is_reported_not_lost(
    cluster: str, kill_always: KillingServer, db_url: str, tmp_path: Path
) -> None:
    fetch = FetchOptions(cache_dir=tmp_path / "cache", allow_private=True)
    urls = [f"{kill_always.base}/a", f"{kill_always.base}/b"]
    seeds = shared_path("seeds")
    report = ingest_distributed([*urls, str(seeds)], db_url, scheduler=cluster, fetch=fetch)
    assert len(kill_always.killed) >= 2
    failed = {o.source: o.reason or "" for o in report.rejected}
    assert set(failed) == set(urls)
    assert all("failed on the cluster" in r and "KilledWorker" in r for r in failed.values())
    assert report.count("stored") == 4


def test_cluster_choice_errors_name_the_bad_value(db_url: str) -> None:
    with pytest.raises(UserError, match="not both"):
        ingest_distributed([], db_url, workers=2, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(UserError, match="--workers must be 1 or more, not 0"):
        ingest_distributed([], db_url, workers=0)
    with pytest.raises(UserError, match=r"unknown scheduler address '127\.0\.0\.1:8786'"):
        ingest_distributed([], db_url, scheduler="127.0.0.1:8786")


def test_kansou_worker_joins_a_scheduler_and_runs_tasks(db_url: str) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as scheduler:
        address = scheduler.scheduler_address
        worker = subprocess.Popen(
            [sys.executable, "-m", "kansou", "worker", address, "--workers", "1"],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with client_of(address) as client:
                client.wait_for_workers(1, timeout=90)
                info = client.scheduler_info()
                [(_addr, worker_info)] = info["workers"].items()
                assert worker_info["nthreads"] == 1
            report = ingest_distributed([str(shared_path("seeds"))], db_url, scheduler=address)
            assert report.count("stored") == 4
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()


def test_unreachable_scheduler_is_a_user_error(db_url: str) -> None:
    started = time.monotonic()
    with pytest.raises(
        UserError, match=r"cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1:9'"
    ):
        ingest_distributed([], db_url, scheduler="tcp://127.0.0.1:9")
    assert time.monotonic() - started < 60
