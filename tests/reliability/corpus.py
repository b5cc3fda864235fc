"""Generated batches of pages for the crash-safety, concurrency and limit tests.

Every page has a distinct body (so a distinct sha256) and the shape of a real
review or title page, so the general extractor stores it; a few rejects (an
empty file, a binary file) ride along, as real batches hold them.
"""

from __future__ import annotations

import random
from pathlib import Path

SHOWS = ("Starfall Academy", "Iron Lotus", "Paper Moon Rangers", "Quiet Harbor", "Neon Tanuki")
SCALES = ("{a}/10", "{b}/5", "{c}/100", "{b} stars", "{a} out of 10")
ASPECTS = ("animation", "music", "pacing", "characters", "story", "voice acting")

TEXT_PAGE = """Review: {show} {n}

{show} {n} is a {year} TV anime by Studio {studio} with {eps} episodes.

Reviewed by {author} on March {day}, 2024.

The {good} is lovely and the {good2} stands out, but the {bad} drags in the middle episodes.

Score: {score}
"""

HTML_PAGE = """<!doctype html><html><head><title>{show} {n} review</title></head><body>
<nav><a href="/">Home</a> <a href="/reviews">Reviews</a></nav>
<article><h1>{show} {n} review</h1><p>By {author}, March {day}, 2024</p>
<p>The {good} is lovely and the {good2} stands out, but the {bad} drags.</p>
<p>Rating: {score}</p></article><footer>Copyright 2024</footer></body></html>
"""


def page(n: int, rng: random.Random) -> tuple[str, str]:
    """Page ``n``: its file suffix and its text."""
    a = rng.randint(1, 10)
    values = {
        "show": SHOWS[n % len(SHOWS)],
        "n": n,
        "year": 2000 + n % 25,
        "studio": rng.choice(("Kite", "Bones", "Sunrise", "Gainax")),
        "eps": rng.choice((12, 13, 24, 26)),
        "author": f"Reviewer {n}",
        "day": 1 + n % 28,
        "good": rng.choice(ASPECTS),
        "good2": rng.choice(ASPECTS),
        "bad": rng.choice(ASPECTS),
        "score": rng.choice(SCALES).format(a=a, b=rng.randint(1, 5), c=rng.randint(0, 100)),
    }
    if n % 3 == 0:
        return ".html", HTML_PAGE.format(**values)
    return ".txt", TEXT_PAGE.format(**values)


def write_batch(directory: Path, n_pages: int, *, seed: int = 8, rejects: bool = True) -> Path:
    """Write ``n_pages`` pages (plus two rejects) under ``directory``; return it."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(n_pages):
        suffix, text = page(n, rng)
        (directory / f"page-{n:04d}{suffix}").write_text(text, encoding="utf-8")
    if rejects:
        (directory / "zz-empty.txt").write_bytes(b"")
        (directory / "zz-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return directory
