"""Rating table formats: which columns a file has, decided from its first line.

Three shapes are accepted, all CSV (optionally gzip-compressed):

- ``ratings``: ``user_id, anime_id, rating`` with a header (any letter case);
- ``animelist``: the MyAnimeList list export ``user_id, anime_id, score,
  watching_status, watched_episodes``;
- ``ratings-noheader``: three integer columns and no header (the CooperUnion
  part files). A header is told from data by its shape: a first line whose
  fields are all integers is data.
- ``parquet``: a ``.parquet`` file with ``user_id, anime_id, rating`` and
  optionally ``status`` and ``episodes`` (kansou's own columns, e.g. a table
  generated or exported by another tool).

In every format a rating of ``-1`` or ``0`` means "watched, no score" and is
stored as NULL, never as a score. Each format maps to one DuckDB ``SELECT``
over ``read_csv`` so rows stream from the file without becoming Python objects.
"""

from __future__ import annotations

import gzip
from enum import StrEnum
from pathlib import Path

from kansou.errors import UserError


class RatingFormat(StrEnum):
    """The accepted rating table shapes (``--format`` values)."""

    RATINGS = "ratings"
    ANIMELIST = "animelist"
    RATINGS_NOHEADER = "ratings-noheader"
    PARQUET = "parquet"


#: Header columns that identify each headed format (lower-cased).
HEADED_COLUMNS: dict[RatingFormat, tuple[str, ...]] = {
    RatingFormat.RATINGS: ("user_id", "anime_id", "rating"),
    RatingFormat.ANIMELIST: (
        "user_id",
        "anime_id",
        "score",
        "watching_status",
        "watched_episodes",
    ),
}

ACCEPTED = ", ".join(f.value for f in RatingFormat)


def _first_line(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
            return handle.readline().strip()
    except (OSError, EOFError) as exc:
        raise UserError(f"cannot read rating table '{path}': {exc}") from exc


def detect_format(path: Path) -> RatingFormat:
    """Decide the format of ``path`` from its first line, or explain why none fits."""
    if path.suffix == ".parquet":
        return RatingFormat.PARQUET
    line = _first_line(path)
    fields = [f.strip().strip('"').lower() for f in line.split(",")]
    if len(fields) == 3 and all(f.lstrip("-").isdigit() for f in fields):
        return RatingFormat.RATINGS_NOHEADER
    for fmt, columns in HEADED_COLUMNS.items():
        if tuple(fields) == columns:
            return fmt
    raise UserError(
        f"unknown rating table '{path}': first line '{line[:80]}' is not a header "
        "'user_id,anime_id,rating', nor 'user_id,anime_id,score,watching_status,"
        "watched_episodes', nor three integers (a table without header)"
    )


def parse_format(value: str | None) -> RatingFormat | None:
    """Turn a ``--format`` value into a ``RatingFormat`` (None: detect from the file)."""
    if value is None or value == "auto":
        return None
    try:
        return RatingFormat(value)
    except ValueError:
        raise UserError(f"unknown rating format '{value}': expected auto, {ACCEPTED}") from None


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def select_sql(path: Path, fmt: RatingFormat) -> str:
    """The DuckDB query that reads ``path`` as ``fmt`` into kansou's rating columns.

    Columns: ``user_id BIGINT, anime_id BIGINT, rating TINYINT`` (1-10, NULL
    when unscored), ``status TINYINT`` (MAL watching status, NULL when the
    format has none), ``episodes INTEGER``.
    """
    src = _sql_string(str(path))
    if fmt is RatingFormat.PARQUET:
        return _parquet_sql(path, src)
    if fmt is RatingFormat.ANIMELIST:
        return (
            "SELECT user_id::BIGINT AS user_id, anime_id::BIGINT AS anime_id, "
            "CASE WHEN score BETWEEN 1 AND 10 THEN score END::TINYINT AS rating, "
            "watching_status::TINYINT AS status, watched_episodes::INTEGER AS episodes "
            f"FROM read_csv({src}, header=true, normalize_names=true, "
            "columns={'user_id':'BIGINT','anime_id':'BIGINT','score':'INTEGER',"
            "'watching_status':'INTEGER','watched_episodes':'INTEGER'})"
        )
    header = "true" if fmt is RatingFormat.RATINGS else "false"
    return (
        "SELECT user_id, anime_id, "
        "CASE WHEN rating BETWEEN 1 AND 10 THEN rating END::TINYINT AS rating, "
        "NULL::TINYINT AS status, NULL::INTEGER AS episodes "
        f"FROM read_csv({src}, header={header}, "
        "columns={'user_id':'BIGINT','anime_id':'BIGINT','rating':'INTEGER'})"
    )


def _parquet_sql(path: Path, src: str) -> str:
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot read rating table '{path}' as parquet: {exc}") from exc
    missing = {"user_id", "anime_id", "rating"} - names
    if missing:
        raise UserError(
            f"rating table '{path}' lacks column(s) {', '.join(sorted(missing))}: a parquet "
            "table needs user_id, anime_id, rating (status and episodes are optional)"
        )
    status = "status::TINYINT" if "status" in names else "NULL::TINYINT"
    episodes = "episodes::INTEGER" if "episodes" in names else "NULL::INTEGER"
    return (
        "SELECT user_id::BIGINT AS user_id, anime_id::BIGINT AS anime_id, "
        "CASE WHEN rating BETWEEN 1 AND 10 THEN rating END::TINYINT AS rating, "
        f"{status} AS status, {episodes} AS episodes FROM read_parquet({src})"
    )
