"""Candidate generation for title resolution: exact keys, a trigram index, then rapidfuzz.

A query never scans every name. It is looked up under two exact keys (the
match key and the same without spaces), then under its rarest character
trigrams in an inverted index; the few dozen names sharing the most rare
trigrams are re-ranked with rapidfuzz. ``TitleIndex`` is plain data built from
``IndexedName`` rows; it knows nothing of the database.

``match_key`` is stricter about sameness than ``kansou.resolve.names.title_key``
is about display: beyond case, width, entities and punctuation it folds Latin
diacritics ("Shōnen" = "Shounen" = "Shonen"), the romanization variants of long
vowels (ou/oo -> o, uu -> u; "wo" particle -> "o") and "×" to "x", and it
drops a trailing qualifier such as "(TV)" or "(2011)".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))
#: A trailing "(TV)", "(Movie)", "(2011)": MyAnimeList's way to tell apart
#: titles of one name. It is not part of the name; ``titles`` reads it as a marker.
QUALIFIER = re.compile(
    r"\s*[(\[]\s*(tv|movie|ova|ona|special|music|\d{4})\s*[)\]]\s*$", re.IGNORECASE
)
_CHAR_FOLDS = str.maketrans({"×": "x", "&": " and ", "☆": " ", "★": " ", "♪": " "})

#: Candidates kept from the trigram index before re-ranking. Calibrated on
#: the CooperUnion-vs-MAL set: the right title was in the top 40 for every
#: name it was anywhere in the index, and 48 leaves room for names tied on
#: shared trigrams (24 cut such ties where numpy's partition left them: 92.5%
#: or 92.7% differing names by numpy version); 48 keeps re-ranking under 1 ms.
CANDIDATES = 48
#: Rarest query trigrams looked up (more costs time, fewer misses typos).
QUERY_GRAMS = 10
#: Stop adding trigrams once their postings hold this many names: the rarest
#: grams already single out the title; common ones ("the", " no") only cost.
POSTINGS_BUDGET = 2000
#: When the query's key is itself indexed, only names sharing its rarest
#: trigrams can come close enough to rival it; fewer postings are read then.
EXACT_QUERY_GRAMS = 4
EXACT_POSTINGS_BUDGET = 400
#: Names handed on to the distance after re-ranking (ties on similarity kept).
RERANKED = 8
#: Rare whole words of the query looked up in the word index ("Nine: Original
#: Han" finds "Nine: Original-ban" by "nine" when its rarest trigrams, those of
#: the misspelt "han", lead elsewhere), and how rare a word must be to count.
QUERY_WORDS = 2
WORD_POSTINGS_MAX = 64
#: Words that say which edition of a franchise a name is ("OVA", "Specials",
#: "Recap", "The Movie"). ``titles`` reads them as markers; for similarity they
#: are left out, so "X Specials" meets "X: Subtitle" on "X".
EDITION_WORDS = frozenset(
    [
        "ova",
        "oad",
        "bonus",
        "omake",
        "tokuten",
        "ona",
        "special",
        "specials",
        "recap",
        "soshuhen",
        "movie",
        "film",
        "gekijoban",
        "tv",
        "the",
    ]
)
SEASON_WORDS = re.compile(
    r"\b(\d+)(?:st|nd|rd|th)? (?:season|part|cour)\b|\b(?:season|part|cour) (\d+)\b"
)
#: Phrases that name an extra rather than a title: "Episode 0", "Picture Drama".
_EXTRA_PHRASES = re.compile(r"\b(?:episode 0+|picture drama|drama cd)\b")
#: Similarity of a name whose words begin with all the other's (edition words
#: left out): "Elfen Lied Special" and "Elfen Lied: Tooriame nite ...".
#: Calibrated on CooperUnion vs MAL (75, 80, 85, 90 tried; 85 ranked best): the
#: title penalty alone keeps such a match from being strong, and an exact name
#: still wins.
PREFIX_SIMILARITY = 85.0
#: Weight of the ratio without edition words: "Kuroshitsuji Special" and
#: "Kuroshitsuji Recap" are alike at most this much, so the title penalty
#: alone keeps such a match from being strong (0.1 x 6 / 12 > 0.03); 0.95
#: ranked worse on CooperUnion vs MAL.
EDITION_BLIND = 0.9
#: Up to this much is added to ``PREFIX_SIMILARITY`` by the share of the query
#: the shared part covers, so that of "Symphogear" and "Symphogear G" the second
#: is nearer "Symphogear G: In the Distance, That Day...". A tie-breaker, not
#: evidence: on CooperUnion vs MAL any value from 0.5 to 2 gave the same results
#: (6 differing names turned right and 1 wrong, one more listing title right;
#: equal names unchanged); from 3 on it began to outweigh a disagreeing type
#: hint, and an exact name lost to its own prefix.
PREFIX_COVERAGE_BONUS = 1.0
#: A shared beginning shorter than this many characters says nothing.
PREFIX_MIN_CHARS = 6


def _ascii_base(char: str) -> str:
    if char.isascii():
        return char
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() else char


def match_key(name: str) -> str:
    """The key under which two spellings of a title count as the same string."""
    text = unicodedata.normalize("NFKC", html.unescape(name)).casefold()
    text = QUALIFIER.sub("", text).translate(_CHAR_FOLDS)
    if not text.isascii():
        text = "".join(_ascii_base(c) for c in text)
    tokens = []
    for token in _NON_WORD.sub(" ", text).split():
        if token.isascii():
            for long, short in _LONG_VOWELS:
                token = token.replace(long, short)
            token = "o" if token == "wo" else token
        tokens.append(token)
    return " ".join(tokens)


def edition_stripped(key: str) -> str:
    """A match key without its edition words and with "2nd Season"/"Season 2"/"Part 2"
    read as "2" (the key itself if nothing else is left)."""
    key = SEASON_WORDS.sub(lambda m: m.group(1) or m.group(2), key)
    key = _EXTRA_PHRASES.sub(" ", key)
    kept = [w for w in key.split() if w not in EDITION_WORDS]
    return " ".join(kept) if kept else key


def _contains(long: str, short: str) -> bool:
    """Whether ``long`` begins or ends with all the words of ``short`` (not too short)."""
    return len(short) >= PREFIX_MIN_CHARS and (
        long.startswith(short + " ") or long.endswith(" " + short)
    )


def trigrams(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass(frozen=True)
class IndexedName:
    """One name of one title: ``kind`` is main / official / synonym / short / document."""

    title_id: int
    name: str
    kind: str = "main"


@dataclass(frozen=True)
class Candidate:
    """A name that may be the query's title, with its similarity (0..1) to the query."""

    title_id: int
    name: str
    kind: str
    similarity: float


