"""Similar titles: collaborative, content and harvested-link signals blended, with reasons.

For an anchor title, a candidate's score is

    W_CF * audience cosine + W_CONTENT * content cosine + W_LINKS * link strength

where link strength grows with the number of sites (and votes) that list the
pair as "similar" / "recommended", saturating at ``LINK_SITES_FULL`` sites.
Candidates are the anchor's ``ItemKNN`` neighbours, its linked titles and its
``CONTENT_CANDIDATES`` nearest titles by content (so a title nobody rated
can still be found). Every signal that contributed becomes a reason a reader
can check: shared tags, the share of the anchor's audience that rated the
candidate 8+, and the sites that recommend it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kansou.recommend.content import ContentIndex
from kansou.recommend.interactions import LIKED_RATING

#: Signal weights. Audience similarity is the strongest evidence of "people who
#: liked this liked that"; content explains and covers unrated titles; links are
#: human judgements but sparse. Set by hand on the Cowboy Bebop / Trigun /
#: Fullmetal Alchemist lists (not tuned against a metric: see the report).
W_CF = 1.0
W_CONTENT = 0.5
W_LINKS = 0.5

#: Sites at which link strength reaches 1.
LINK_SITES_FULL = 3

#: ``similar_title_table`` re-ranks this many times ``n`` audience neighbours.
TABLE_SHORTLIST = 3

#: Nearest titles by content added to the candidates of one anchor.
CONTENT_CANDIDATES = 50

#: A content block contributes a reason only if the pair shares this many tags.
MIN_SHARED_GENRES = 2

#: An audience reason needs this many common watchers to be worth stating.
MIN_COMMON_WATCHERS = 5

#: ... and this share of the anchor's audience rating the title 8+: "7% of
#: people who rated X rated it 8+" is true but argues against, not for.
MIN_LIKED_SHARE = 0.15


@dataclass(frozen=True)
class SimilarLink:
    """A "similar" / recommendation link harvested from an ingested page."""

    title_mal_id: int
    similar_mal_id: int
    site: str
    votes: int = 1


class LinkTable:
    """Harvested links by anchor, both directions (a recommendation is symmetric)."""

    def __init__(self, links: Iterable[SimilarLink]) -> None:
        self.sites: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
        self.by_anchor: dict[int, set[int]] = defaultdict(set)
        for link in links:
            pair = (link.title_mal_id, link.similar_mal_id)
            for a, b in (pair, pair[::-1]):
                votes = self.sites[(a, b)]
                votes[link.site] = max(votes.get(link.site, 0), link.votes)
                self.by_anchor[a].add(b)

    def strength(self, a: int, b: int) -> float:
        sites = self.sites.get((a, b))
        return min(1.0, len(sites) / LINK_SITES_FULL) if sites else 0.0

    def reason(self, a: int, b: int) -> str | None:
        sites = self.sites.get((a, b))
        if not sites:
            return None
        votes = sum(sites.values())
        where = f"{len(sites)} sites" if len(sites) > 1 else next(iter(sites))
        by = f" ({votes} votes)" if votes > len(sites) else ""
        return f"recommended on {where}{by}"


@dataclass(frozen=True)
class Audience:
    """Who watched what: the ratings matrix by title, and the titles' ids."""

    by_item: sp.csc_matrix
    item_ids: np.ndarray
    knn: sp.csr_matrix

    def liked_share(self, anchor: int, other: int) -> tuple[float, int]:
        """Share of the anchor's watchers who rated ``other`` 8+, and how many watched both."""
        col_a = self.by_item[:, anchor]
        col_b = self.by_item[:, other]
        both = col_a.multiply(col_b > 0)
        common = int(both.nnz)
        liked = int((col_b.multiply(col_a > 0) >= LIKED_RATING).nnz)
        return (liked / col_a.nnz if col_a.nnz else 0.0), common


def content_reasons(content: ContentIndex, a: int, b: int) -> list[str]:
    """ "shares studio Bones", "shares genres Action, Sci-Fi" for what two titles share."""
    if a not in content.position or b not in content.position:
        return []
    reasons = []
    for kind, tags in content.shared(a, b).items():
        if kind in ("genre", "theme") and len(tags) < MIN_SHARED_GENRES:
            continue
        label = {"genre": "genres", "theme": "themes", "source": "source"}.get(kind, kind)
        reasons.append(f"shares {label} {', '.join(tags)}")
    return reasons


def audience_reason(audience: Audience, names: dict[int, str], a: int, b: int) -> str | None:
    ia, ib = item_position(audience.item_ids, a), item_position(audience.item_ids, b)
    if ia is None or ib is None:
        return None
    share, common = audience.liked_share(ia, ib)
    if common < MIN_COMMON_WATCHERS or share < MIN_LIKED_SHARE:
        return None
    return (
        f"{round(100 * share)}% of people who rated {names.get(a, f'MyAnimeList {a}')} rated it 8+"
    )


