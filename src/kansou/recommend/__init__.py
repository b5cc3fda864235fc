"""Recommend stage: similar titles and personal recommendations, each with its reasons.

Signals: content (``content``), collaborative filtering on user ratings
(``collaborative``, blended for users by ``ranker``), and "similar" links
harvested from ingested pages (``blend``). ``Recommender`` (``personal``) is
the surface the CLI, API and UI call; ``open_recommender`` builds one for a
database, training (or loading) the model stored beside its ratings.
"""

from kansou.recommend.blend import SimilarLink
from kansou.recommend.content import TitleRecord
from kansou.recommend.personal import Recommender, open_recommender
from kansou.recommend.recommendation import Recommendation

__all__ = ["Recommendation", "Recommender", "SimilarLink", "TitleRecord", "open_recommender"]
