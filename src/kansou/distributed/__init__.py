"""Distributed ingestion on Dask (``dask.distributed``): the same pipeline, many processes.

``plan`` splits inputs into tasks, ``work`` is what a worker runs, ``ingest``
drives a cluster (local or remote) and accounts for every input.
"""

from __future__ import annotations

from kansou.distributed.ingest import TASK_RETRIES, ClusterInfo, ingest_distributed
from kansou.distributed.plan import FILES_PER_TASK, IngestPlan, IngestTask, plan_tasks

__all__ = [
    "FILES_PER_TASK",
    "TASK_RETRIES",
    "ClusterInfo",
    "IngestPlan",
    "IngestTask",
    "ingest_distributed",
    "plan_tasks",
]
