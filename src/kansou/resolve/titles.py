"""Title resolution as a weighted distance of named penalties, with its evidence.

A query (a title as some page writes it, with optional hints: year, media
type, episode count) is compared with the candidates from ``TitleIndex``.
Each candidate title gets a distance in [0, 1] built from named penalties
(title similarity, sequel markers, spelling, alias kind, year, type,
episodes) whose weights live in ``weights.yaml``. The thresholds there turn
the best distance into a strength: strong / medium / weak / none. A strong
match must also beat the runner-up title by a margin: two titles that fit
equally well are never a strong match for either.

Seasons, sequels, movies and recaps of one franchise stay apart: their names
differ in markers ("2nd Season", "Season 2", "II", "Movie", "Recap", a
trailing number) and a marker mismatch is a heavy penalty of its own. A kind
word ("OVA", "Specials", "Recap") is satisfied by the other side's media
type, so "X Specials" can be the Special "X: Subtitle". A number stated on
one side only is doubt, not contradiction: it ranks, but such a match is at
most weak (reviewed, never merged). Strong is honest: it needs a clear lead
over the runner-up, hints that agree, and a name found as written (a match
through a translated franchise name is at most medium).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kansou.resolve.index import QUALIFIER, SEASON_WORDS, Candidate, TitleIndex, match_key

WEIGHTS_FILE = Path(__file__).with_name("weights.yaml")
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6}
_WORD_NUMBERS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_SEASON = re.compile(
    r"\b(\d+)(?:st|nd|rd|th)\s+(?:season|series|part|cour)\b"
    r"|\b(?:season|series|part|cour)\s*(\d+)\b"
    r"|\b(second|third|fourth|fifth|sixth)\s+season\b"
    r"|\b(?:movie|film|ova)\s*(\d+)\b"
    r"|(?:^|\s)(\d{1,2})\s*:"
)
_TRAILING_NUMBER = re.compile(r"(?:\s|:)(\d{1,2})\s*$")
_KIND_WORDS = {
    "movie": re.compile(r"\b(?:movie|film|gekijouban|gekijoban)\b|劇場版"),
    "ova": re.compile(r"\b(?:ova|oad)\b"),
    "special": re.compile(r"\b(?:specials?|tokubetsu[- ]hen)\b"),
    "recap": re.compile(r"\b(?:recap|soushuuhen|soushuhen|digest)\b|総集編"),
    "final": re.compile(r"\b(?:final season|kanketsu[- ]?hen)\b"),
}
#: Type pairs that sites file differently for one title, and their penalty.
_SIMILAR_TYPES = (
    ({"Special", "Music"}, 0.2),  # manami (hence the id mappings) has no Music type
    ({"OVA", "Special"}, 0.5),
    ({"TV", "ONA"}, 0.5),
    ({"OVA", "ONA"}, 0.5),
)
#: Penalty for a hint the catalog title does not know (a title with no facts
#: must not beat one whose facts were checked). Calibrated on CooperUnion vs MAL.
UNKNOWN_FACT = 0.25
#: A match found through a translated franchise name must beat the match of
#: the query as written by this much (a tie keeps the name as written).
REWRITE_COST = 0.02
#: Franchise names tried per query, and the shortest worth translating.
MAX_REWRITES = 2
MIN_FRANCHISE_CHARS = 6
_WORD = re.compile(r"[^\W_]+")
#: A strong match has no hint that disagrees by more than this: "2 episodes"
#: against a catalog's 3 (0.33) or a TV/ONA filing (0.5) leaves it medium.
#: Calibrated on CooperUnion vs MAL, where exact names with such hints were
#: the strong matches that were wrong.
STRONG_HINT_LIMIT = 0.3
#: Candidates this much less similar than the best are not scored: with the
#: title weight they end farther than any threshold from the best (keeps p99 low).
PRUNE_BELOW_BEST = 0.3
#: Alias penalty by the kind of name matched. The title's own name costs
#: nothing; another catalog's main name a little (AniDB groups a show and its
#: specials under one "Black Clover" where MAL keeps them apart).
_ALIAS_KINDS = {
    "own": 0.0,
    "main": 0.2,
    "official": 0.2,
    "document": 0.2,
    "synonym": 0.5,
    "short": 1.0,
}


#: The evidence line of each kind of name matched, as a reader says it.
_ALIAS_WORDS = {
    "own": "matched the title's own name",
    "main": "matched another catalog's main name",
    "official": "matched an official name",
    "document": "matched a name a stored page used",
    "synonym": "matched a synonym",
    "short": "matched a short name",
}


def matched_words(kind: str) -> str:
    return _ALIAS_WORDS.get(kind, f"matched a name of kind '{kind}'")


class Strength(StrEnum):
    """How sure a match is; only strong and medium matches are linked without review."""

    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"
    NONE = "none"

    @property
    def rank(self) -> int:
        """0 for strong, rising as a match is less sure: a sort key, surest first."""
        return list(Strength).index(self)


#: Strengths linked without review.
LINKED = (Strength.STRONG, Strength.MEDIUM)


@dataclass(frozen=True)
class Weights:
    """The penalty weights and strength thresholds of ``weights.yaml``."""

    penalties: Mapping[str, float]
    strong: float
    medium: float
    weak: float
    margin: float


def load_weights(path: Path | None = None) -> Weights:
    """Read the weights (``weights.yaml`` shipped with the package unless ``path`` is given)."""
    return _load(path or WEIGHTS_FILE)


@cache
def _load(path: Path) -> Weights:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    s = data["strengths"]
    return Weights(
        {k: float(v) for k, v in data["penalties"].items()},
        float(s["strong"]),
        float(s["medium"]),
        float(s["weak"]),
        float(data["margin"]),
    )


@dataclass(frozen=True)
class TitleFacts:
    """What the catalog knows of a title, for the hint penalties."""

    name: str
    media_type: str | None = None
    episodes: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class Hints:
    """What the page says of the title besides its name; any may be unknown."""

    year: int | None = None
    media_type: str | None = None
    episodes: int | None = None


@dataclass(frozen=True)
class Penalty:
    """One named part of a distance: ``value`` in [0, 1], its weight and why."""

    name: str
    value: float
    weight: float
    note: str


@dataclass(frozen=True)
class TitleMatch:
    """A candidate title scored against the query."""

    title_id: int
    name: str
    matched_name: str
    distance: float
    penalties: tuple[Penalty, ...]

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(f"{p.name}: {p.note}" for p in self.penalties)


@dataclass(frozen=True)
class Resolution:
    """The outcome for one query: the best match (None when there is none) and its strength.

    ``runner_up`` is the next title weighed; None when there was none, or when
    the query's exact key settled the match (no other name could come close).
    """

    query: str
    match: TitleMatch | None
    strength: Strength
    runner_up: TitleMatch | None = None
    candidates: tuple[TitleMatch, ...] = field(default=(), repr=False)

    @property
    def distance(self) -> float | None:
        return self.match.distance if self.match else None


@cache
def sequel_markers(name: str) -> frozenset[str]:
    """Markers that set a season, sequel, movie or recap apart from its franchise's first title.

    Numbers come out as ``n2``, ``n3``... ("2nd Season", "Season 2", "II",
    "Movie 2", a trailing "2"); a first season is unmarked. Kind words come
    out as ``movie``, ``ova``, ``special``, ``recap``, ``final``.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    found: set[str] = set()
    for m in _SEASON.finditer(text):
        number = m.group(1) or m.group(2) or m.group(4) or m.group(5)
        found.add(f"n{int(number) if number else _WORD_NUMBERS[m.group(3)]}")
    for token in re.findall(r"\b[iv]+\b", text):
        if token in _ROMAN:
            found.add(f"n{_ROMAN[token]}")
    trailing = _TRAILING_NUMBER.search(text)
    if trailing and not found:
        found.add(f"n{int(trailing.group(1))}")
    found.update(kind for kind, pattern in _KIND_WORDS.items() if pattern.search(text))
    qualifier = QUALIFIER.search(text)
    if qualifier:
        word = qualifier.group(1)
        found.add(f"y{word}" if word.isdigit() else word)
    found.discard("n1")
    return frozenset(found)


