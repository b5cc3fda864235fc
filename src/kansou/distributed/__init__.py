"""Distributed ingestion on Dask (``dask.distributed``): the same pipeline, many processes.

``plan`` splits inputs into tasks, ``work`` is what a worker runs, ``ingest``
drives a cluster (local or remote) and accounts for every input.

Names are imported on first use, so the CLI can register ``kansou worker`` without
loading Dask.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kansou.distributed.ingest import TASK_RETRIES, ClusterInfo, ingest_distributed
    from kansou.distributed.plan import FILES_PER_TASK, IngestPlan, IngestTask, plan_tasks

#: Where each public name lives; imported on first use (``kansou --help`` imports none).
_HOMES = {
    "ClusterInfo": "kansou.distributed.ingest",
    "TASK_RETRIES": "kansou.distributed.ingest",
    "ingest_distributed": "kansou.distributed.ingest",
    "FILES_PER_TASK": "kansou.distributed.plan",
    "IngestPlan": "kansou.distributed.plan",
    "IngestTask": "kansou.distributed.plan",
    "plan_tasks": "kansou.distributed.plan",
}

__all__ = [
    "FILES_PER_TASK",
    "TASK_RETRIES",
    "ClusterInfo",
    "IngestPlan",
    "IngestTask",
    "ingest_distributed",
    "plan_tasks",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
