"""Ratings stage: user rating tables streamed into a Parquet store, and per-title statistics.

``RatingsStore.import_file`` imports one CSV table (idempotent by sha256);
``title_stats`` summarises how a title's audience rated it. The collaborative
models of ``kansou.recommend`` train from the same store.

Names are imported on first use, so the CLI can register ``kansou ratings`` without
loading DuckDB or pyarrow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kansou.ratings.formats import RatingFormat, detect_format
    from kansou.ratings.stats import TitleRatingStats, title_stats
    from kansou.ratings.store import ImportedTable, RatingsStore, ratings_dir_for

#: Where each public name lives; imported on first use (``kansou --help`` imports none).
_HOMES = {
    "RatingFormat": "kansou.ratings.formats",
    "detect_format": "kansou.ratings.formats",
    "TitleRatingStats": "kansou.ratings.stats",
    "title_stats": "kansou.ratings.stats",
    "ImportedTable": "kansou.ratings.store",
    "RatingsStore": "kansou.ratings.store",
    "ratings_dir_for": "kansou.ratings.store",
}

__all__ = [
    "ImportedTable",
    "RatingFormat",
    "RatingsStore",
    "TitleRatingStats",
    "detect_format",
    "ratings_dir_for",
    "title_stats",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