#: Media types that stand in for a kind word the other name lacks: "X Recap"
#: may be filed as a Special named "X - Roundup"; "X OVA" as an OVA with a subtitle.
_KIND_TYPES = {
    "movie": {"movie"},
    "ova": {"ova", "special", "ona"},
    "special": {"special", "ova", "ona"},
    "recap": {"special", "ova", "movie"},
}
#: Sequel penalty when only one side states a number ("Pokemon: Kesshoutou no
#: Teiou Entei" for "Pokemon Movie 03: ..."): a first season is unmarked, so
#: this is doubt, not contradiction (two different numbers cost 1.0). It only
#: ranks: such a match is never more than weak, so a season never merges
#: into its first season unreviewed. Calibrated on CooperUnion vs MAL (0.15,
#: 0.25, 0.4 tried: 0.15 ranked best; an unnumbered title of the same name
#: still wins).
ONE_SIDED_NUMBER = 0.15
#: Sequel penalty for a year qualifier ("Kabi Usagi (2016)") when the query
#: gives no year: the qualifier only tells same-named titles apart, so it
#: costs just enough to rank the unqualified name first; weighted, it stays
#: below the strong margin, so such a near-tie is never called strong.
UNCHECKED_YEAR = 0.05


@cache
def _satisfied(media_type: str | None, year: int | None) -> frozenset[str]:
    """Markers a side's type or year stands in for ("Movie" for "(Movie)", 2011 for "(2011)")."""
    kind = (media_type or "").casefold()
    out = {kind, f"y{year}"}
    out.update(word for word, types in _KIND_TYPES.items() if kind in types)
    if kind == "special":
        out.add("music")  # manami (hence the id mappings) files music videos as specials
    return frozenset(out)


