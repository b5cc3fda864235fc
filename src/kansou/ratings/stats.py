"""Per-title statistics from user ratings, computed by DuckDB over the Parquet store.

A rating signal is kept apart from review scores: it says how a title's
audience scored it and how many finished or dropped it. ``count``, ``mean``,
``std`` and the 1-10 histogram use scored rows only ("watched, no score" rows
are not zeros); completion and drop rates use rows that carry a MAL watching
status, excluding "plan to watch" (6), which is not a reception.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kansou.errors import NotFound, UserError
from kansou.ratings.store import RatingsStore

#: MAL watching status codes (``mal-watching-status-2023.csv``).
STATUS_COMPLETED = 2
STATUS_DROPPED = 4
STATUS_PLAN_TO_WATCH = 6

HISTOGRAM_SQL = ", ".join(f"count(*) FILTER (WHERE rating = {v}) AS h{v}" for v in range(1, 11))

#: One row per title; the same text the ratings benchmark types into DuckDB.
STATS_SELECT = f"""
SELECT anime_id,
       count(*) AS entries,
       count(rating) AS count,
       avg(rating) AS mean,
       stddev_samp(rating) AS std,
       {HISTOGRAM_SQL},
       count(*) FILTER (WHERE status = {STATUS_COMPLETED}) AS completed,
       count(*) FILTER (WHERE status = {STATUS_DROPPED}) AS dropped,
       count(*) FILTER (WHERE status IS NOT NULL AND status <> {STATUS_PLAN_TO_WATCH})
           AS with_status
FROM {{relation}}
{{where}}
GROUP BY anime_id
"""


@dataclass(frozen=True)
class TitleRatingStats:
    """How one title's audience rated it; rates are None where no row has a status."""

    anime_id: int
    entries: int
    count: int
    mean: float | None
    std: float | None
    histogram: tuple[int, ...]
    completion_rate: float | None
    drop_rate: float | None

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "histogram": dict(zip(range(1, 11), self.histogram, strict=True))}


def stats_sql(relation: str, anime_id: int | None = None) -> str:
    """The statistics query over ``relation``, for one title or for all."""
    where = "" if anime_id is None else f"WHERE anime_id = {int(anime_id)}"
    return STATS_SELECT.format(relation=relation, where=where)


def _from_row(row: tuple[object, ...]) -> TitleRatingStats:
    anime_id, entries, count, mean, std, *rest = row
    hist = tuple(int(v) for v in rest[:10])  # type: ignore[call-overload]
    completed, dropped, with_status = (int(v) for v in rest[10:13])  # type: ignore[call-overload]
    return TitleRatingStats(
        anime_id=int(anime_id),  # type: ignore[call-overload]
        entries=int(entries),  # type: ignore[call-overload]
        count=int(count),  # type: ignore[call-overload]
        mean=None if mean is None else float(mean),  # type: ignore[arg-type]
        std=None if std is None else float(std),  # type: ignore[arg-type]
        histogram=hist,
        completion_rate=completed / with_status if with_status else None,
        drop_rate=dropped / with_status if with_status else None,
    )


def title_stats(store: RatingsStore, anime_id: int) -> TitleRatingStats:
    """Statistics for one title, or ``NotFound`` when no imported row rates it."""
    con = store.connect()
    try:
        row = con.execute(stats_sql("ratings", anime_id)).fetchone()
    finally:
        con.close()
    if row is None:
        raise NotFound(f"no ratings for title {anime_id}: no imported row has anime_id {anime_id}")
    return _from_row(row)


def export_stats(store: RatingsStore, out: Path) -> int:
    """Write every title's statistics to ``out`` (.parquet or .csv) with DuckDB; rows written."""
    formats = {".parquet": "FORMAT parquet", ".csv": "FORMAT csv, HEADER true"}
    if out.suffix not in formats:
        raise UserError(f"cannot export to '{out}': expected a .parquet or .csv file name")
    target = "'" + str(out).replace("'", "''") + "'"
    con = store.connect()
    try:
        con.execute(
            f"COPY ({stats_sql('ratings')} ORDER BY anime_id) TO {target} ({formats[out.suffix]})"
        )
        row = con.execute("SELECT count(DISTINCT anime_id) FROM ratings").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def all_title_stats_arrow(store: RatingsStore) -> object:
    """Statistics for every title as an Arrow table (one row per title)."""
    con = store.connect()
    try:
        return con.sql(stats_sql("ratings")).to_arrow_table()
    finally:
        con.close()
