"""What a Dask worker does with one task: load, clean, extract and classify its documents.

What it decides:

- *who stores*: on PostgreSQL the worker stores each document itself (many
  writers are safe there: the repository settles races on unique keys); on
  SQLite, which allows one writer, the worker hands back what the client's
  single writer needs;
- *what travels back*: plain, picklable values: an ``IngestOutcome`` per
  document already stored or rejected, else a ``Processed`` trimmed to what
  storing reads (the raw bytes, the clean text, the extraction; the blocks and
  the parsed HTML stay on the worker);
- *what fails a task*: only the infrastructure (a store that cannot be
  reached, a worker that dies). A bad document is a rejection with its reason
  and the task goes on, exactly as in ``kansou.pipeline.ingest_one``; a failed
  task is retried by Dask and reported by the client if it keeps failing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from kansou.distributed.plan import FILES, WARC, IngestTask
from kansou.load import FetchOptions, iter_inputs
from kansou.load.files import read_file
from kansou.load.warc import iter_warc_documents
from kansou.model import Cleaned, Document, IngestOutcome, Rejection
from kansou.pipeline import Processed, ingest_one, long_lived_frozen, process_or_reject
from kansou.store import Store, make_engine

log = logging.getLogger(__name__)

#: What a task hands back per document.
ItemResult = IngestOutcome | Processed

#: One engine (and connection pool) per worker process and database URL.
_STORES: dict[str, Store] = {}


def run_task(task: IngestTask, writer_url: str | None, fetch: FetchOptions) -> list[ItemResult]:
    """Run one task; store on the worker when ``writer_url`` is given (PostgreSQL)."""
    store = _worker_store(writer_url) if writer_url else None
    results: list[ItemResult] = []
    with long_lived_frozen():
        for item in task_documents(task, fetch):
            if store is not None:
                results.append(ingest_one(store, item))
            else:
                results.append(process_item(item))
    return results


def task_documents(task: IngestTask, fetch: FetchOptions) -> Iterator[Document | Rejection]:
    """The documents (or rejections) of a task's inputs, in order."""
    if task.kind == WARC:
        for path in task.inputs:
            yield from iter_warc_documents(Path(path))
    elif task.kind == FILES:
        for path in task.inputs:
            yield read_file(Path(path))
    else:
        yield from iter_inputs(list(task.inputs), fetch)


def process_item(item: Document | Rejection) -> ItemResult:
    """Clean and extract one document for the client to store, or say why it is rejected."""
    processed = process_or_reject(item)
    return processed if isinstance(processed, IngestOutcome) else trimmed(processed)


def trimmed(processed: Processed) -> Processed:
    """``processed`` without what storing never reads (blocks, parsed HTML)."""
    c = processed.cleaned
    return Processed(
        processed.document,
        Cleaned(text=c.text, blocks=(), encoding=c.encoding, html=None, title=c.title),
        processed.extraction,
    )


def _worker_store(url: str) -> Store:
    """The worker's store for ``url``; the client has already created and migrated it."""
    store = _STORES.get(url)
    if store is None:
        store = _STORES[url] = Store(make_engine(url))
    return store