def sequel_mismatch(
    query: str, name: str, hints: Hints, facts: TitleFacts | None
) -> frozenset[str]:
    """Markers one side states that the other lacks; empty when the two can be one title.

    A kind word that its own side's type contradicts is not a marker. A kind
    word or qualifier ("OVA", "Recap", "(Movie)", "(2011)") in one name
    is also satisfied by the other side's media type or year: "Bungou Stray
    Dogs OVA" can be an OVA whose catalog name has a subtitle instead.
    """
    q, n = sequel_markers(query), sequel_markers(name)
    q_numbers = {m for m in q if m.startswith("n")}
    n_numbers = {m for m in n if m.startswith("n")}
    q_kinds = _kind_markers(q - q_numbers - n, hints.media_type)
    n_kinds = _kind_markers(n - n_numbers - q, facts.media_type if facts else None)
    name_side = _satisfied(facts.media_type, facts.year) if facts else frozenset()
    query_side = _satisfied(hints.media_type, hints.year)
    missing = (q_numbers ^ n_numbers) | (q_kinds - n_kinds - name_side)
    return frozenset(missing | (n_kinds - q_kinds - query_side))


@cache
def _kind_markers(markers: frozenset[str], media_type: str | None) -> frozenset[str]:
    """Kind words that describe the title itself: one its own type contradicts is part
    of the franchise's name ("Break Blade Movie Picture Drama" is a Special)."""
    kind = (media_type or "").casefold()
    if not kind:
        return markers
    return frozenset(m for m in markers if m not in _KIND_TYPES or kind in _KIND_TYPES[m])


def sequel_value(query: str, name: str, mismatch: frozenset[str], hints: Hints) -> float:
    """The sequel penalty of a mismatch: 1 for a contradiction, less for mere doubt.

    Contradictions: two different numbers, a kind word the other side's type
    does not satisfy, a year qualifier against a different year. Doubt: a
    number on one side only (``ONE_SIDED_NUMBER``), a year qualifier when the
    query gives no year (``UNCHECKED_YEAR``), or two different edition words
    that one type satisfies ("X Special" and "X Recap", both Specials), which
    costs as much as a one-sided number.
    """
    if not mismatch:
        return ONE_SIDED_NUMBER if _other_edition(query, name) else 0.0
    numbers = {m for m in mismatch if m.startswith("n")}
    years = {m for m in mismatch if m.startswith("y")}
    if mismatch - numbers - years:
        return 1.0
    if years and (hints.year is not None or years & sequel_markers(query)):
        return 1.0
    value = UNCHECKED_YEAR if years else 0.0
    if numbers:
        sides = [{m for m in sequel_markers(x) if m.startswith("n")} for x in (query, name)]
        value = max(value, 1.0 if all(sides) else ONE_SIDED_NUMBER)
    return value


def _other_edition(query: str, name: str) -> bool:
    """Whether both names state kind words ("Special", "Recap") and share none."""
    q, n = ({m for m in sequel_markers(x) if m in _KIND_TYPES} for x in (query, name))
    return bool(q and n and not q & n)


@cache
def _spelling(name: str) -> str:
    return " ".join(QUALIFIER.sub("", unicodedata.normalize("NFKC", name).casefold()).split())


