"""Sentences of a review, the aspects each one talks about, and its word features.

A sentence ends at ``.``, ``!`` or ``?`` (or a line break) followed by space;
its ``start``/``end`` are offsets into the text it came from, so a quote can
always link back to its span. A sentence is about an aspect when it uses one
of the aspect's terms (``ASPECT_TERMS``, whole words, case-insensitive); one
sentence may be about several aspects. "Opening and ending" / "ending theme"
is music, not the ending of the story.

A sentence is read in clauses (``clauses_of``): contrast words ("but",
"although", "however", "whereas", ";") split it, so "the animation is lovely
but the story drags" says one thing of each aspect; a clause that names no
aspect takes its neighbour's. The clause after "but" counts more than the one
conceded before it ("although it looks good, ..."). A clause is *hedged*
("somewhat", "decent", "at best") or *compares* the work with another ("not
as good as the series", "better than the original"), which the aspect reader
uses to damp or orient its polarity.

Features are lower-cased words and word pairs; a word after a negation
("not", "never", "n't" ...) up to the next punctuation gets a ``NOT_`` prefix,
so "not good" and "good" weigh differently. HTML entities left in a text
(MyAnimeList double-escapes its review bodies: ``&rsquo;``) are read as the
characters they stand for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

#: The aspect ontology, in display order.
ASPECTS: tuple[str, ...] = (
    "story",
    "pacing",
    "characters",
    "animation",
    "sound",
    "voice_acting",
    "ending",
    "enjoyment",
)

#: Words that make a sentence about an aspect (regular-expression alternatives).
ASPECT_TERMS: dict[str, str] = {
    "story": r"story|stories|storyline|storylines|plot|plots|plotline|narrative|writing|written"
    r"|premise|storytelling|script|scenario|lore|world-?building|confusing|convoluted",
    "pacing": r"pacing|pace|paced|rushed|rushing|slow|dragged|drags|dragging|filler|fillers"
    r"|padding|meandering|too fast|too quickly",
    "characters": r"characters?|cast|protagonists?|antagonists?|villains?|heroine|hero"
    r"|character development|characterization|characterisation|personalit(?:y|ies)"
    r"|backstor(?:y|ies)|relationships?",
    "animation": r"animation|animated|animators?|art|artwork|art style|visuals?|visually"
    r"|graphics|drawn|drawings?|cgi|cg|designs?|fight scenes|choreography|colou?rs?"
    r"|backgrounds?|cinematography",
    "sound": r"sound|sounds|music|musical|soundtrack|soundtracks|ost|songs?|jazz|blues"
    r"|opening(?: theme| song)?|ending theme|ending song|insert songs?|composer|audio"
    r"|tracks?|tunes?",
    "voice_acting": r"voice acting|voice actors?|voice actress(?:es)?|voice cast|voice work"
    r"|voiced|seiyuu?s?|dub|dubbed|dubbing|sub|subbed|performances?",
    "ending": r"ending|endings|finale|final episodes?|last episodes?|conclusion|concluded"
    r"|climax|resolution",
    "enjoyment": r"enjoy|enjoyed|enjoyable|enjoyment|fun|entertaining|entertainment|boring"
    r"|bored|rewatch(?:ed|ing)?|addictive|engaging|hooked",
}
_TERM_RE = {a: re.compile(rf"\b(?:{p})\b", re.I) for a, p in ASPECT_TERMS.items()}
_ANY_TERM = re.compile(rf"\b(?:{'|'.join(ASPECT_TERMS.values())})\b", re.I)
#: The aspects' terms, for finding where in a sentence an aspect is named.
ASPECT_TERM_RE = _TERM_RE
_OTHER_ASPECTS = "|".join(
    ASPECT_TERMS[a] for a in ("sound", "voice_acting", "animation", "characters")
)
_ENJOYMENT_AS_ADJECTIVE = re.compile(
    rf"\b(?:enjoyable|entertaining|engaging|fun|boring)\s+(?:\w+\s+)?(?:{_OTHER_ASPECTS})\b"
    rf"|\b(?:{_OTHER_ASPECTS})\s+(?:\w+\s+){{0,3}}(?:is|was|are|were|looks?|sounds?)\s+(?:\w+\s+)?"
    r"(?:enjoyable|entertaining|engaging|fun|boring)\b",
    re.I,
)
#: Phrases in which an aspect's word means something else; an aspect named only inside
#: them is not named: "voice cast" is voice acting, "character designs" and "character
#: models" are the visuals, a "visual novel" is a medium, music "in the background" is not
#: the backgrounds, a "well-written character" is
#: a character, "enjoyable voice acting" praises the voice acting, not the fun of it.
_NOT_THE_ASPECT = {
    "characters": re.compile(
        r"\bvoice\s+cast\b|\bcharacter\s+(?:designs?|models?|art(?:work)?)\b", re.I
    ),
    "animation": re.compile(r"\bvisual\s+novels?\b|\bin the background\b", re.I),
    "story": re.compile(
        r"\b(?:well|badly|poorly)[- ]written\s+(?:characters?|cast|protagonists?|villains?"
        r"|heroes|heroine|hero)\b",
        re.I,
    ),
    "enjoyment": _ENJOYMENT_AS_ADJECTIVE,
}
#: "opening and ending", "ending theme": the song, which is sound, not the story's end.
_ENDING_SONG = re.compile(
    r"\b(?:opening|op)s?\s*(?:and|&|/)\s*ending|\bending\s+(?:theme|song|credits|track)s?", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*\n?")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")
_NEGATION = frozenset(
    {"not", "no", "never", "nothing", "nobody", "nowhere", "neither", "nor", "hardly", "barely",
     "without", "cannot", "less", "rarely", "seldom", "minimal", "avoid", "avoids", "avoided"}
)  # fmt: skip
_CLAUSE_END = frozenset({"!", "?"})
#: Where a sentence turns: the clause after the marker is the writer's point. A colon
#: or a dash between spaces ends a clause too ("Animation/Music: the animation is crisp"
#: judges the animation).
_TURN = re.compile(
    r"\s*(?:[,;]\s*|\s)(?:but|however|yet|whereas|though|although|except)\b[,]?\s*|\s*[;:]\s+"
    r"|\s+[-–—]+\s+",
    re.I,
)
#: A clause that opens by conceding ("Although the art is nice, ...") up to its comma.
_CONCESSION = re.compile(r"^(?:although|though|even though|while|despite|even if)\b[^,]*,\s*", re.I)
#: Weights of a conceded clause and of the clause that follows a turn. Calibrated on
#: the Cowboy Bebop TV reviews' cross-validated rho (``benchmarks/aspects.py``):
#: 0.5 / 1.5 against 1 / 1 moves every aspect by under 0.01, so they follow how
#: the sentences are built rather than a fitted gain.
CONCEDED_WEIGHT = 0.5
TURNED_WEIGHT = 1.5
HEDGES = re.compile(
    r"\b(?:somewhat|kind of|sort of|a bit|a little|fairly|rather|decent(?:ly)?|okay|ok|alright"
    r"|passable|serviceable|not bad|at best|i guess|more or less|mostly|reasonably|mediocre"
    r"|average|so-so|fine)\b",
    re.I,
)
#: "not as good as the series", "pales in comparison": the work falls short of another.
WORSE_THAN = re.compile(
    r"\b(?:not (?:as|so|quite as) \w+ as|pales? (?:in comparison|next to|compared)|worse than"
    r"|inferior to|(?:doesn't|does not|didn't|did not|fails? to) (?:live|measure) up"
    r"|falls? short|not on par|less \w+ than)\b",
    re.I,
)
#: "better than the original", "on par with the series": it matches or beats another.
BETTER_THAN = re.compile(
    r"\b(?:better than|superior to|surpass(?:es|ed)?|outshines?|outdoes|on par with"
    r"|lives? up to|more \w+ than)\b",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    """A sentence at ``[start, end)`` of its text, and the aspects it talks about."""

    start: int
    end: int
    text: str
    aspects: tuple[str, ...] = ()


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """The text's sentences with spans shifted by ``offset`` and their aspects detected.

    Cached: a title's reviews are read for aspects and again for praise and
    criticism, and splitting with aspect detection is the costly part.
    """
    return list(_split_sentences(text, offset))


@lru_cache(maxsize=4096)
def _split_sentences(text: str, offset: int) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            start = offset + pos + lead
            out.append(Sentence(start, start + len(body), body, aspects_of(body)))
        if m is None:
            break
        pos = m.end()
    return tuple(out)


@dataclass(frozen=True)
class Clause:
    """A stretch of a sentence that says one thing: its aspects, weight and modifiers.

    ``comparison`` is -1 when it says the work falls short of another, +1 when
    it matches or beats one, 0 otherwise.
    """

    text: str
    aspects: tuple[str, ...]
    weight: float = 1.0
    hedged: bool = False
    comparison: int = 0


def clauses_of(sentence: Sentence) -> list[Clause]:
    """The sentence's clauses, each with the aspects it names (or its neighbour's).

    Cached: the aspect reader and praise and criticism read the same sentences.
    """
    return list(_clauses_of(sentence.text))


@lru_cache(maxsize=16384)
def _clauses_of(text: str) -> tuple[Clause, ...]:
    parts: list[tuple[str, float]] = []
    pieces = _TURN.split(text)
    for i, piece in enumerate(pieces):
        conceded = _CONCESSION.match(piece)
        weight = TURNED_WEIGHT if i > 0 else 1.0
        if conceded:
            parts.append((piece[: conceded.end()], CONCEDED_WEIGHT))
            piece = piece[conceded.end() :]
        if piece.strip():
            parts.append((piece, weight))
    named = [aspects_of(part) for part, _ in parts]
    out: list[Clause] = []
    for i, (part, weight) in enumerate(parts):
        aspects = named[i] or _inherited(named, i, conceded=weight == CONCEDED_WEIGHT)
        out.append(Clause(part, aspects, weight, bool(HEDGES.search(part)), _comparison(part)))
    return tuple(out)


def _inherited(named: Sequence[tuple[str, ...]], i: int, conceded: bool) -> tuple[str, ...]:
    """A clause naming no aspect speaks of the one before it ("the art is lovely but it
    gets repetitive"); a concession speaks of what follows ("although gorgeous, the art")."""
    earlier = [a for a in named[:i] if a]
    if earlier:
        return earlier[-1]
    later = [a for a in named[i + 1 :] if a]
    return later[0] if conceded and later else ()


def _comparison(text: str) -> int:
    if WORSE_THAN.search(text):
        return -1
    return 1 if BETTER_THAN.search(text) else 0


def about_aspect(sentences: Sequence[Sentence], aspect: str) -> list[Sentence]:
    """The sentences that name the aspect, each with the next one when that names no aspect.

    Reviewers name an aspect and then judge it ("The soundtrack is by Yoko
    Kanno. It is simply perfect."), so an aspect-free follow-up belongs to it.
    """
    out: list[Sentence] = []
    for i, sentence in enumerate(sentences):
        if aspect not in sentence.aspects:
            continue
        if not out or out[-1] is not sentence:
            out.append(sentence)
        follow = sentences[i + 1] if i + 1 < len(sentences) else None
        if follow is not None and not follow.aspects and follow not in out:
            out.append(follow)
    return out


@lru_cache(maxsize=32768)
def aspects_of(sentence: str) -> tuple[str, ...]:
    """The ontology aspects a sentence names, in ontology order.

    Cached: a clause without a turn is its whole sentence, read again.
    """
    if not _ANY_TERM.search(sentence):
        return ()
    found = [a for a in ASPECTS if _TERM_RE[a].search(sentence) and _named_as_itself(a, sentence)]
    if "ending" in found and _ENDING_SONG.search(sentence):
        without_song = _ENDING_SONG.sub(" ", sentence)
        if not _TERM_RE["ending"].search(without_song):
            found.remove("ending")
        if "sound" not in found:
            found.append("sound")
    return tuple(a for a in ASPECTS if a in found)


def _named_as_itself(aspect: str, sentence: str) -> bool:
    """The aspect's word appears outside the phrases where it means something else."""
    other = _NOT_THE_ASPECT.get(aspect)
    return other is None or bool(_TERM_RE[aspect].search(other.sub(" ", sentence)))


def tokens(text: str) -> list[str]:
    """Lower-cased words with ``NOT_`` on those in a negation's scope (to the clause end)."""
    out: list[str] = []
    negated = False
    plain = html.unescape(text).lower().replace("’", "'").replace("‘", "'")
    for raw in re.split(r"[,.;:()]", plain):
        negated = False
        for tok in _TOKEN.findall(raw):
            if tok in _CLAUSE_END:
                negated = False
                out.append(tok)
            elif tok in _NEGATION or tok.endswith("n't"):
                negated = True
                out.append(tok)
            else:
                out.append(f"NOT_{tok}" if negated else tok)
    return out


def word_features(texts: Iterable[str]) -> dict[str, int]:
    """Counts of words and adjacent word pairs over the given sentences."""
    counts: dict[str, int] = {}
    for text in texts:
        toks = tokens(text)
        grams = toks + [f"{a} {b}" for a, b in pairwise(toks)]
        for g in grams:
            counts[g] = counts.get(g, 0) + 1
    return counts
