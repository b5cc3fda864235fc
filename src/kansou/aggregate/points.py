"""Recurring praise and criticism of a title, each point backed by quotes with their spans.

Every sentence of every review is matched against ``POINTS``: a point is an
aspect, a side (praise or criticism) and the cue phrases that make it ("rushed",
"all over the place" for pacing that felt rushed or uneven). Only a sentence a
reviewer wrote is read (``quotable``: no headline, caption, bullet, navigation
or fragment), and it is read clause by clause (``sentences.clauses_of``): a
clause makes a point when it names the point's aspect and uses one of its cues
near that aspect's word (``CUE_REACH``, and nearer it than any other aspect's),
not negated ("isn't a trainwreck"), not in quotation marks, and when the
clause's polarity (the aspect reader's lexicon) does not read against the
point's side. A clause about an aspect with none of its points' cues still
counts through the aspect's generic cues ("poor", "stunning"...), as "<aspect>
criticised" / "<aspect> praised" (or the aspect's broad point,
``BROAD_POINTS``). A question, a conditional, a conceded clause and a clause
about other works make no point; a hedged or ironic sentence makes no praise.

Points are ranked by how many reviews make them (then by how many sentences),
at most ``MAX_POINTS`` per side; each carries up to ``MAX_QUOTES`` quotes,
taken from different reviews first, shortest readable sentence first, as
``{text, document, span}`` with ``span`` the absolute ``[start, end)`` in the
document's text.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kansou.aggregate.aspects import clause_polarity, shipped_model
from kansou.aggregate.sentences import (
    ASPECT_TERM_RE,
    CONCEDED_WEIGHT,
    Clause,
    Sentence,
    clauses_of,
    split_sentences,
    tokens,
)

MAX_POINTS = 8
MAX_QUOTES = 3
#: Sentences outside this length make poor quotes (a bare "Confusing." or a paragraph):
#: picked only when nothing in range makes the point.
QUOTE_MIN = 30
QUOTE_CHARS = 320


@dataclass(frozen=True)
class ReviewText:
    """A review's (or article's) text: the document it is in and where it starts there."""

    document: Hashable
    text: str
    offset: int = 0


@dataclass(frozen=True)
class PointRule:
    """A recurring point: its aspect, side, label and the cues that make it."""

    aspect: str
    side: str  # "praise" | "criticism"
    label: str
    cues: str


def _r(aspect: str, side: str, label: str, cues: str) -> PointRule:
    return PointRule(aspect, side, label, cues)


#: The named points, most specific first; generic cues come last per aspect and side.
POINTS: tuple[PointRule, ...] = (
    _r(
        "pacing",
        "criticism",
        "pacing felt rushed or uneven",
        r"rushed|too fast|too quickly|all over the place|uneven"
        r"|poor(?:ly)? (?:paced|pacing|structur)|skipping|jumps? from|crammed|cram in|jammed"
        r"|suffers from",
    ),
    _r(
        "pacing",
        "criticism",
        "pacing felt slow",
        r"slow(?:ly)?(?:[- ]paced)?|dragg?(?:ed|s|ing)"
        r"|filler|padding|meandering|tedious",
    ),
    _r(
        "story",
        "criticism",
        "storytelling was confusing",
        r"confus(?:ing|ed|ion)|convoluted|hard to follow|challenging to follow|difficult to follow"
        r"|(?:no|little) idea (?:of )?what|no definitions|disjointed|hazy|messy|info[- ]dumps?"
        r"|obtuse|no one could (?:still )?understand",
    ),
    _r(
        "story",
        "criticism",
        "plot and writing felt weak",
        r"poor (?:storytelling|writing|script)|weak (?:plot|story|writing)|plot holes?|predictable"
        r"|shaky|vapid|botch(?:es|ed)?|not much of a plot|falls? apart|fails? to|trainwreck",
    ),
    _r(
        "characters",
        "criticism",
        "characters felt flat or underdeveloped",
        r"two-dimensional|one-dimensional|flat|bland|stale|underdeveloped|shallow|blank"
        r"|not interesting|uninteresting|unlikable|unlikeable|lacking|forgettable|washed-out",
    ),
    _r(
        "ending",
        "criticism",
        "the ending disappointed",
        r"disappoint\w*|ruin(?:ed|s)?|unsatisf\w*|rushed|anticlimactic|letdown|let down",
    ),
    _r(
        "animation",
        "criticism",
        "animation looked cheap or stiff",
        r"cheap|stiff|ugly|off-model|janky|poor cgi|bad cgi|lazy|still frames",
    ),
    _r(
        "sound",
        "criticism",
        "music was forgettable or overused",
        r"forgettable|overuse\w*|repetitive|grating|annoying|out of place",
    ),
    _r("voice_acting", "criticism", "voice acting fell flat", r"wooden|miscast|grating|flat"),
    _r(
        "enjoyment",
        "criticism",
        "boring to watch",
        r"boring|bored|tedious|dull|never piqued|lost interest",
    ),
    _r(
        "animation",
        "praise",
        "visuals and animation praised",
        r"stunning|beautiful|gorgeous|fluid|polish\w*|strongest|alluring|impressive|great|amazing"
        r"|detailed|crisp|slick|dazzling|eye-catching",
    ),
    _r(
        "sound",
        "praise",
        "music and soundtrack praised",
        r"great|amazing|elevat\w*|enjoyable|catchy|fantastic|iconic|beautiful|perfect|memorable"
        r"|excellent|masterpiece|love",
    ),
    _r(
        "characters",
        "praise",
        "characters likeable and well drawn",
        r"likable|likeable|lovable|chemistry|charisma|memorable|well[- ]developed|dazzling"
        r"|intricate|charming|endearing",
    ),
    _r(
        "story",
        "praise",
        "interesting ideas and story",
        r"interesting ideas|engaging|compelling|gripping|intriguing|atmospheric|exhilarating"
        r"|heartfelt|thought-provoking",
    ),
    _r("pacing", "praise", "well paced", r"well[- ]paced|tight|never drags|brisk"),
    _r("ending", "praise", "satisfying ending", r"satisfying|perfect|beautiful|powerful|fitting"),
    _r(
        "voice_acting",
        "praise",
        "strong voice performances",
        r"great|excellent|superb|fantastic|shine|charisma|perfect",
    ),
    _r("enjoyment", "praise", "fun to watch", r"fun|entertaining|enjoyable|addictive|hooked"),
)
#: Named points broad enough to take an aspect's generic praise ("the art is fantastic"
#: is "visuals and animation praised", not a second point beside it).
BROAD_POINTS = frozenset({"visuals and animation praised", "music and soundtrack praised"})
#: Cues that make any aspect's sentence praise or criticism when no named point fits.
GENERIC_CUES = {
    "criticism": r"poor|bad(?![- ]?ass)|weak|terrible|awful|worst|disappoint\w*|fails?|failed"
    r"|lacking|mess|problems?|issues?|suffers?|ruin\w*|mediocre",
    "praise": r"great|excellent|amazing|beautiful|stunning|strong|best|fantastic|wonderful"
    r"|loved?(?!\s+(?:story|stories|letter|triangle|interest|affair|life|songs?|comedy)\b)"
    r"|masterpiece|superb|brilliant",
}


#: Hedges and counterfactuals: a sentence with one praises nothing ("fine protagonists at
#: best", "something enjoyable could have been done").
HEDGES = re.compile(
    r"\b(?:at best|albeit|serviceable|could(?:'ve| have)|would(?:'ve| have)|should(?:'ve| have)"
    r"|might have|a pity|if only)\b",
    re.I,
)


@dataclass(frozen=True)
class Quote:
    """One sentence that makes a point, where it is."""

    text: str
    document: Hashable
    span: tuple[int, int]


@dataclass
class _Tally:
    rule: PointRule
    quotes: list[tuple[int, Quote]] = field(default_factory=list)

    def reviews(self) -> set[int]:
        return {i for i, _ in self.quotes}


def _cue_re(cues: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{cues})\b", re.I)


_RULE_RE = {rule: _cue_re(rule.cues) for rule in POINTS}
_GENERIC_RE = {side: _cue_re(cues) for side, cues in GENERIC_CUES.items()}


def _says(pattern: re.Pattern[str], text: str, negated: set[str]) -> bool:
    """The text uses a cue that no negation governs."""
    for m in pattern.finditer(text):
        first = re.split(r"\W+", m.group(0).lower())[0]
        if first not in negated:
            return True
    return False


#: Words in quotation marks are someone else's, or said with a wink ("killing 'for fun'",
#: this "masterpiece"): no point is made by a cue inside them.
_QUOTED = re.compile(r"'[^']{1,60}'|\"[^\"]{1,60}\"|‘[^’]{1,60}’|“[^”]{1,60}”")
#: Irony markers: the praise they carry is the opposite of what it says.
IRONY = re.compile(r"\b(?:so-called|supposed(?:ly)?|yeah,? right|oh,? great|as if)\b", re.I)
#: How far a clause may read against a point's side (points on the reader's 0-100 scale)
#: before the point is not taken from it: "fun to watch" is not made by "characters
#: killing for fun or murdering their own kin". Calibrated on the development part of
#: ``tests/eval/quotes``: margins 0 / 4 / 8 / none show 123 / 145 / 155 / 159 quotes of
#: which 0.919 / 0.924 / 0.884 / 0.868 are right.
POLARITY_MARGIN = 4.0
_CAPTION = re.compile(
    r"^\s*[-–—•*>]|\b(?:image|photo|picture|figure|fig|screenshot)\s*\d+\b"
    r"|\b(?:photo|image|picture|screenshot|credits?|source|via)\s*:|©|\(c\)",
    re.I,
)
_FURNITURE = re.compile(
    r"\b(?:read more|share this|tweet|posted (?:by|on|in)|comments?\s*\(|log ?in|sign up"
    r"|subscribe|click here|previous|next page|related posts?|tags?:|filed under|advertisement)\b",
    re.I,
)
_PROSE_START = re.compile(r"\s*[\"'“‘(]?[A-Z0-9]")
_PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
#: A quote is a reviewer's sentence: this many words at least, most of them not capitalised.
QUOTE_MIN_WORDS = 4
TITLE_CASE_SHARE = 0.5


#: "If it released today, people would complain ...", "If you're not the type to enjoy
#: ... don't watch it": a conditional asserts nothing about the show as it is.
COUNTERFACTUAL = re.compile(r"^\W*(?:if|unless|had|were)\b", re.I)


def quotable(text: str) -> bool:
    """Whether the text is a sentence a reviewer wrote, whole, not a headline, an image
    caption ("- image 1"), navigation or other page furniture."""
    words = text.split()
    if len(words) < QUOTE_MIN_WORDS or not _PROSE_END.search(text.strip()):
        return False
    if not _PROSE_START.match(text):
        return False  # a fragment cut from its sentence ("young Americans) hooked ...")
    if _CAPTION.search(text) or _FURNITURE.search(text) or sum(c in "|»›" for c in text) >= 2:
        return False
    capitalised = sum(w[:1].isupper() for w in words[1:])
    return capitalised <= TITLE_CASE_SHARE * (len(words) - 1)


def points_of(sentence: Sentence) -> list[PointRule]:
    """The points a sentence makes, clause by clause: named ones, else the generic ones
    of the clause's aspects.

    Only a quotable sentence makes points, and a question makes none. A cue
    counts in the clause that names the point's aspect, when no negation
    governs it, it is not in quotation marks, and the clause does not read
    against the point's side (``POLARITY_MARGIN``; a clause that says the work
    falls short of another praises nothing). A hedged or ironic sentence makes
    no praise, and one that criticises an aspect does not also praise it.
    """
    if sentence.text.rstrip().endswith("?") or not quotable(sentence.text):
        return []
    if COUNTERFACTUAL.search(sentence.text):
        return []
    made: list[PointRule] = []
    for clause in clauses_of(sentence):
        made += [r for r in _clause_points(clause) if r not in made]
    return _without_mixed_praise(made, sentence.text)


#: Words between a cue and the aspect word it judges, at most: "moves the plot forwards
#: ... as the five great ninja nations" does not praise the plot. A clause that names no
#: aspect of its own (it takes its neighbour's) is judged whole when it is this short.
#: On the development part of ``tests/eval/quotes``, reaches of 5 / 8 / 12 words show
#: 130 / 145 / 159 quotes of which 0.915 / 0.924 / 0.849 are right.
CUE_REACH = 8
#: When the cue is the aspect's own word ("boring", "slow", "fun"), the clause must name
#: the work it judges: "perfect for a slow afternoon" says nothing of pacing.
_THE_WORK = re.compile(
    r"\b(?:this|these|show|series|episodes?|anime|movie|film|season|story|plot|watch(?:ing)?"
    r"|viewing|pacing|pace)\b",
    re.I,
)
_WORDS = re.compile(r"\S+")
#: A clause about other works ("most anime nowadays are so colourful") judges none of this one.
OTHER_WORKS = re.compile(
    r"\b(?:most|other|many|modern|today's|typical|average)\s+(?:\w+\s+)?(?:anime|animes|anime's"
    r"|shows|series|titles)\b|\bnowadays\b|\bthese days\b",
    re.I,
)


def _clause_points(clause: Clause) -> list[PointRule]:
    """The points one clause makes; a conceded clause ("while the first half is
    intriguing, ...") makes none: the writer's point is the clause it gives way to."""
    if clause.weight == CONCEDED_WEIGHT or OTHER_WORKS.search(clause.text):
        return []
    text = _QUOTED.sub(" ", clause.text)
    negated = {t[4:] for t in tokens(text) if t.startswith("NOT_")}
    here = _Clause(text, clause.aspects, negated)
    made = [r for r in POINTS if r.aspect in clause.aspects and here.judges(_RULE_RE[r], r.aspect)]
    for aspect in clause.aspects:
        for side, pattern in _GENERIC_RE.items():
            named = any(r.aspect == aspect and r.side == side for r in made)
            if not named and here.judges(pattern, aspect):
                made.append(_generic_rule(aspect, side))
    lean = clause_polarity(shipped_model().polarity, clause) - shipped_model().polarity.intercept
    return [r for r in made if _agrees(r.side, lean, clause.comparison)]


class _Clause:
    """A clause's text with where each of its aspects is named, in word positions."""

    def __init__(self, text: str, aspects: tuple[str, ...], negated: set[str]) -> None:
        self.text = text
        self.negated = negated
        self.starts = [m.start() for m in _WORDS.finditer(text)]
        self.named = {
            a: [self.word_at(m.start()) for m in ASPECT_TERM_RE[a].finditer(text)] for a in aspects
        }
        self.spans = {a: [m.span() for m in ASPECT_TERM_RE[a].finditer(text)] for a in aspects}

    def word_at(self, pos: int) -> int:
        return sum(1 for s in self.starts if s <= pos)

    def distance(self, aspect: str, word: int) -> int | None:
        where = self.named.get(aspect) or []
        return min(abs(word - w) for w in where) if where else None

    def judges(self, pattern: re.Pattern[str], aspect: str) -> bool:
        """A cue no negation governs, within ``CUE_REACH`` words of the aspect's word and
        no nearer to another aspect's ("great characters, rich stories, beautiful art":
        "great" is the characters', "beautiful" the art's)."""
        for m in pattern.finditer(self.text):
            if re.split(r"\W+", m.group(0).lower())[0] in self.negated:
                continue
            if self._belongs(m, aspect):
                return True
        return False

    def _belongs(self, m: re.Match[str], aspect: str) -> bool:
        if not self.spans.get(aspect):
            return len(self.starts) <= CUE_REACH  # an inherited aspect: a short clause
        own_word = any(a <= m.start() < b for a, b in self.spans[aspect])
        rest = self.text[: m.start()] + self.text[m.end() :]
        if own_word and not _THE_WORK.search(rest):
            return False
        word = self.word_at(m.start())
        mine = self.distance(aspect, word)
        others = [
            d for a in self.named if a != aspect and (d := self.distance(a, word)) is not None
        ]
        return mine is not None and mine <= CUE_REACH and all(mine <= d for d in others)


def _agrees(side: str, lean: float, comparison: int) -> bool:
    if side == "praise":
        return lean >= -POLARITY_MARGIN and comparison >= 0
    return lean <= POLARITY_MARGIN and comparison <= 0


def _without_mixed_praise(made: list[PointRule], text: str) -> list[PointRule]:
    """A hedged or ironic sentence praises nothing; criticism of an aspect outweighs praise."""
    if HEDGES.search(text) or IRONY.search(text):
        return [r for r in made if r.side == "criticism"]
    criticised = {r.aspect for r in made if r.side == "criticism"}
    return [r for r in made if r.side == "criticism" or r.aspect not in criticised]


def _generic_rule(aspect: str, side: str) -> PointRule:
    """The aspect's broad named point for that side if it has one, else "<aspect> praised"."""
    for rule in POINTS:
        if rule.aspect == aspect and rule.side == side and rule.label in BROAD_POINTS:
            return rule
    verb = "praised" if side == "praise" else "criticised"
    return PointRule(aspect, side, f"{aspect.replace('_', ' ')} {verb}", "")


def recurring_points(reviews: Sequence[ReviewText]) -> dict[str, list[dict[str, Any]]]:
    """Praise and criticism across the reviews: ``{"praise": [...], "criticism": [...]}``."""
    tallies: dict[tuple[str, str, str], _Tally] = {}
    for index, review in enumerate(reviews):
        seen: set[str] = set()
        for sentence in split_sentences(review.text, review.offset):
            if sentence.text in seen:  # a scrape that holds its text twice
                continue
            seen.add(sentence.text)
            quote = Quote(sentence.text, review.document, (sentence.start, sentence.end))
            for rule in points_of(sentence):
                key = (rule.side, rule.aspect, rule.label)
                tallies.setdefault(key, _Tally(rule)).quotes.append((index, quote))
    return {side: _ranked([t for t in tallies.values() if t.rule.side == side])
            for side in ("praise", "criticism")}  # fmt: skip


def _ranked(tallies: list[_Tally]) -> list[dict[str, Any]]:
    tallies.sort(key=lambda t: (-len(t.reviews()), -len(t.quotes), t.rule.label))
    return [_point(t) for t in tallies[:MAX_POINTS]]


def _point(tally: _Tally) -> dict[str, Any]:
    return {
        "point": tally.rule.label,
        "aspect": tally.rule.aspect,
        "n_reviews": len(tally.reviews()),
        "quotes": [
            {"text": q.text, "document": q.document, "span": list(q.span)}
            for q in _pick_quotes(tally.quotes)
        ],
    }


def _pick_quotes(quotes: list[tuple[int, Quote]]) -> list[Quote]:
    """Up to ``MAX_QUOTES``: one per review first, short sentences before long ones."""
    ordered = sorted(quotes, key=lambda iq: (not QUOTE_MIN <= len(iq[1].text) <= QUOTE_CHARS,
                                             len(iq[1].text)))  # fmt: skip
    picked: list[Quote] = []
    used: set[int] = set()
    for index, quote in ordered:
        if index not in used and len(picked) < MAX_QUOTES:
            picked.append(quote)
            used.add(index)
    for _, quote in ordered:
        if len(picked) >= MAX_QUOTES:
            break
        if quote not in picked:
            picked.append(quote)
    return picked