def _spelled_alike(a: str, b: str) -> bool:
    return _spelling(a) == _spelling(b)


def _type_penalty(a: str, b: str) -> float:
    if a.casefold() == b.casefold():
        return 0.0
    return next((value for pair, value in _SIMILAR_TYPES if {a, b} == pair), 1.0)


def penalties(
    query: str, candidate: Candidate, facts: TitleFacts | None, hints: Hints, w: Weights
) -> list[Penalty]:
    """The named penalties of one candidate name against the query and its hints."""
    pw = w.penalties
    mismatch = sequel_mismatch(query, candidate.name, hints, facts)
    alike = _spelled_alike(query, candidate.name)
    kind = "own" if facts and candidate.name == facts.name else candidate.kind
    out = [
        Penalty(
            "title",
            1.0 - candidate.similarity,
            pw["title"],
            f"'{candidate.name}' is {candidate.similarity:.2f} similar to '{query}'",
        ),
        Penalty(
            "sequel",
            sequel_value(query, candidate.name, mismatch, hints),
            pw["sequel"],
            f"markers differ: {', '.join(sorted(mismatch))}"
            if mismatch
            else "same season/sequel markers",
        ),
        Penalty(
            "spelling",
            0.0 if alike else 1.0,
            pw["spelling"],
            "same spelling" if alike else "spelled differently",
        ),
        Penalty("alias", _ALIAS_KINDS.get(kind, 0.5), pw["alias"], matched_words(kind)),
    ]
    return out + _hint_penalties(hints, facts, pw)


def _hint_penalties(
    hints: Hints, facts: TitleFacts | None, pw: Mapping[str, float]
) -> list[Penalty]:
    """Year, type and episodes: compared when both sides know them; unknown in the catalog
    costs ``UNKNOWN_FACT``; a hint the query lacks costs nothing."""
    out = []
    for name, ours in (
        ("year", hints.year),
        ("type", hints.media_type),
        ("episodes", hints.episodes),
    ):
        if not ours:
            continue
        theirs = getattr(facts, "media_type" if name == "type" else name, None)
        if not theirs:
            out.append(Penalty(name, UNKNOWN_FACT, pw[name], f"{ours} vs unknown"))
            continue
        out.append(Penalty(name, _hint_value(name, ours, theirs), pw[name], f"{ours} vs {theirs}"))
    return out


def _hint_value(name: str, ours: Any, theirs: Any) -> float:
    if name == "year":
        gap = abs(ours - theirs)
        return 0.0 if gap == 0 else 0.5 if gap == 1 else 1.0
    if name == "type":
        return _type_penalty(ours, theirs)
    return float(abs(ours - theirs) / max(ours, theirs))


def distance(parts: list[Penalty]) -> float:
    """Weighted mean of the penalties that apply: 0 is a perfect match, 1 nothing alike."""
    total = sum(p.weight for p in parts)
    return sum(p.weight * p.value for p in parts) / total if total else 1.0


def resolve_title(
    index: TitleIndex,
    facts: Mapping[int, TitleFacts],
    query: str,
    hints: Hints | None = None,
    weights: Weights | None = None,
    exclude: frozenset[int] = frozenset(),
) -> Resolution:
    """The best title for ``query``, its strength, and the runner-up it was weighed against.

    Titles in ``exclude`` (pairs a reviewer rejected) are never proposed.
    Unless the match is strong, the query is also tried with its franchise
    name translated (see ``franchise_rewrites``) and, for "X 4th Season", as
    the title that season is by air date (see ``season_by_air_order``). Such
    a rewrite wins only when it is closer by ``REWRITE_COST``; a translated
    match is never strong, a counted season never more than weak.
    """
    w = weights or load_weights()
    hints = hints or Hints()
    res = _resolve_once(index, facts, query, hints, w, exclude)
    if res.strength is Strength.STRONG:
        return res
    for rewritten in franchise_rewrites(index, facts, query):
        alt = _resolve_once(index, facts, rewritten, hints, w, exclude)
        res = _rewrite_wins(res, alt, Strength.MEDIUM)
    counted = season_by_air_order(index, facts, query, hints)
    if counted is not None:
        name, why = counted
        alt = _resolve_once(index, facts, name, hints, w, exclude)
        if alt.match is not None:
            note = Penalty("season order", 0.0, 0.0, why)
            alt = replace(alt, match=replace(alt.match, penalties=(*alt.match.penalties, note)))
        res = _rewrite_wins(res, alt, Strength.WEAK)
    return res


