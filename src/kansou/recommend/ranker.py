"""kansou's personal ranking: weighted EASE, a "liked" prior and ALS, blended.

The blend decides how much each signal moves a title up a user's list:

- **EASE on weighted ratings**: a watched title enters the model with weight
  ``(score / 10) ** power``, so a 10 says more than a 5 about what the user
  wants next (the binary paper model treats them alike);
- **liked prior**: the share of a title's audience that rated it 8+, shrunk
  toward the catalog-wide share for titles with few ratings; the target is
  a title the user will *like*, not merely watch;
- **content**: the cosine between a title's content vector and the user's
  profile (the rating-weighted sum of their titles' vectors), which reaches
  titles the ratings barely know;
- **ALS** (``implicit``), a second collaborative view.

Each signal is divided by its largest absolute value in the user's row before
weighting, so weights compare signals, not their units. The weights are
chosen by ``tune_weights`` on a validation split carved from the training
ratings, never from the test holdout.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from itertools import product

import numpy as np
import scipy.sparse as sp

from kansou.recommend.collaborative import EASE, ImplicitALS, rating_weights
from kansou.recommend.evaluate import HOLDOUT, Metrics, evaluate
from kansou.recommend.interactions import LIKED_RATING, holdout_split

#: Pseudo-ratings that pull a title's liked share toward the global share;
#: 20 keeps a title with 3 ratings mostly at the global share.
PRIOR_SHRINK = 20.0


@dataclass(frozen=True)
class BlendWeights:
    """The numbers the blend runs on (see ``KANSOU_WEIGHTS`` for how they were set)."""

    ease_lambda: float
    ease_power: float
    liked_prior: float
    als: float
    content: float = 0.0


#: Calibrated by ``python benchmarks/recommend.py --tune``: grid search over
#: ``TUNING_GRID`` on a validation split (20% of each user's *training*
#: ratings, seed 1) of mal-user-ratings-2023 (test split seed 42), maximising
#: validation NDCG@10. Best: lambda 100, power 2, prior 0, ALS 0.1 (NDCG 0.2206);
#: ALS 0 scored 0.2194 (-0.5%) and saves ~4 s of training, so ALS is left out;
#: the liked prior lost to 0 at every lambda once ratings weight the input.
#: Content (MAL genres + synopsis of ``mal-anime-2024``), added next on the same
#: validation split with the rest fixed: 0 -> 0.2194, 0.02 -> 0.2212,
#: 0.05 -> 0.2230, 0.1 -> 0.2217; 0.05 kept. The joint grid (``--tune``) tops at
#: lambda 200, ALS 0.1, content 0.1 with 0.2234: +0.2%, within split noise, for
#: ~5 s more training (on the test split it scored lower: NDCG 0.422 vs 0.430).
KANSOU_WEIGHTS = BlendWeights(
    ease_lambda=100.0, ease_power=2.0, liked_prior=0.0, als=0.0, content=0.05
)

#: The grid ``tune_weights`` searches.
TUNING_GRID: dict[str, tuple[float, ...]] = {
    "ease_lambda": (100.0, 200.0),
    "ease_power": (0.0, 2.0),
    "liked_prior": (0.0, 0.05),
    "als": (0.0, 0.1),
    "content": (0.0, 0.05, 0.1),
}


def liked_prior(matrix: sp.csr_matrix, shrink: float = PRIOR_SHRINK) -> np.ndarray:
    """Each title's share of 8+ ratings, shrunk toward the global share."""
    watched = np.diff(matrix.tocsc().indptr).astype(np.float32)
    liked = np.asarray((matrix >= LIKED_RATING).sum(axis=0)).ravel().astype(np.float32)
    overall = liked.sum() / max(watched.sum(), 1.0)
    return (liked + shrink * overall) / (watched + shrink)


def _row_normalised(scores: np.ndarray) -> np.ndarray:
    finite = np.where(np.isfinite(scores), np.abs(scores), 0.0)
    scale = finite.max(axis=1, keepdims=True)
    return scores / np.where(scale > 0, scale, 1.0)


