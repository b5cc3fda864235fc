"""Importing rating tables: formats told apart by shape, streamed to Parquet, idempotent."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kansou.errors import UserError
from kansou.ratings.formats import RatingFormat, detect_format, parse_format
from kansou.ratings.stats import title_stats
from kansou.ratings.store import RatingsStore, ratings_dir_for

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REAL = SHARED / "data" / "ratings"


def write(path: Path, text: str) -> Path:
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_formats_are_told_apart_by_the_first_line(tmp_path: Path) -> None:
    headed = write(tmp_path / "a.csv", "User_id,anime_id,rating\n1,5,8\n")
    lists = write(
        tmp_path / "b.csv.gz", "user_id,anime_id,score,watching_status,watched_episodes\n"
    )
    bare = write(tmp_path / "c.csv", "72561,5,9\n72561,19,-1\n")
    assert detect_format(headed) is RatingFormat.RATINGS
    assert detect_format(lists) is RatingFormat.ANIMELIST
    assert detect_format(bare) is RatingFormat.RATINGS_NOHEADER


def test_an_unknown_shape_is_refused_with_what_is_accepted(tmp_path: Path) -> None:
    odd = write(tmp_path / "odd.csv", "name,score\nBebop,9\n")
    with pytest.raises(UserError) as err:
        detect_format(odd)
    assert err.value.message == (
        f"unknown rating table '{odd}': first line 'name,score' is not a header "
        "'user_id,anime_id,rating', nor 'user_id,anime_id,score,watching_status,"
        "watched_episodes', nor three integers (a table without header)"
    )
    with pytest.raises(UserError, match="unknown rating format 'xml': expected auto, ratings"):
        parse_format("xml")


def test_unscored_rows_are_kept_but_never_count_as_scores(tmp_path: Path) -> None:
    store = RatingsStore(tmp_path / "store")
    bare = write(tmp_path / "part.csv", "1,5,9\n2,5,-1\n3,5,7\n4,5,0\n")
    table = store.import_file(bare)
    assert (table.rows, table.scored, table.format) == (4, 2, "ratings-noheader")
    stats = title_stats(store, 5)
    assert (stats.entries, stats.count, stats.mean) == (4, 2, 8.0)
    assert stats.histogram == (0, 0, 0, 0, 0, 0, 1, 0, 1, 0)
    assert stats.completion_rate is None


def test_same_bytes_twice_add_nothing(tmp_path: Path) -> None:
    store = RatingsStore(tmp_path / "store")
    path = write(tmp_path / "r.csv", "user_id,anime_id,rating\n1,5,8\n2,5,6\n")
    first = store.import_file(path)
    copy = write(tmp_path / "copy.csv", path.read_text())
    again = store.import_file(copy)
    assert first.added and not again.added
    assert again.sha256 == first.sha256
    assert len(store.imports()) == 1
    assert title_stats(store, 5).count == 2


def test_statistics_from_watching_statuses(tmp_path: Path) -> None:
    rows = [
        "user_id,anime_id,score,watching_status,watched_episodes",
        "1,7,10,2,26",
        "2,7,6,2,26",
        "3,7,0,4,3",
        "4,7,8,1,12",
        "5,7,0,6,0",
    ]
    store = RatingsStore(tmp_path / "store")
    store.import_file(write(tmp_path / "lists.csv", "\n".join(rows) + "\n"))
    stats = title_stats(store, 7)
    assert (stats.entries, stats.count, stats.mean) == (5, 3, 8.0)
    assert stats.std == pytest.approx(2.0)
    assert stats.histogram[5] == 1 and stats.histogram[7] == 1 and stats.histogram[9] == 1
    assert stats.completion_rate == pytest.approx(2 / 4)  # plan-to-watch is no reception
    assert stats.drop_rate == pytest.approx(1 / 4)


def test_parquet_tables_import_through_the_same_path(tmp_path: Path) -> None:
    import duckdb

    source = tmp_path / "gen.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT range % 3 AS user_id, 9 AS anime_id, (range % 10) + 1 AS rating "
        f"FROM range(30)) TO '{source}' (FORMAT parquet)"
    )
    store = RatingsStore(tmp_path / "store")
    table = store.import_file(source)
    assert (table.format, table.rows, table.scored) == ("parquet", 30, 30)
    assert title_stats(store, 9).mean == pytest.approx(5.5)


def test_a_title_nobody_rated_is_not_found(tmp_path: Path) -> None:
    store = RatingsStore(tmp_path / "store")
    store.import_file(write(tmp_path / "r.csv", "user_id,anime_id,rating\n1,5,8\n"))
    with pytest.raises(UserError) as err:
        title_stats(store, 404)
    assert err.value.message == "no ratings for title 404: no imported row has anime_id 404"


def test_the_store_lives_beside_the_sqlite_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("KANSOU_RATINGS_DIR", raising=False)
    db = tmp_path / "k.sqlite"
    assert ratings_dir_for(f"sqlite:///{db}") == tmp_path / "k.sqlite.ratings"
    monkeypatch.setenv("KANSOU_RATINGS_DIR", str(tmp_path / "elsewhere"))
    assert ratings_dir_for("postgresql+psycopg://u@h/db") == tmp_path / "elsewhere"


def test_real_rating_tables(tmp_path: Path) -> None:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is missing: the real rating tables live in ../shared")
    store = RatingsStore(tmp_path / "store")
    got = {
        name: store.import_file(REAL / name)
        for name in (
            "mal-user-ratings-2023.csv.gz",
            "mal-user-animelists-2023.csv.gz",
            "cooperunion-rating-part23.csv.gz",
        )
    }
    assert [(t.format, t.rows, t.scored) for t in got.values()] == [
        ("ratings", 160885, 160885),
        ("animelist", 303441, 160885),
        ("ratings-noheader", 97470, 78151),
    ]
    bebop = title_stats(store, 1)
    assert bebop.count > 400 and 8.0 < (bebop.mean or 0) < 9.5
    assert 0.5 < (bebop.completion_rate or 0) < 1.0


def test_statistics_export_to_parquet_and_csv(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from kansou.ratings.stats import export_stats

    store = RatingsStore(tmp_path / "store")
    store.import_file(write(tmp_path / "r.csv", "user_id,anime_id,rating\n1,5,8\n2,5,6\n1,6,9\n"))
    assert export_stats(store, tmp_path / "s.parquet") == 2
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.column("anime_id").to_pylist() == [5, 6]
    assert table.column("mean").to_pylist() == [7.0, 9.0]
    assert export_stats(store, tmp_path / "s.csv") == 2
    assert (tmp_path / "s.csv").read_text().startswith("anime_id,entries,count,mean")
    with pytest.raises(
        UserError, match=r"cannot export to '.*s\.xlsx': expected a \.parquet or \.csv"
    ):
        export_stats(store, tmp_path / "s.xlsx")
