"""What to watch next: for a title, for a list of liked titles, and for a rater.

``Recommender`` is the library surface the CLI, the API and the UI call:

- ``similar_titles(mal_id, n)``: the blend of ``kansou.recommend.blend``;
- ``recommend_for_titles(mal_ids, n)``: the titles are treated as a new user
  who rated each of them ``TYPED_TITLE_RATING``; the personal ranker scores
  that user, and titles similar to the typed ones by content or links are
  added (so a list of titles nobody rated still gets an answer);
- ``recommend_for_user(user_id, n)``: the personal ranker on the user's rows
  of the ratings store, titles already watched excluded.

Each recommendation explains itself with the typed or watched title it is
closest to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from kansou.errors import NotFound
from kansou.ratings.store import RatingsStore
from kansou.recommend.blend import (
    W_CONTENT,
    W_LINKS,
    Audience,
    LinkTable,
    SimilarLink,
    audience_reason,
    candidate_scores,
    content_reasons,
    item_position,
)
from kansou.recommend.catalog import TitleNames
from kansou.recommend.content import ContentIndex, TitleRecord
from kansou.recommend.evaluate import top_k
from kansou.recommend.persist import TrainedModel, trained_model
from kansou.recommend.recommendation import Recommendation

#: The score a typed title stands for: the user named it, so they liked it.
TYPED_TITLE_RATING = 10.0

#: Liked titles a user's recommendations are explained from (their best-rated).
EXPLAIN_ANCHORS = 20


class Recommender:
    """Recommendations from one trained model, one catalog and the harvested links."""

    def __init__(
        self,
        model: TrainedModel | None,
        records: Iterable[TitleRecord] = (),
        links: Iterable[SimilarLink] = (),
    ) -> None:
        records = list(records)
        self.model = model
        self.content = ContentIndex(records) if records else None
        self.names = TitleNames(records)
        self.links = LinkTable(links)
        if model is not None and self.content is not None:
            model.ranker.title_content = self.content.aligned(model.interactions.item_ids)
        self.audience = (
            Audience(
                model.interactions.matrix.tocsc(), model.interactions.item_ids, model.knn.similarity
            )
            if model is not None and model.knn.similarity is not None
            else None
        )

    def similar_titles(self, mal_id: int, n: int = 10) -> list[Recommendation]:
        """The ``n`` titles most like ``mal_id``, each with its reasons."""
        self._require_known(mal_id)
        scores = candidate_scores(mal_id, self.audience, self.content, self.links)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [self._explained(m, s, (mal_id,)) for m, s in best]

    def recommend_for_titles(self, mal_ids: Sequence[int], n: int = 10) -> list[Recommendation]:
        """Titles to watch after liking every title of ``mal_ids``."""
        for mal_id in mal_ids:
            self._require_known(mal_id)
        scores: dict[int, float] = {}
        if self.model is not None:
            row = self._typed_row(mal_ids)
            scores = self._ranked(row, None, n * 3)
        for anchor in mal_ids:
            for other, s in candidate_scores(anchor, None, self.content, self.links).items():
                scores[other] = scores.get(other, 0.0) + s / len(mal_ids)
        for mal_id in mal_ids:
            scores.pop(mal_id, None)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [self._explained(m, s, mal_ids) for m, s in best]

    def recommend_for_user(self, user_id: int, n: int = 10) -> list[Recommendation]:
        """Titles for a rater of the ratings store, already-watched titles excluded."""
        model = self._require_model()
        users = model.interactions.user_ids
        u = item_position(users, user_id)
        if u is None:
            raise NotFound(
                f"unknown user {user_id}: no imported rating has user_id {user_id} "
                f"({len(users)} users, ids {users[0]}..{users[-1]})"
            )
        row = model.interactions.matrix[u]
        scores = self._ranked(row, np.asarray([u]), n)
        liked = self._liked_titles(row)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [self._explained(m, s, liked) for m, s in best]

    def name(self, mal_id: int) -> str:
        return self.names.name(mal_id)

    def resolve(self, typed: str) -> int:
        """A typed title (or MAL id) as a MAL id known to the catalog or the ratings."""
        mal_id = self.names.resolve(typed)
        self._require_known(mal_id)
        return mal_id

    def _require_model(self) -> TrainedModel:
        if self.model is None:
            raise NotFound("no ratings imported: run 'kansou ratings import FILE' first")
        return self.model

    def _require_known(self, mal_id: int) -> None:
        in_ratings = self.model is not None and (
            item_position(self.model.interactions.item_ids, mal_id) is not None
        )
        if not in_ratings and mal_id not in self.names.names:
            raise NotFound(f"unknown title MAL id {mal_id}: not in the catalog nor in any rating")

    def _typed_row(self, mal_ids: Sequence[int]) -> sp.csr_matrix:
        model = self._require_model()
        cols = [
            p
            for p in (item_position(model.interactions.item_ids, m) for m in mal_ids)
            if p is not None
        ]
        data = np.full(len(cols), TYPED_TITLE_RATING, dtype=np.float32)
        shape = (1, model.interactions.n_items)
        return sp.csr_matrix((data, (np.zeros(len(cols), int), cols)), shape=shape)

    def _ranked(self, row: sp.csr_matrix, users: np.ndarray | None, n: int) -> dict[int, float]:
        """The personal ranker's ``n`` best titles for one row, watched titles excluded."""
        model = self._require_model()
        if row.nnz == 0:
            return {}
        scores = model.ranker.score(row, users)
        scores[0, row.indices] = -np.inf
        best = top_k(scores, n)[0]
        ids = model.interactions.item_ids
        return {int(ids[j]): float(scores[0, j]) for j in best if np.isfinite(scores[0, j])}

    def _liked_titles(self, row: sp.csr_matrix) -> list[int]:
        """The user's best-rated titles, the anchors their recommendations are explained by."""
        model = self._require_model()
        order = np.argsort(-row.data, kind="stable")[:EXPLAIN_ANCHORS]
        return [int(model.interactions.item_ids[row.indices[i]]) for i in order]

    def _explained(self, mal_id: int, score: float, anchors: Sequence[int]) -> Recommendation:
        """The recommendation with the reasons of the anchor it is closest to."""
        best: tuple[float, list[str]] = (-1.0, [])
        for anchor in anchors[:EXPLAIN_ANCHORS]:
            reasons, strength = self._reasons(anchor, mal_id, many=len(anchors) > 1)
            if strength > best[0]:
                best = (strength, reasons)
        return Recommendation(mal_id, self.name(mal_id), score, tuple(best[1]))

    def _reasons(self, anchor: int, mal_id: int, many: bool) -> tuple[list[str], float]:
        reasons: list[str] = []
        strength = 0.0
        if self.content is not None:
            shared = content_reasons(self.content, anchor, mal_id)
            suffix = f" with {self.name(anchor)}" if many else ""
            reasons += [r + suffix for r in shared]
            strength += W_CONTENT * len(shared)
        if self.audience is not None:
            said = audience_reason(self.audience, self.names.names, anchor, mal_id)
            if said:
                reasons.append(said)
                strength += 1.0
        link = self.links.reason(anchor, mal_id)
        if link:
            reasons.append(link + (f" for {self.name(anchor)}" if many else ""))
            strength += W_LINKS
        return reasons, strength


def open_recommender(
    db_url: str,
    records: Iterable[TitleRecord] = (),
    links: Iterable[SimilarLink] = (),
) -> Recommender:
    """A ``Recommender`` for the database at ``db_url`` (a SQLAlchemy URL).

    The collaborative model comes from the ratings store beside the database,
    loaded if saved for the current ratings, else trained and saved. Without
    imported ratings, content and links still answer ``similar_titles`` and
    ``recommend_for_titles``.
    """
    store = RatingsStore.for_database(db_url)
    model = trained_model(store) if store.imports() else None
    return Recommender(model, records, links)