def _rewrite_wins(res: Resolution, alt: Resolution, ceiling: Strength) -> Resolution:
    """``alt`` (the query rewritten) in place of ``res`` when it is closer by ``REWRITE_COST``,
    no stronger than ``ceiling``; else ``res``."""
    if alt.match is None:
        return res
    if res.match is not None and alt.match.distance + REWRITE_COST >= res.match.distance:
        return res
    strength = max(alt.strength, ceiling, key=lambda x: x.rank)
    return replace(alt, query=res.query, strength=strength)


def season_by_air_order(
    index: TitleIndex, facts: Mapping[int, TitleFacts], query: str, hints: Hints
) -> tuple[str, str] | None:
    """For "X 4th Season" when no catalog name of X states the number: the catalog name of
    the 4th title of X's type by air date, and why; else None.

    Sequels are often renamed by subtitle ("Senki Zesshou Symphogear 4th Season"
    is "... Symphogear AXZ"). X's titles are those with a name that is X or
    begins with it, of the hinted type (TV when none is given), with a known
    year. It is a count, not a name match, so the result is at most weak: it
    is listed for review and never linked on its own.
    """
    key = match_key(query)
    season = SEASON_WORDS.search(key)
    if season is None:
        return None
    number = int(season.group(1) or season.group(2))
    stem = " ".join((key[: season.start()] + key[season.end() :]).split())
    if number < 2 or len(stem) < MIN_FRANCHISE_CHARS:
        return None
    kind = (hints.media_type or "TV").casefold()
    family: dict[int, TitleFacts] = {}
    for candidate in index.candidates(stem):
        name_key = match_key(candidate.name)
        title = facts.get(candidate.title_id)
        if name_key != stem and not name_key.startswith(stem + " "):
            continue
        if f"n{number}" in sequel_markers(candidate.name):
            return None  # the number is written: the search by name finds it
        if title and title.year and (title.media_type or "").casefold() == kind:
            family[candidate.title_id] = title
    ordered = sorted(family, key=lambda t: (family[t].year or 0, t))
    if len(ordered) < number:
        return None
    chosen = family[ordered[number - 1]]
    years = ", ".join(str(family[t].year) for t in ordered)
    why = f"title {number} of {len(ordered)} of '{stem}' ({kind}) by air date: {years}"
    return chosen.name, why


def franchise_rewrites(index: TitleIndex, facts: Mapping[int, TitleFacts], query: str) -> list[str]:
    """The query with its franchise name replaced by the catalog's own name for it.

    The longest run of leading words that is, exactly, another name of some
    title ("Ghost in the Shell: Stand Alone Complex", "Mobile Suit Gundam")
    is replaced by that title's catalog name ("Koukaku Kidoutai: Stand Alone
    Complex", "Kidou Senshi Gundam"), the rest kept as written: translated
    franchise names are learnt from the catalog's aliases, not listed.
    """
    text = unicodedata.normalize("NFKC", html.unescape(query))
    # The key leaves out a closing qualifier ("(TV)", "(2016)"); the rewrite keeps it.
    words = list(_WORD.finditer(QUALIFIER.sub("", text)))
    key = match_key(query).split()
    if len(words) != len(key):
        return []
    for cut in range(len(key) - 1, 0, -1):
        prefix = " ".join(key[:cut])
        if len(prefix) < MIN_FRANCHISE_CHARS:
            break
        mains = {
            facts[t].name
            for t in index.exact_titles(prefix)
            if t in facts and match_key(facts[t].name) != prefix
        }
        if mains:
            rest = text[words[cut - 1].end() :]
            return [main + rest for main in sorted(mains)[:MAX_REWRITES]]
    return []


def _resolve_once(
    index: TitleIndex,
    facts: Mapping[int, TitleFacts],
    query: str,
    hints: Hints,
    w: Weights,
    exclude: frozenset[int],
) -> Resolution:
    """The best candidate title for ``query`` as written, its strength and runner-up."""
    settled = _settled_by_exact_key(index, facts, query, hints, w, exclude)
    if settled is not None:
        return settled
    found = [c for c in index.candidates(query) if c.title_id not in exclude]
    found.sort(key=lambda c: -c.similarity)
    floor = (found[0].similarity if found else 0.0) - PRUNE_BELOW_BEST
    # No distance can be below the title penalty over the largest possible total weight.
    bound = w.penalties["title"] / sum(w.penalties.values())
    best: dict[int, TitleMatch] = {}
    for candidate in found:
        if candidate.similarity < floor or _settled(best, bound * (1 - candidate.similarity), w):
            break
        _score_into(best, query, candidate, facts, hints, w)
    return _decided(query, best, w)


