"""Interval honesty and speed of ``kansou.aggregate.consensus`` on real reviews.

Draws random subsets of k = 3, 5, 10, 30 of the 429 MyAnimeList reviews of
Cowboy Bebop and counts how often the credible interval from a subset covers
the mean of all 429 (nominal level: ``INTERVAL_LEVEL``). The baseline in the
same run is the textbook t-interval from the subset alone (no prior), which
collapses on subsets whose scores agree. Speed: consensus of 3,000 scores
against numpy's mean. The last line printed is one JSON object.

    python benchmarks/consensus.py [--draws 4000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _mal_reviews import load_scored_reviews, shared_missing

from kansou.aggregate.consensus import INTERVAL_LEVEL, consensus

SUBSET_SIZES = (3, 5, 10, 30)


def t_interval(x: np.ndarray, level: float) -> tuple[float, float]:
    """The prior-free baseline: mean +- t * s / sqrt(n)."""
    half = stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    return x.mean() - half, x.mean() + half


def coverage(scores: np.ndarray, k: int, draws: int, seed: int) -> dict[str, float]:
    """Share of k-subsets whose interval covers the mean of all scores, ours and baseline."""
    rng = np.random.default_rng(seed)
    truth = float(scores.mean())
    ours = base = 0
    widths = []
    for _ in range(draws):
        x = rng.choice(scores, k, replace=False)
        c = consensus(x.tolist())
        assert c.low is not None and c.high is not None
        ours += c.low <= truth <= c.high
        widths.append(c.high - c.low)
        lo, hi = t_interval(x, INTERVAL_LEVEL)
        base += lo <= truth <= hi
    return {
        "coverage": round(ours / draws, 4),
        "baseline_t_coverage": round(base / draws, 4),
        "mean_width": round(float(np.mean(widths)), 2),
    }


def measure(draws: int = 4000, seed: int = 5) -> dict[str, object]:
    """Coverage per subset size, on the real overall scores (0-100)."""
    scores = np.array([10.0 * r["overall"] for r in load_scored_reviews()])
    per_k = {str(k): coverage(scores, k, draws, seed + k) for k in SUBSET_SIZES}
    return {"level": INTERVAL_LEVEL, "n_all": len(scores), "mean_all": round(scores.mean(), 2),
            "draws": draws, "by_k": per_k}  # fmt: skip


def speed(n: int = 3000, repeats: int = 200) -> dict[str, float]:
    """Microseconds per consensus of n scores, beside numpy's plain mean of the same list."""
    scores = np.random.default_rng(0).integers(10, 101, n).astype(float).tolist()
    t0 = time.perf_counter()
    for _ in range(repeats):
        consensus(scores)
    ours = (time.perf_counter() - t0) / repeats
    t0 = time.perf_counter()
    for _ in range(repeats):
        float(np.mean(np.asarray(scores)))
    base = (time.perf_counter() - t0) / repeats
    return {"n": n, "consensus_us": round(ours * 1e6, 1), "numpy_mean_us": round(base * 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=4000)
    args = parser.parse_args()
    if why := shared_missing():
        sys.exit(why)
    result = measure(args.draws)
    for k, row in result["by_k"].items():  # type: ignore[attr-defined]
        cov, base = row["coverage"], row["baseline_t_coverage"]
        print(f"k={k:>3}  coverage {cov:.3f}  t-baseline {base:.3f}  width {row['mean_width']}")
    result["speed"] = speed()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
