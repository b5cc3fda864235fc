"""Ratings stage: user rating tables streamed into a Parquet store, and per-title statistics.

``RatingsStore.import_file`` imports one CSV table (idempotent by sha256);
``title_stats`` summarises how a title's audience rated it. The collaborative
models of ``kansou.recommend`` train from the same store.
"""

from kansou.ratings.formats import RatingFormat, detect_format
from kansou.ratings.stats import TitleRatingStats, title_stats
from kansou.ratings.store import ImportedTable, RatingsStore, ratings_dir_for

__all__ = [
    "ImportedTable",
    "RatingFormat",
    "RatingsStore",
    "TitleRatingStats",
    "detect_format",
    "ratings_dir_for",
    "title_stats",
]
