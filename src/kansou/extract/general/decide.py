"""A decision for each score candidate: this review's score, an aspect's, someone
else's, or no score at all, with the reasons.

A candidate's weight is the sum of the weights (``weights.yaml``) of the
features it has, features that hold on any site:

- its **label** (the words before it on its line, after it on its line ("8.5/10
  overall"), or alone on the line above): an overall label, an aspect label,
  another rater (another site, its users: "MAL score 8.35"), or a word that
  makes the number a count or a certificate ("Age Rating", "votes");
- its **place**: a line of its own, a short line, inside a paragraph's
  sentence, under the headline, at the end of the review, in the headline;
- **prose cues**: a first-person verdict ("I give this season a seven out of
  ten") or a hedge that makes it hypothetical ("originally going to rate it a
  9/10", "at best a 4 out of 10");
- **what else it might be**: a rank or a count beside it ("#73", "10/9
  (tie)", "3 votes"), a rung of a rating-scale legend, a part of the anime's
  name ("Kaiju No. 8");
- **its notation**: a written scale (x/N, stars) is surer than a letter, a
  percentage or a bare number, which need a label.

At or above ``accept`` the candidate is a score; its role follows from its
label: ``aspect`` for an aspect label, ``other`` for another rater's score,
``overall`` otherwise. Every weight that fired is kept as a reason, which is
what ``kansou inspect`` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from kansou.extract.general.scores import Candidate
from kansou.extract.general.vocabulary import (
    ASPECT_LABELS,
    CJK,
    CREDIT_RE,
    FIRST_PERSON_RE,
    HEDGES_RE,
    NOT_A_SCORE_RE,
    OTHER_ASPECT_LABELS,
    OTHER_RATERS_RE,
    OVERALL_LABELS,
    RATER_AFTER_RE,
    VERDICT_COPULA_RE,
    WORK_LABELS,
)
from kansou.model import Block

WEIGHTS_FILE = Path(__file__).with_name("weights.yaml")

#: Longest label read before a candidate, in words ("Overall Personal Rating:" is 3).
LABEL_MAX_WORDS = 5
#: A line of at most this many words is a rating line, not prose.
SHORT_LINE_WORDS = 8
#: A line of more than this many words is a paragraph.
PROSE_WORDS = 15
#: How far before a candidate a first-person verdict or a hedge is read (characters).
CUE_WINDOW = 60
#: How far around a candidate its place on the line is read (characters): the features
#: are local, so a line of thousands of numbers costs time linear in its length.
LOCAL_WINDOW = 300


@dataclass(frozen=True)
class Weights:
    accept: float
    features: dict[str, float]


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The feature weights and the acceptance threshold of ``weights.yaml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Weights(float(data["accept"]), {k: float(v) for k, v in data["features"].items()})


@dataclass(frozen=True)
class Label:
    """What the words beside a candidate say it is."""

    kind: str  # "overall" | "aspect" | "other" | "not" | "none"
    text: str
    aspect: str | None = None
    where: str = "before"  # "before" | "after" | "previous line" | "column"


@dataclass(frozen=True)
class Context:
    """What the decision needs to know of the page around a candidate."""

    previous: Block | None = None
    unit_first: bool = False
    unit_last: bool = False
    headline: bool = False
    ladder: bool = False
    name_spans: tuple[tuple[int, int], ...] = ()
    rating_group: bool = False  # labelled scores stand on the lines next to this one
    after_article: bool = False  # past the article's end: related posts, comments
    column: str = ""  # the header of the table column the line sits in ("My Score")


@dataclass(frozen=True)
class Decision:
    """The candidate, whether it is a score, in which role, and why."""

    candidate: Candidate
    accepted: bool
    role: str  # "overall" | "aspect" | "other" | "none"
    weight: float
    label: Label
    reasons: tuple[tuple[str, float], ...]

    @property
    def aspect(self) -> str | None:
        return self.label.aspect

    def to_json(self) -> dict[str, Any]:
        c = self.candidate
        return {
            "text": c.text,
            "line": c.block.index,
            "span": [c.block.start + c.start, c.block.start + c.end],
            "notation": c.notation,
            "value": c.score.value,
            "scale_max": c.score.scale_max,
            "label": self.label.text or None,
            "decision": self.role if self.accepted else "not a score",
            "aspect": self.aspect,
            "weight": round(self.weight, 2),
            "reasons": [f"{name} {w:+g}" for name, w in self.reasons],
        }


def decide(candidate: Candidate, others: list[Candidate], context: Context) -> Decision:
    """Weigh one candidate (``others`` are the candidates of the same line)."""
    weights = load_weights()
    label = read_label(candidate, others, context.previous)
    if context.column and (label.kind == "none" or label.where == "previous line"):
        column = _column_label(context.column)  # "8" in the "Animation" column
        if column.kind != "not" or candidate.notation not in EXPLICIT:
            label = column  # a "Thoughts" column's "Solid, 8/10" is still read as written
    if _only_a_number(candidate, label) and (ceiling := bare_ceiling()) < weights.accept:
        why = (("notation_bare", weights.features["notation_bare"]), ("at most", ceiling))
        return Decision(candidate, False, "overall", ceiling, label, why)
    fired = [(name, weights.features[name]) for name in _features(candidate, label, context)]
    weight = sum(w for _n, w in fired)
    role = {"aspect": "aspect", "other": "other"}.get(label.kind, "overall")
    return Decision(candidate, weight >= weights.accept, role, weight, label, tuple(fired))


def _column_label(header: str) -> Label:
    """What a table column's header says its cells are: a score label's scores, or no
    score at all (a number in the "#", "Episodes" or "Studio" column)."""
    kind, aspect = classify_label(header)
    return Label(kind if kind != "none" else "not", header, aspect, "column")


def _only_a_number(candidate: Candidate, label: Label) -> bool:
    """A bare number with no label, no first-person verdict before it and no markup
    naming its line a score: only its place could still speak for it."""
    return (
        candidate.notation == "bare"
        and label.kind == "none"
        and candidate.block.tag != "rating"
        and not _first_person(candidate)
    )


@cache
def bare_ceiling() -> float:
    """The most such a number can weigh: its notation plus the best of each group of
    place features that can fire together. Below ``accept``, the rest is not weighed
    (most numbers of a database page are these: ranks, counts, years, ids)."""
    w = load_weights().features
    line = max(w["own_line"], w["short_line"], w["opens_line"], w["closes_line"], 0.0)
    top = max(w["in_headline"], w["after_headline"], 0.0)
    return w["notation_bare"] + line + top + max(w["at_end"], 0.0)


# -- labels ------------------------------------------------------------------------------

#: "(from 1,204 users)", "from 1,125 votes", "by 2,000 people": the number is an average.
VOTES_AFTER = re.compile(
    r"^\s*\(?\s*(?:from|by|of|based on|with)\s+(?:more than\s+|over\s+)?(?P<n>\d[\d,.\s]*\d|\d)"
    r"\s*(?:votes|users|ratings|people|members|reviews|utilisateurs|votos|stimmen)\b",
    re.I,
)
#: Notations that write their scale: a label cannot turn a count into one of these.
EXPLICIT = frozenset({"ratio", "stars", "words"})
_SEGMENT_BREAK = re.compile(r"(?:[.!?。！？;]\s|[|•·]|\s{3,}|\t)")
_TRIM = " \t:：-–—=|*•·()[]"


def read_label(candidate: Candidate, others: list[Candidate], previous: Block | None) -> Label:
    """The label before the candidate on its line, else after it, else the line above."""
    text = candidate.block.text
    votes = VOTES_AFTER.match(text[candidate.end : candidate.end + 80])
    if votes:  # "8.5/10 (from 1,204 users)": a site's aggregate of its users' ratings
        return Label("other", votes.group(0).strip(" ()"), None, "after")
    rater = RATER_AFTER_RE.match(text, candidate.end, candidate.end + 80)
    if rater:  # "nota 8,7 no MyAnimeList": that site's score, whatever the label before
        return Label("other", rater.group(0).strip(), None, "after")
    start = max((o.end for o in others if o.end <= candidate.start), default=0)
    start = max(start, candidate.start - LOCAL_WINDOW)
    before = _last_segment(text[start : candidate.start])
    if before:
        kind, aspect = classify_label(before)
        written = text[start : candidate.start]
        if (
            kind in ("none", "not")
            and start == 0
            and before.casefold() in WORK_LABELS
            and re.search(r"[:：]\s*$", written)
            and candidate.notation in ("ratio", "stars", "letter")
        ):
            kind = "overall"  # "Film: 5 out of 5 stars", "Episodes: 4 out of 5 stars"
        if before.casefold().split()[-1:] == ["rated"] and candidate.notation not in EXPLICIT:
            kind = "not"  # "Rated: R", "Rated 15": a certificate; "Rated 8/10" is a score
        if kind != "none":
            return Label(kind, before, aspect)
    after_end = min((o.start for o in others if o.start >= candidate.end), default=len(text))
    after_end = min(after_end, candidate.end + 60)
    after = " ".join(text[candidate.end : after_end].strip(_TRIM).split()[:2])
    # "8.5/10 overall"; not "2/5 · Tempo: 40 minuti", where "Tempo:" labels the next field
    if (
        after
        and candidate.notation in ("ratio", "stars", "words")
        and not re.search("[:：]", after)
    ):
        kind, aspect = classify_label(after, suffix=True)
        if kind in ("overall", "aspect"):
            return Label(kind, after, aspect, "after")
    if (
        not before
        and previous is not None
        and len(previous.text.split()) <= 4
        and not CREDIT_RE.match(previous.text)  # "by user okarun_fan" labels nothing
    ):
        kind, aspect = classify_label(previous.text.strip(_TRIM))
        if kind != "none":
            return Label(kind, previous.text.strip(_TRIM), aspect, "previous line")
    return Label("none", before)


def _last_segment(text: str) -> str:
    parts = _SEGMENT_BREAK.split(text)
    segment = parts[-1] if parts else text
    words = segment.strip(_TRIM).split()
    return " ".join(words[-LABEL_MAX_WORDS:])


_SO_FAR = re.compile(
    r"\s+(?:so far|to date|thus far|for now|as of now|until now|bisher|jusqu'ici)$"
)


@lru_cache(maxsize=16384)  # a page repeats its labels ("Episodes", "Score", "Votes")
def classify_label(text: str, *, suffix: bool = False) -> tuple[str, str | None]:
    """``(kind, aspect)`` of a label: the last phrase decides ("Score/Soundtrack" is
    the sound aspect, "Overall Personal Rating" the overall score)."""
    folded = re.sub(r"\([^)]*\)?", " ", text.casefold()).strip(_TRIM).replace("’", "'")
    folded = _SO_FAR.sub("", folded)  # "Score so far", "Rating to date": the score as of now
    if not folded:
        return "none", None
    if OTHER_RATERS_RE.search(folded):
        return "other", None
    words = folded.split()
    span = words[:3] if suffix else words[-3:]
    for size in range(len(span), 0, -1):
        phrase = " ".join(span[:size] if suffix else span[-size:])
        phrase = phrase.strip(_TRIM)
        if phrase in ASPECT_LABELS:
            return "aspect", ASPECT_LABELS[phrase]
        if phrase in OTHER_ASPECT_LABELS:
            return "aspect", " ".join(w.capitalize() for w in phrase.split())
        if phrase in OVERALL_LABELS:
            return "overall", None
    if not suffix and CJK.search(words[-1]):
        found = _cjk_label(words[-1])
        if found is not None:
            return found
    if not suffix and NOT_A_SCORE_RE.search(" ".join(words[-2:])):
        return "not", None
    if not suffix and words[-1] in ("rated", "scored"):
        return "overall", None  # "Rated 8/10" (a bare "Rated: R" is read as a certificate)
    return "none", None


#: Labels of the vocabulary written in a script without spaces, longest first.
_CJK_LABELS = sorted(
    [(w, ("overall", None)) for w in OVERALL_LABELS if CJK.search(w)]
    + [(w, ("aspect", a)) for w, a in ASPECT_LABELS.items() if CJK.search(w)],
    key=lambda pair: -len(pair[0]),
)
#: Particles a sentence puts after a label ("評価は80点", "점수는", "评分是").
_CJK_PARTICLE = re.compile(r"(?:は|が|も|を|で|는|은|가|이|是|为)$")


def _cjk_label(run: str) -> tuple[str, str | None] | None:
    """ "個人的な評価は": a label that ends a run of a script without spaces, before its
    particle; an aspect's own ("作画の評価", "剧情的评分") is that aspect's. None when the
    run ends in no label."""
    core = _CJK_PARTICLE.sub("", run)
    for word, found in _CJK_LABELS:
        if core.endswith(word):
            owner = core[: -len(word)]
            if found[0] == "overall" and owner.endswith(("の", "的")):
                return _cjk_label(owner[:-1]) or found  # "作画の評価は": animation's rating
            return found
    return None


# -- features ----------------------------------------------------------------------------

_RANK_BEFORE = re.compile(r"(?:#|no\.|nr\.|n°|№)\s*$|\d\s*(?:º|ª|st|nd|rd|th)\s*$", re.I)
_COUNT_AFTER = re.compile(
    r"^\s*(?:\(?tie\)?|votes?|reviews?|episodes?|eps?\b|users?|people|ratings|members|comments"
    r"|place|places|upvotes|years?|yrs|min|minutes|length|lenght|of the (?:movie|film|episode)"
    r"|\d)",
    re.I,
)
_LETTER_CONTEXT = re.compile(r"grade|note|nota|[“\"'«]\s*$|\b(?:an?|its|the)\s*$", re.I)
_LETTER_AFTER = re.compile(
    r"^\s*(?:[”\"'»]|(?:letter\s+)?grade|movie|film|show|series|anime)", re.I
)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _features(candidate: Candidate, label: Label, context: Context) -> list[str]:
    out = [f"notation_{candidate.notation}"]
    out += _label_features(label)
    out += _place_features(candidate, label, context)
    out += _cue_features(candidate)
    if candidate.notation == "letter" and _letter_context(candidate, label):
        out.append("notation_letter_context")
    if context.after_article:
        out.append("after_article")
    if candidate.block.tag == "rating" and label.kind == "none":
        out.append("marked_rating")
    if context.ladder:
        out.append("in_scale_ladder")
    if context.rating_group and label.kind in ("overall", "aspect"):
        out.append("in_rating_group")
    if any(s < candidate.end and candidate.start < e for s, e in context.name_spans):
        out.append("inside_name")
    return out


def _label_features(label: Label) -> list[str]:
    out = []
    if label.kind == "overall":
        out.append("label_overall")
    elif label.kind == "aspect":
        out.append("label_aspect")
    elif label.kind == "other":
        out.append("label_other_rater")
    elif label.kind == "not":
        out.append("label_not_a_score")
    if label.kind != "none" and label.where == "previous line":
        out.append("label_previous_line")
    return out


def _place_features(candidate: Candidate, label: Label, context: Context) -> list[str]:
    text = candidate.block.text
    out = []
    before = text[max(0, candidate.start - LOCAL_WINDOW) : candidate.start]
    after = text[candidate.end : candidate.end + LOCAL_WINDOW]
    rest = before + " " + after
    if label.text and label.where != "previous line":
        rest = rest.replace(label.text, " ", 1)
    rest = _PARENTHESES.sub(" ", rest)
    words = _line_words(text)
    if _word_count(rest) <= 2:
        out.append("own_line")
    elif words <= SHORT_LINE_WORDS:
        out.append("short_line")
    elif _opens_line(candidate):
        out.append("opens_line")
    elif _closes_line(candidate):
        out.append("closes_line")
    elif _own_sentence(candidate):
        out.append("own_sentence")
    elif _beside_name(candidate, context.name_spans):
        out.append("beside_name")
    elif words > PROSE_WORDS and label.kind == "none" and not _first_person(candidate):
        out.append("in_prose")
    if context.headline:
        out.append("in_headline")
    elif context.unit_first:
        out.append("after_headline")
    if context.unit_last and not context.headline:
        out.append("at_end")
    if _RANK_BEFORE.search(before[-20:]) or _COUNT_AFTER.match(after):
        out.append("rank_or_count_near")
    if _NAVIGATION.match(text):
        out.append("navigation_line")
    return out


#: "Previously: Episode 7 (8/10) | Next: Episode 9", "« Previous post": a link to another
#: post, whose score is that post's.
_NAVIGATION = re.compile(
    r"^\s*(?:[«‹←<]|previously|previous|prev|next|last week|last time|earlier|précédent"
    r"|suivant|vorherige|nächste|anterior|siguiente|próximo)\b",
    re.I,
)
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?。！？]\s+)$")
_SENTENCE_AFTER = re.compile(r"^\s*(?:\S+\s+)?[.!。！](?:\s|$)")


#: What may stand between a name and its score: separators, brackets, emphasis.
_BETWEEN_NAME_AND_SCORE = " \t-–—:|·•*()[]"


def _beside_name(candidate: Candidate, names: tuple[tuple[int, int], ...]) -> bool:
    """The score stands right after a subject's name or right before it, with nothing
    but a separator between ("Oshi no Ko – 9/10 – the arc...", "9/10 — Dandadan")."""
    text = candidate.block.text
    for start, end in names:
        if end <= candidate.start and not text[end : candidate.start].strip(
            _BETWEEN_NAME_AND_SCORE
        ):
            return True
        if candidate.end <= start and not text[candidate.end : start].strip(
            _BETWEEN_NAME_AND_SCORE
        ):
            return True
    return False


def _own_sentence(candidate: Candidate) -> bool:
    """ "...the best of the season. Ten out of ten. No notes.": the score is a sentence of
    its own inside a paragraph (at most one word after it, "8/10 easily.")."""
    text = candidate.block.text
    before = text[max(0, candidate.start - 10) : candidate.start]
    return bool(_SENTENCE_BEFORE.search(before)) and bool(
        _SENTENCE_AFTER.match(text[candidate.end : candidate.end + 30])
    )


@lru_cache(maxsize=4096)
def _line_words(text: str) -> int:
    """Words of a line; in scripts written without spaces, two characters a word."""
    return _word_count(text) if CJK.search(text) else len(text.split())


def _word_count(text: str) -> int:
    """Words of a line; in scripts written without spaces, two characters a word."""
    cjk = len(CJK.findall(text))
    latin = len(re.findall(r"\w+", CJK.sub(" ", text)))
    return latin + (cjk + 1) // 2


def _opens_line(candidate: Candidate) -> bool:
    """ "6.5/10 – The only reason I watched...": a verdict that opens its paragraph."""
    text = candidate.block.text
    return (
        candidate.start < LOCAL_WINDOW
        and not text[: candidate.start].strip(_TRIM)
        and bool(re.match(r"^\s*[-–—:|]\s", text[candidate.end : candidate.end + 10]))
    )


_CLOSING_TAIL = re.compile(r"^[\s)\]}.!。！]*(?:from me|overall|for me)?[\s)\]}.!。！]*$", re.I)


def _closes_line(candidate: Candidate) -> bool:
    """ "...a fun ride. (8/10)", "...lands every time. 9/10 from me.": a verdict that
    closes its paragraph after the last sentence."""
    text = candidate.block.text
    if len(text) - candidate.end > 40:
        return False
    before = text[max(0, candidate.start - 10) : candidate.start].rstrip(" ([{")
    return bool(_CLOSING_TAIL.match(text[candidate.end :])) and before[-1:] in ".!?。！？…"


def _cue_features(candidate: Candidate) -> list[str]:
    text = candidate.block.text
    out = []
    if _first_person(candidate):
        out.append("first_person")
        if re.search(r"\b(?:an?|um|uma|une?|ein|eine)\s*$", text[: candidate.start], re.I):
            out.append("first_person_article")
    elif _someone_else_gave(candidate):
        out.append("someone_else_gave")
    if HEDGES_RE.search(text[_sentence_start(text, candidate.start) : candidate.start]):
        out.append("hedged")
    elif _CONDITION_AFTER.match(text, candidate.end):
        out.append("hedged")  # "I'd give it a 10/10 if the ending had landed": hypothetical
    return out


#: A condition right after the score makes it hypothetical ("a 10/10 if the final ten
#: minutes were as good", "a 9 were it not for the pacing", "a 10/10 but for the ending").
_CONDITION_AFTER = re.compile(
    r"\s*(?:if|unless|were it not|had it|but for|si|se|wenn|falls|если|なら)\b", re.I
)


#: "IGN gave the premiere a 9/10", "critics rated it 4 out of 5": a verdict the page reports
#: of someone else (the first person is read apart: "I gave it").
_GAVE = re.compile(
    r"(?<!\w)(?P<who>[\w'’]+)\s+(?:gave|gives|rated|rates|scored|scores|awarded|awards|handed)"
    r"\b[^.!?]{0,40}$",
    re.I,
)
_FIRST_PERSON_WHO = frozenset({"i", "we", "i'd", "we'd", "i’d", "we’d", "i've", "we've", "would"})


def _someone_else_gave(candidate: Candidate) -> bool:
    text = candidate.block.text
    start = max(_sentence_start(text, candidate.start), candidate.start - CUE_WINDOW)
    m = _GAVE.search(text[start : candidate.start])
    return m is not None and m.group("who").casefold() not in _FIRST_PERSON_WHO


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset ``at`` starts (looked for in a local window)."""
    low = max(0, at - LOCAL_WINDOW)
    ends = [m.end() for m in re.finditer(r"[.!?。！？]\s", text[low:at])]
    return low + ends[-1] if ends else low


def _first_person(candidate: Candidate) -> bool:
    text = candidate.block.text
    start = max(_sentence_start(text, candidate.start), candidate.start - CUE_WINDOW)
    before = text[start : candidate.start]
    return (
        FIRST_PERSON_RE.search(before) is not None or VERDICT_COPULA_RE.search(before) is not None
    )


def _letter_context(candidate: Candidate, label: Label) -> bool:
    text = candidate.block.text
    if label.kind in ("overall", "aspect"):
        return True  # "Overall (sub) : A-", "Story : B"
    before = text[max(0, candidate.start - LOCAL_WINDOW) : candidate.start]
    after = text[candidate.end : candidate.end + LOCAL_WINDOW]
    if _LETTER_CONTEXT.search(before[-12:]) and _LETTER_AFTER.match(after):
        return True
    if re.search(r"[“\"«]\s*$", before) and re.match(r"^\s*[”\"»]", after):
        return True
    if (
        re.search(r"\w\s+[-–—|]\s*$", before)
        and not after.strip(_TRIM + "!.")
        and _line_words(text) <= SHORT_LINE_WORDS
    ):
        return True  # "Kaiju No. 8 – B": a grade closing a short name line
    return not before.strip(_TRIM) and not after.strip(_TRIM + "!.")
