"""Several writers on one PostgreSQL database: no document, title, person or character
twice, whichever writer wins each race."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from kansou.distributed import ingest_distributed
from kansou.load.files import read_file
from kansou.pipeline import Processed, process
from kansou.store import Store, open_store
from kansou.store.schema import CharacterRow, PersonRow, TitleRow
from tests.conftest import shared_path

pytestmark = pytest.mark.postgres

PAGES = (
    "mal-2021/cowboy-bebop/reviews_1.html",
    "mal-2021/cowboy-bebop/reviews_2.html",
    "mal-2021/cowboy-bebop/staff.html",
    "mal-2021/cowboy-bebop/details.html",
)


def _processed() -> list[Processed]:
    corpus = shared_path("corpus")
    return [process(read_file(corpus / name)) for name in PAGES]


def _race(store: Store, work: list[Processed]) -> list[tuple[int, bool]]:
    """Store every item from its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(work))
    results: list[tuple[int, bool] | BaseException] = [ValueError()] * len(work)

    def write(i: int) -> None:
        barrier.wait()
        try:
            results[i] = store.add_document(work[i].document, work[i].cleaned, work[i].extraction)
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=write, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return [r for r in results if not isinstance(r, BaseException)]


def _duplicates(store: Store) -> dict[str, list[object]]:
    with store.session() as s:
        titles = Counter(s.scalars(select(TitleRow.key)))
        people = Counter(s.scalars(select(PersonRow.key)))
        characters = Counter(s.execute(select(CharacterRow.title_id, CharacterRow.key)).all())
    return {
        "titles": [k for k, n in titles.items() if n > 1],
        "people": [k for k, n in people.items() if n > 1],
        "characters": [k for k, n in characters.items() if n > 1],
    }


def test_writers_racing_on_the_same_bytes_store_them_once(postgres_url: str) -> None:
    store = open_store(postgres_url)
    [review] = _processed()[:1]
    results = _race(store, [review] * 6)
    assert len({doc_id for doc_id, _created in results}) == 1
    assert sorted(created for _id, created in results) == [False] * 5 + [True]
    assert store.counts()["documents"] == 1


def test_writers_naming_the_same_title_and_people_create_each_once(postgres_url: str) -> None:
    store = open_store(postgres_url)
    work = _processed()
    assert all(created for _id, created in _race(store, work))
    assert _duplicates(store) == {"titles": [], "people": [], "characters": []}
    assert len(store.find_titles("Cowboy Bebop")) >= 1
    assert store.counts()["documents"] == len(PAGES)


def test_cluster_workers_storing_into_postgresql(
    cluster: str, postgres_url: str, tmp_path: Path
) -> None:
    corpus = shared_path("corpus")
    for copy in ("a", "b"):
        folder = tmp_path / copy
        folder.mkdir()
        for name in PAGES:
            (folder / name.replace("/", "_")).write_bytes((corpus / name).read_bytes())
    inputs = [str(tmp_path / "a"), str(tmp_path / "b")]
    report = ingest_distributed(inputs, postgres_url, scheduler=cluster, batch_size=1)
    statuses = Counter(o.status for o in report.outcomes)
    assert statuses == {"stored": len(PAGES), "unchanged": len(PAGES)}
    store = open_store(postgres_url)
    assert _duplicates(store) == {"titles": [], "people": [], "characters": []}
    assert store.counts()["documents"] == len(PAGES)
