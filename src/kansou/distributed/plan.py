"""Splitting an ingest into tasks a Dask worker can run on its own.

What it decides:

- *the unit of work*: a WARC archive is one task (crawls come as many WARC
  files, and a file is read front to back); plain files are grouped into
  batches of ``batch_size``; URLs are grouped by host, one task per host, so
  that the fetcher's per-host rate limit and robots.txt hold on the cluster
  as they do on one machine (``anilist:21``-style sources: one task per service);
- *what never becomes a task*: a path that does not exist or a directory
  without documents is answered at once with a rejection, as the single
  process ingest answers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kansou.load import is_service_source, is_url
from kansou.load.files import is_warc
from kansou.model import IngestOutcome

#: Plain files per task. Calibrated on the corpus pages (34 MyAnimeList pages, about 0.1 s
#: each to clean and extract): 32 files keep Dask's per-task cost (a few ms) under 1% and
#: still give a 2-worker cluster dozens of tasks to balance for a few hundred files.
FILES_PER_TASK = 32

WARC = "warc"
FILES = "files"
URLS = "urls"


@dataclass(frozen=True)
class IngestTask:
    """One unit of work: a WARC archive, a batch of files, or the URLs of one host."""

    index: int
    kind: str
    inputs: tuple[str, ...]

    @property
    def name(self) -> str:
        """The task's name on the Dask dashboard (``ingest-warc``, ``ingest-files``, ...)."""
        return f"ingest-{self.kind}"


@dataclass(frozen=True)
class IngestPlan:
    tasks: tuple[IngestTask, ...]
    rejected: tuple[IngestOutcome, ...]

    @property
    def known_documents(self) -> int | None:
        """Documents the plan holds, when known before reading (WARC archives are not)."""
        if any(t.kind == WARC for t in self.tasks):
            return None
        return sum(len(t.inputs) for t in self.tasks) + len(self.rejected)


def plan_tasks(inputs: Sequence[str], batch_size: int = FILES_PER_TASK) -> IngestPlan:
    """Tasks for ``inputs`` (files, directories, WARC archives, URLs), in input order."""
    warcs: list[str] = []
    files: list[str] = []
    hosts: dict[str, list[str]] = {}
    rejected: list[IngestOutcome] = []
    for value in inputs:
        if is_url(value):
            hosts.setdefault(urlsplit(value).netloc.lower(), []).append(value)
            continue
        if is_service_source(value):  # one task per service keeps its limits
            hosts.setdefault(value.split(":", 1)[0].lower() + ":", []).append(value)
            continue
        for path, reason in _local_files(Path(value)):
            if reason:
                rejected.append(IngestOutcome(str(path), "rejected", reason=reason))
            elif is_warc(path):
                warcs.append(str(path))
            else:
                files.append(str(path))
    groups: list[tuple[str, tuple[str, ...]]] = [(WARC, (w,)) for w in warcs]
    groups += [(FILES, tuple(files[i : i + batch_size])) for i in range(0, len(files), batch_size)]
    groups += [(URLS, tuple(urls)) for urls in hosts.values()]
    tasks = tuple(IngestTask(i, kind, items) for i, (kind, items) in enumerate(groups))
    return IngestPlan(tasks, tuple(rejected))


def _local_files(path: Path) -> list[tuple[Path, str | None]]:
    """The files under ``path`` (sorted, hidden entries skipped), or why there are none."""
    if not path.exists():
        return [(path, "no such file or directory")]
    if not path.is_dir():
        return [(path, None)]
    found = [
        p
        for p in sorted(path.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    ]
    return [(p, None) for p in found] or [(path, "directory holds no documents")]