class TitleIndex:
    """Every name of every title, searchable by exact key and by trigram."""

    def __init__(self, names: Iterable[IndexedName]) -> None:
        self.names: list[IndexedName] = []
        self.keys: list[str] = []
        self.sorted_keys: list[str] = []
        self.stripped_keys: list[str] = []
        self.exact: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        words: dict[str, list[int]] = {}
        seen: set[tuple[int, str]] = set()
        for entry in names:
            key = match_key(entry.name)
            if not key or (entry.title_id, key) in seen:
                continue
            seen.add((entry.title_id, key))
            n = len(self.names)
            self.names.append(entry)
            self.keys.append(key)
            self.sorted_keys.append(" ".join(sorted(key.split())))
            self.stripped_keys.append(edition_stripped(key))
            for exact in {key, key.replace(" ", "")}:
                self.exact.setdefault(exact, []).append(n)
            for gram in trigrams(key):
                postings.setdefault(gram, []).append(n)
            for word in set(key.split()):
                words.setdefault(word, []).append(n)
        self.postings = {g: np.asarray(p, dtype=np.int32) for g, p in postings.items()}
        self.gram_counts = np.asarray([len(trigrams(k)) for k in self.keys], dtype=np.int32)
        self.words = {w: p for w, p in words.items() if len(p) <= WORD_POSTINGS_MAX}

    def __len__(self) -> int:
        return len(self.names)

    def exact_titles(self, key: str) -> set[int]:
        """Titles with a name whose match key is exactly ``key``."""
        return {self.names[i].title_id for i in self.exact.get(key, ())}

    def same_key(self, query: str) -> list[Candidate]:
        """Names whose match key is exactly the query's (similarity 1): no trigram is read."""
        key = match_key(query)
        names, keys = self.names, self.keys
        return [
            Candidate(names[i].title_id, names[i].name, names[i].kind, 1.0)
            for i in self.exact.get(key, ())
            if keys[i] == key
        ]

    def candidates(
        self, query: str, limit: int = CANDIDATES, keep: int = RERANKED
    ) -> list[Candidate]:
        """The ``keep`` names most like ``query``, best first, re-ranked from ``limit``.

        Exact-key hits are always kept, however many there are: names that
        only hints can tell apart ("Gintama", "Gintama'", "Gintama.") must all
        reach the distance.
        """
        key = match_key(query)
        if not key:
            return []
        exact = set(self.exact.get(key, ())) | set(self.exact.get(key.replace(" ", ""), ()))
        grams, budget = (
            (EXACT_QUERY_GRAMS, EXACT_POSTINGS_BUDGET) if exact else (QUERY_GRAMS, POSTINGS_BUDGET)
        )
        found_set = exact.union(self._by_trigrams(key, limit, grams, budget))
        if not exact:
            found_set.update(self._by_rare_words(key))
        stripped = edition_stripped(key)
        if stripped != key and not exact:
            # "X Picture Drama": the edition words' trigrams must not crowd out X's.
            found_set.update(self._by_trigrams(stripped, limit, grams, budget))
        found = sorted(found_set)
        if not found:
            return []
        scores = (self._similarities(key, found) / 100).tolist()
        order = sorted(range(len(found)), key=lambda j: -scores[j])[:keep]
        chosen = set(order)
        order += [j for j, i in enumerate(found) if i in exact and j not in chosen]
        names = self.names
        return [
            Candidate(
                names[found[j]].title_id, names[found[j]].name, names[found[j]].kind, scores[j]
            )
            for j in order
        ]

    def _similarities(self, key: str, found: list[int]) -> np.ndarray:
        """Title similarity 0..100: the best of the plain ratio, the word-order-insensitive
        ratio, the ratio without edition words and the shared-beginning score.

        The word-sorted keys are kept with the index, so both are plain
        ``fuzz.ratio`` (``token_sort_ratio`` would sort every choice per query).
        """
        plain = process.cdist([key], [self.keys[i] for i in found], scorer=fuzz.ratio, workers=1)
        unordered = process.cdist(
            [" ".join(sorted(key.split()))],
            [self.sorted_keys[i] for i in found],
            scorer=fuzz.ratio,
            workers=1,
        )
        stripped = edition_stripped(key)
        forms = [self.stripped_keys[i] for i in found]
        bare = process.cdist([stripped], forms, scorer=fuzz.ratio, workers=1)[0] * EDITION_BLIND
        best = np.maximum(np.maximum(plain[0], unordered[0]), bare)
        if len(stripped) >= PREFIX_MIN_CHARS:
            shared = [_contains(f, stripped) or _contains(stripped, f) for f in forms]
            n = len(stripped)
            covered = np.minimum(np.array([len(f) for f in forms]), n) / n
            prefix = PREFIX_SIMILARITY + PREFIX_COVERAGE_BONUS * covered
            best = np.where(shared, np.maximum(best, prefix), best)
        return best

    def _by_rare_words(self, key: str) -> list[int]:
        """Names holding the query's rarest whole words (words too common are not indexed)."""
        found = ((w, p) for w in set(key.split()) if (p := self.words.get(w)))
        lists = [p for _, p in sorted(found, key=lambda wp: (len(wp[1]), wp[0]))]
        return [i for postings in lists[:QUERY_WORDS] for i in postings]

    def _by_trigrams(self, key: str, limit: int, grams: int, budget_left: int) -> list[int]:
        found = ((g, p) for g in trigrams(key) if (p := self.postings.get(g)) is not None)
        ranked = [p for _, p in sorted(found, key=lambda gp: (len(gp[1]), gp[0]))]
        lists: list[np.ndarray] = []
        budget = 0
        for postings in ranked[:grams]:
            if lists and budget + len(postings) > budget_left:
                break
            lists.append(postings)
            budget += len(postings)
        if not lists:
            return []
        ids, counts = np.unique(np.concatenate(lists), return_counts=True)
        if len(ids) <= limit:
            return ids.tolist()
        # Most shared trigrams first; of names sharing as many, the one nearest the
        # query's length (the higher overlap of both), then the lower id: never the
        # order a numpy version's partition leaves ties in.
        apart = np.abs(self.gram_counts[ids] - len(trigrams(key)))
        top = np.lexsort((ids, apart, -counts))[:limit]
        return ids[top].tolist()
