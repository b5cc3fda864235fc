"""A batch keeps the objects alive when it starts out of the collector's full passes
while it runs, and gives every one of them back when it ends (a server ingests batch
after batch: nothing may stay frozen)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from kansou.model import Document
from kansou.pipeline import ingest_items
from kansou.store import open_store

PAGE = b"Frieren Review\nA calm fantasy about an elf who outlives her friends, told with care.\nScore: 9/10\n"


def test_a_batch_gives_back_every_object_it_kept_out_of_collection(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "k.sqlite"))
    seen: list[int] = []

    def documents() -> Iterator[Document]:
        seen.append(gc.get_freeze_count())  # while the batch runs
        yield Document("a.txt", PAGE, "text/plain")

    report = ingest_items(documents(), store)
    store.close()
    assert report.count("stored") == 1
    assert seen[0] > 0  # the long-lived objects were kept out while it ran
    assert gc.get_freeze_count() == 0


def test_a_batch_that_fails_gives_them_back_too(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "k.sqlite"))

    def documents() -> Iterator[Document]:
        yield Document("a.txt", PAGE, "text/plain")
        raise OSError("the disk went away")

    with pytest.raises(OSError):
        ingest_items(documents(), store)
    store.close()
    assert gc.get_freeze_count() == 0
