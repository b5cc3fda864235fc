"""Recommend stage: similar titles and personal recommendations, each with its reasons.

Signals: content (``content``), collaborative filtering on user ratings
(``collaborative``, blended for users by ``ranker``), and "similar" links
harvested from ingested pages (``blend``). ``Recommender`` (``personal``) is
the surface the CLI, API and UI call; ``open_recommender`` builds one for a
database, training (or loading) the model stored beside its ratings.

Names are imported on first use, so the CLI can register ``kansou recommend`` without
loading numpy, scipy or implicit.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kansou.recommend.blend import SimilarLink
    from kansou.recommend.content import TitleRecord
    from kansou.recommend.personal import Recommender, open_recommender
    from kansou.recommend.recommendation import Recommendation

#: Where each public name lives; imported on first use (``kansou --help`` imports none).
_HOMES = {
    "SimilarLink": "kansou.recommend.blend",
    "TitleRecord": "kansou.recommend.content",
    "Recommender": "kansou.recommend.personal",
    "open_recommender": "kansou.recommend.personal",
    "Recommendation": "kansou.recommend.recommendation",
}

__all__ = ["Recommendation", "Recommender", "SimilarLink", "TitleRecord", "open_recommender"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