def _settled_by_exact_key(
    index: TitleIndex,
    facts: Mapping[int, TitleFacts],
    query: str,
    hints: Hints,
    w: Weights,
    exclude: frozenset[int],
) -> Resolution | None:
    """The resolution when names with the query's exact match key settle it, else None.

    A name whose key differs from the query's is spelled differently, so its
    distance is at least the spelling weight over the query's total weight
    (every other penalty is at least 0). When the best same-key title is
    below that floor by the strong margin, no other name can beat it or come
    close enough to weaken it: the trigram search is skipped, and the result
    is the one the full search gives (its runner-up is the best other
    same-key title, if any). Most pages write titles as a catalog does, so
    this is the common case.
    """
    best: dict[int, TitleMatch] = {}
    for candidate in index.same_key(query):
        if candidate.title_id not in exclude:
            _score_into(best, query, candidate, facts, hints, w)
    if not best:
        return None
    top = min(best.values(), key=lambda m: m.distance)
    # Every name of this query is weighed by the same penalties, so any match's total serves.
    floor = w.penalties["spelling"] / sum(p.weight for p in top.penalties)
    if floor - top.distance < w.margin:
        return None
    return _decided(query, best, w)


def _score_into(
    best: dict[int, TitleMatch],
    query: str,
    candidate: Candidate,
    facts: Mapping[int, TitleFacts],
    hints: Hints,
    w: Weights,
) -> None:
    """Score one candidate name; keep it if it is its title's closest name so far."""
    title = facts.get(candidate.title_id)
    parts = penalties(query, candidate, title, hints, w)
    d = distance(parts)
    known = best.get(candidate.title_id)
    if known is None or d < known.distance:
        name = title.name if title else candidate.name
        best[candidate.title_id] = TitleMatch(
            candidate.title_id, name, candidate.name, d, tuple(parts)
        )


def _decided(query: str, best: dict[int, TitleMatch], w: Weights) -> Resolution:
    """The closest title, its strength (weighed against the runner-up) and the top five."""
    ranked = sorted(best.values(), key=lambda m: (m.distance, m.title_id))
    if not ranked:
        return Resolution(query, None, Strength.NONE)
    top, runner = ranked[0], ranked[1] if len(ranked) > 1 else None
    strength = strength_of(top.distance, runner.distance if runner else None, w)
    if strength is Strength.STRONG and _contradicted(top):
        strength = Strength.MEDIUM
    if strength in LINKED and _sequel_doubt(top):
        strength = Strength.WEAK
    match = top if strength is not Strength.NONE else None
    return Resolution(query, match, strength, runner, tuple(ranked[:5]))


def _sequel_doubt(match: TitleMatch) -> bool:
    """Whether the match rests on a number only one side states (``ONE_SIDED_NUMBER``)."""
    return any(p.name == "sequel" and p.value > UNCHECKED_YEAR for p in match.penalties)


def _contradicted(match: TitleMatch) -> bool:
    """Whether a hint disagrees with the catalog by more than ``STRONG_HINT_LIMIT``."""
    hints = ("year", "type", "episodes")
    return any(p.value > STRONG_HINT_LIMIT for p in match.penalties if p.name in hints)


def _settled(best: dict[int, TitleMatch], lower_bound: float, w: Weights) -> bool:
    """Whether no remaining candidate can change the match or its strength.

    Candidates come most similar first, so ``lower_bound`` only grows: once it
    is past the best distance by the margin (with a runner-up in hand), the
    rest can neither win nor come close enough to weaken a strong match.
    """
    if len(best) < 2:
        return False
    top = min(m.distance for m in best.values())
    return lower_bound > top + w.margin


def strength_of(best: float, runner_up: float | None, w: Weights) -> Strength:
    """Thresholds on the distance; a strong match must be clear of the runner-up."""
    clear = runner_up is None or runner_up - best >= w.margin
    if best <= w.strong and clear:
        return Strength.STRONG
    if best <= w.medium:
        return Strength.MEDIUM
    if best <= w.weak:
        return Strength.WEAK
    return Strength.NONE
