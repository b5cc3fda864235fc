"""Small rating tables with a known structure: two audiences with opposite tastes."""

from __future__ import annotations

import numpy as np

ACTION = list(range(101, 111))
ROMANCE = list(range(201, 211))

CATALOG_CSV = """uid,title,genre,synopsis
101,Cowboy Bebop,Action|Sci-Fi|Space,Bounty hunters chase outlaws across space aboard the Bebop.
102,Trigun,Action|Sci-Fi|Adventure,A gunman with a bounty on his head wanders a desert planet.
103,Outlaw Star,Action|Sci-Fi|Space,Outlaws hunt treasure across space on a stolen ship.
104,Samurai Champloo,Action|Adventure,Two swordsmen escort a girl across Edo Japan.
201,Clannad,Romance|Drama|School,A delinquent meets a girl repeating her final school year.
202,Toradora,Romance|Comedy|School,A small girl and a feared boy plot their crushes at school.
"""


def taste_table(seed: int = 7) -> list[tuple[int, int, int]]:
    """(user, title, score): users 0-19 love action and dislike romance, 20-39 the reverse."""
    rng = np.random.default_rng(seed)
    rows = []
    for user in range(40):
        loved, disliked = (ACTION, ROMANCE) if user < 20 else (ROMANCE, ACTION)
        for title in rng.choice(loved, size=7, replace=False):
            rows.append((user, int(title), int(rng.integers(8, 11))))
        for title in rng.choice(disliked, size=2, replace=False):
            rows.append((user, int(title), int(rng.integers(3, 6))))
    return rows