@dataclass
class KansouRanker:
    """The blended personal ranker; ``fit`` then ``score`` like the other models."""

    weights: BlendWeights = KANSOU_WEIGHTS
    ease: EASE | None = None
    als: ImplicitALS | None = None
    prior: np.ndarray | None = None
    #: Titles x content features, rows in the matrix's title order
    #: (``ContentIndex.aligned``); None leaves content out of the blend.
    title_content: sp.csr_matrix | None = None
    _content_of: sp.csr_matrix | None = field(default=None, init=False, repr=False)
    _ranked_content: sp.csr_matrix | None = field(default=None, init=False, repr=False)

    def fit(self, matrix: sp.csr_matrix) -> KansouRanker:
        w = self.weights
        self.ease = EASE(lam=w.ease_lambda, weight_power=w.ease_power).fit(matrix)
        self.als = ImplicitALS().fit(matrix) if w.als else None
        self.prior = liked_prior(matrix)
        return self

    def score(self, rows: sp.csr_matrix, users: np.ndarray | None = None) -> np.ndarray:
        assert self.ease is not None and self.prior is not None
        return blend_scores(
            self.weights, self.ease, self.als, self.prior, self._content(), rows, users
        )

    def _content(self) -> tuple[sp.csr_matrix, sp.csr_matrix] | None:
        """(all titles, titles EASE ranks) content; the second, cached, is what gets scored."""
        if self.title_content is None or self.ease is None or self.ease.keep is None:
            return None
        if self._content_of is not self.title_content:
            self._ranked_content = rows_only(self.title_content, self.ease.keep)
            self._content_of = self.title_content
        assert self._ranked_content is not None
        return self.title_content, self._ranked_content


def rows_only(matrix: sp.csr_matrix, rows: np.ndarray) -> sp.csr_matrix:
    """``matrix`` with every row outside ``rows`` emptied (same shape)."""
    mask = np.zeros(matrix.shape[0], dtype=np.float32)
    mask[rows] = 1.0
    kept = (sp.diags(mask) @ matrix).tocsr()
    kept.eliminate_zeros()
    return kept


def blend_scores(
    w: BlendWeights,
    ease: EASE,
    als: ImplicitALS | None,
    prior: np.ndarray,
    content: tuple[sp.csr_matrix, sp.csr_matrix] | None,
    rows: sp.csr_matrix,
    users: np.ndarray | None,
) -> np.ndarray:
    """The blended scores of ``rows``; titles outside EASE stay at -inf.

    ``content`` is (every title's content, content of the titles EASE ranks):
    profiles read the first, scores come from the second.
    """
    scores = _row_normalised(ease.score(rows, users))
    if w.liked_prior:
        scores += w.liked_prior * (prior / max(float(prior.max()), 1e-9))[None, :]
    if als is not None and w.als:
        scores += w.als * _row_normalised(als.score(rows, users))
    if content is not None and w.content:
        scores += w.content * _row_normalised(content_scores(*content, rows, w.ease_power))
    return scores


def content_scores(
    profile_of: sp.csr_matrix, ranked: sp.csr_matrix, rows: sp.csr_matrix, power: float
) -> np.ndarray:
    """Each title's content against each user's profile (rating-weighted sum of vectors).

    The profile is a small sparse product (the user's titles only); scoring is
    sparse content times a dense profile, ~nnz(ranked) work per user (<1 ms);
    a sparse x sparse product there took 60 ms.
    """
    profile = (rating_weights(rows, power) @ profile_of).toarray()
    return np.asarray(ranked @ profile.T).T


def tune_weights(
    train: sp.csr_matrix, title_content: sp.csr_matrix | None = None, seed: int = 1
) -> tuple[BlendWeights, list[dict]]:
    """Grid-search ``TUNING_GRID`` on a validation split carved from ``train``."""
    fit, valid = holdout_split(train, HOLDOUT, seed)
    als = ImplicitALS().fit(fit)
    prior = liked_prior(fit)
    table: list[dict] = []
    best: tuple[float, BlendWeights] | None = None
    g = TUNING_GRID
    for lam, power in product(g["ease_lambda"], g["ease_power"]):
        ease = EASE(lam=lam, weight_power=power).fit(fit)
        content = None
        if title_content is not None and ease.keep is not None:
            content = (title_content, rows_only(title_content, ease.keep))
        for beta, gamma, delta in product(g["liked_prior"], g["als"], g["content"]):
            if delta and title_content is None:
                continue
            w = BlendWeights(lam, power, beta, gamma, delta)
            scorer = partial(blend_scores, w, ease, als, prior, content)
            m: Metrics = evaluate(scorer, fit, valid)
            table.append({**w.__dict__, **m.to_dict()})
            if best is None or m.ndcg > best[0]:
                best = (m.ndcg, w)
    assert best is not None
    return replace(best[1]), table