def candidate_scores(
    anchor: int,
    audience: Audience | None,
    content: ContentIndex | None,
    links: LinkTable,
) -> dict[int, float]:
    """Blended score of every candidate title for one anchor (MAL ids)."""
    cf = audience_neighbours(audience, anchor) if audience is not None else {}
    near = content_neighbours(content, anchor) if content is not None else {}
    candidates = set(cf) | set(near) | links.by_anchor.get(anchor, set())
    candidates.discard(anchor)
    return {
        mal_id: W_CF * cf.get(mal_id, 0.0)
        + W_CONTENT * near.get(mal_id, 0.0)
        + W_LINKS * links.strength(anchor, mal_id)
        for mal_id in candidates
    }


def item_position(item_ids: np.ndarray, mal_id: int) -> int | None:
    """Where ``mal_id`` sits in the sorted ``item_ids``, or None."""
    i = int(np.searchsorted(item_ids, mal_id))
    return i if i < len(item_ids) and item_ids[i] == mal_id else None


def audience_neighbours(audience: Audience, anchor: int) -> dict[int, float]:
    """The anchor's ``ItemKNN`` neighbours with their audience cosine."""
    i = item_position(audience.item_ids, anchor)
    if i is None:
        return {}
    row = audience.knn[i]
    return {int(audience.item_ids[j]): float(v) for j, v in zip(row.indices, row.data, strict=True)}


def content_neighbours(content: ContentIndex, anchor: int) -> dict[int, float]:
    """The anchor's nearest titles by content, with their cosine."""
    if anchor not in content.position:
        return {}
    sims = content.similarities(anchor)
    k = min(CONTENT_CANDIDATES, len(sims) - 1)
    top = np.argpartition(-sims, k)[: k + 1]
    return {content.records[j].mal_id: float(sims[j]) for j in top if sims[j] > 0}


def similar_title_table(
    audience: Audience,
    content: ContentIndex | None,
    links: LinkTable,
    n: int,
) -> dict[int, list[int]]:
    """The ``n`` most similar titles of every rated title at once (scores, no reasons).

    The batch form of ``candidate_scores`` for whole-catalog exports: each
    title's ``TABLE_SHORTLIST * n`` best audience neighbours are re-ranked by
    the full blend (content cosine of all pairs in one sparse product, link
    strength where links exist). Titles known only by content are left to
    ``candidate_scores``.
    """
    rows, cols, cf, width = _shortlist(audience.knn, TABLE_SHORTLIST * n)
    if not width:
        return {}
    score = W_CF * cf
    if content is not None:
        score += W_CONTENT * _pair_cosines(content, audience.item_ids, rows, cols)
    ids = audience.item_ids
    if links.sites:
        score += W_LINKS * np.array(
            [links.strength(int(ids[a]), int(ids[b])) for a, b in zip(rows, cols, strict=True)]
        )
    grid = score.reshape(-1, width)
    best = np.argsort(-grid, axis=1, kind="stable")[:, :n]
    anchors = rows.reshape(-1, width)[:, 0]
    picked = np.take_along_axis(cols.reshape(-1, width), best, axis=1)
    valid = np.take_along_axis(np.isfinite(grid), best, axis=1)
    return {
        int(ids[anchor]): [int(ids[c]) for c in chosen[ok]]
        for anchor, chosen, ok in zip(anchors, picked, valid, strict=True)
    }


def _shortlist(knn: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Each non-empty row's ``k`` best neighbours as flat (row, col, value) of equal width.

    Rows with fewer neighbours are padded with -inf values, dropped later.
    """
    counts = np.diff(knn.indptr)
    nonempty = np.flatnonzero(counts)
    if not len(nonempty):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), 0
    widest = int(counts.max())
    width = min(k, widest)
    padded = np.full((len(nonempty), widest), -np.inf)
    cols = np.zeros(padded.shape, dtype=np.int64)
    for slot, r in enumerate(nonempty):
        lo, hi = knn.indptr[r], knn.indptr[r + 1]
        padded[slot, : hi - lo] = knn.data[lo:hi]
        cols[slot, : hi - lo] = knn.indices[lo:hi]
    top = np.argpartition(-padded, width - 1, axis=1)[:, :width]
    values = np.take_along_axis(padded, top, axis=1).ravel()
    picked = np.take_along_axis(cols, top, axis=1).ravel()
    return np.repeat(nonempty, width), picked, values, width


def _pair_cosines(
    content: ContentIndex, item_ids: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """Content cosine of each (rows[k], cols[k]) title pair; 0 where a title has no record."""
    position = np.array([content.position.get(int(m), -1) for m in item_ids], dtype=np.int64)
    pa, pb = position[rows], position[cols]
    both = (pa >= 0) & (pb >= 0)
    out = np.zeros(len(rows), dtype=np.float64)
    if both.any():
        products = content.vectors[pa[both]].multiply(content.vectors[pb[both]])
        out[both] = np.asarray(products.sum(axis=1)).ravel()
    return out
