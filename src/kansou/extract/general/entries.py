"""The reviews a page holds: the page itself, or each entry of a roundup.

A roundup (a season's first impressions, a ranking, a weekly digest) is a
run of entries, each an anime's name on a line of its own followed by what
the page says of it. An entry heading is recognised by its shape:

- **numbered**: "24º: Big Order", "#10: Gosick", "7- Wind Breaker", "28.
  Ozmafia!! ep. 11: Substitute", or a line "1." above the name;
- **quoted**: 《花开的颜色》, 「X」;
- **a name line**: short, no sentence (no full stop at its end), not one of the
  topic headings a single review is divided by ("Story", "Verdict"), followed
  by a paragraph or a rating line, and preferably named again in its
  section;
- **a tier group**: a rating line ("評価:★★★★☆") followed by short name lines,
  each of which inherits that rating;
- **inline**: a paragraph that opens with a name and a separator ("Comet
  Lucifer : Plus qu’un manque...", "Leda (1985) - Rightstuf released...").

Each entry's weight (``ENTRY_ACCEPT``) adds up these signals; a page is a
roundup when it has at least two entries, or one under a headline that says
it is a roundup. A page whose headline says it reviews one anime is one
review: its headings are topics, unless they are numbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kansou.extract.general.bylines import byline_author
from kansou.extract.general.decide import classify_label
from kansou.extract.general.fieldlines import fact_shaped, is_field_line
from kansou.extract.general.names import (
    NAME_MAX_CHARS,
    NO_NAMES,
    clean_name,
    episode_in,
    fold,
    headline_subject,
    strip_episode,
)
from kansou.extract.general.page import Page, is_paragraph
from kansou.extract.general.scores import Candidate, find_candidates, letter_value
from kansou.extract.general.subject import Subject
from kansou.extract.general.vocabulary import (
    ANIME_COMPANIES,
    CJK,
    CREDIT_RE,
    FURNITURE_RE,
    LEADING_ARTICLE_RE,
    REVIEW_WORDS_RE,
    TOPIC_HEADINGS,
    is_roundup_phrase,
)
from kansou.extract.patterns import parse_date
from kansou.model import Block
from kansou.scales import Score

#: An entry heading needs at least this much weight (see ``_heading_weight``).
ENTRY_ACCEPT = 2.0
#: Longest entry name, in words.
ENTRY_MAX_WORDS = 20
#: Longest line read as an entry's heading (characters): a heading is a name, not prose.
HEADING_MAX_CHARS = 400
#: The longest name a heading holds when it has no sentence inside ("OKITSURA: Fell in
#: Love with an Okinawan Girl, but I Just Wish I Know What She's Saying" is 16).
LONG_NAME_WORDS = 22

_NUMBERED = re.compile(
    r"^\s*(?:#\s*(?P<h>\d{1,3})\s*(?:[.)\-–—:º°ª]\s*)?|\((?P<p>\d{1,3})\)\s*"
    r"|(?i:no)\.\s*(?P<no>\d{1,3})\s*[.:\-–—]?\s*"
    r"|第?\s*(?P<rank>\d{1,3})\s*[位위名]\s*[.:：\-–—]?\s*"  # "1位 ダンダダン", "1위", "第1名"
    r"|(?P<n>\d{1,3})\s*(?:[.)\-–—:º°ª]|st\b|nd\b|rd\b|th\b)+\s*)(?P<rest>\S.*)$"
)
_NUMBER_ONLY = re.compile(r"^\s*#?\s*\d{1,3}\s*[.)º°]?\s*$")
_CJK_QUOTED = re.compile(r"^\s*[《「『【](?P<name>[^《》「」『』【】]{1,60})[》」』】]\s*$")
_TRAILING_DETAILS = re.compile(r"\s*\((?=[^)]*\d)[^)]*\)\s*$|\s+/\s+.*$")
_INLINE = re.compile(
    r"^(?P<name>[^\s:–—\-].{1,80}?)(?:\s*\(\d{4}\)|\s*\([^()]{1,20}\))?(?:\s+[–—-]|\s*:)\s+"
    r"(?P<rest>\S.{40,}|\S.{12,}\s(?:\d+(?:[.,]\d+)?\s*/\s*\d+|[★☆½]+)\W*"
    r"|(?:\d+(?:[.,]\d+)?\s*/\s*\d+|[★☆½]+)(?:\s+[–—-]\s+\S.*)?)$"
)
#: "Frieren: Beyond Journey's End — The exam arc is a triumph. 9/10": where a dash
#: follows the name, a colon before it is the name's own.
_INLINE_DASH = re.compile(_INLINE.pattern.replace(r"(?:\s+[–—-]|\s*:)", r"\s+[–—]"))
#: "9/10 — Makeine: Too Many Losing Heroines! — Anna is the heroine of the year.": a
#: one-line entry that opens with its score, then the name and a sentence behind dashes.
_SCORE_FIRST_INLINE = re.compile(
    r"^(?:\d+(?:[.,]\d+)?\s*/\s*\d+|[★☆½]+|[A-F][+-]?)\s+[–—-]\s+"
    r"(?P<name>[^–—]{2,80}?)\s+[–—]\s+(?P<rest>\S.{6,})$"
)
_SENTENCE_END = re.compile(r"[.:;,]$|[。，、：]$")
_FIELD_LINE = re.compile(r"^[\w ’']{2,25}\s?:\s")
_KOREAN_SENTENCE = re.compile(r"(?:니다|습니다)[.]?\s*$")
#: "1/22" is a date where the number after the slash is no scale's maximum ("9/10" is a score)
#: nor a half ("Ranma 1/2").
_DATE_LIKE = re.compile(
    r"\b\d{1,2}/(?!(?:2|3|4|5|6|10|20|100)\b)\d{1,2}\b|\d{1,4}年\d{1,2}月|\d{1,2}月\d{1,2}日"
)
#: A post's furniture, not a name: counts ("1.2K 23", "2m members · 4.1k online", "142 likes
#: · 18 comments", "Watched by 412K", "Lists: 88K"), a post's date line ("Posted on March 3,
#: 2024 by Beth", "03-14-2024, 11:02 PM #2"), a time of day.
_POST_FURNITURE = re.compile(
    r"^\W*\d[\d.,]*\s*[kKmM]?(?:\s+\d[\d.,]*[kKmM]?)*\W*$"
    r"|\b\d[\d.,]*\s*[kKmM]?\s+(?:members|online|likes|comments|views|upvotes|points|shares"
    r"|followers|subscribers|replies|reactions|claps|notes|reblogs|votes|ratings)\b"
    r"|^\W*(?:posted|published|updated|last updated|last modified|written|submitted)\b"
    r"|\b(?:watched|liked|viewed|read|played|followed) by\s+\d[\d.,]*\s*[kKmM]?\b"
    r"|^[^\d:]{1,20}:\s*\d[\d.,]*\s*[kKmM]\W*$"  # "Watched by 412K", "Lists: 88K"
    r"|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s|$)",
    re.I,
)
#: A line holding a web address or made of hashtags: a video's or a post's furniture.
_LINK_OR_TAGS = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|org|net|io|tv|gg|me|co)(?:/|\b)|^\s*(?:#\w+\s*){2,}$"
)
#: Words of section headings in Chinese, Japanese and Korean (synopsis, impressions,
#: rating, summary, introduction), written inside longer headings.
_CJK_TOPICS = (
    "あらすじ",
    "感想",
    "評価",
    "総評",
    "まとめ",
    "紹介",
    "概要",
    "简介",
    "剧情",
    "评价",
    "总结",
    "줄거리",
    "총평",
    "소개",
)


@dataclass
class Unit:
    """One review the page holds: its subject, its heading and its lines."""

    subject: Subject | None
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    episode: int | None = None
    inherited: Candidate | None = None
    weight: float = 0.0
    reasons: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def indices(self) -> set[int]:
        return {b.index for b in self.blocks} | ({self.heading.index} if self.heading else set())


@dataclass(frozen=True)
class EntryName:
    name: str
    start: int
    end: int
    episode: int | None
    numbered: bool
    quoted: bool


#: A heading that opens with a section's name and then names the anime is a section of
#: one review ("Synopsis Yuru Camp", "Plot of Akira"), not an entry of a roundup.
_SECTION_OF = re.compile(
    r"^\W*(?:synopsis|sinopsis|synopse|sinossi|plot|summary|premise|trama|handlung|overview"
    r"|characters|conclusion|verdict|final thoughts)(?:\s+(?:of|for|de|di|du|von))?[\s:–—-]+\w",
    re.I,
)


@lru_cache(maxsize=8192)
def entry_name(text: str) -> EntryName | None:
    """The anime an entry heading names, with its episode, or None when it is no name
    (a pure function of the line, so it is computed once per line text)."""
    if len(text) > HEADING_MAX_CHARS:
        return None
    if is_field_line(text) or FURNITURE_RE.match(text) or _rating_line(text):
        return None
    if text.lstrip().startswith(("©", "(c)", "※")) or _KOREAN_SENTENCE.search(text):
        return None  # a copyright or a note line, a Korean sentence: no name
    if _POST_FURNITURE.search(text) or _LINK_OR_TAGS.search(text):
        return None  # counts, a date line; "Support us on Patreon: patreon.com/x", "#Tag #Tag"
    if len(text) <= 40 and (parse_date(text) or _DATE_LIKE.search(text)):
        return None  # "Apr 4, 2016", "Update: 1/22", "※2020年4月11日更新": a date line
    if _SECTION_OF.match(text):
        return None  # "Synopsis Yuru Camp", "Plot of Akira": a section of the page's anime
    if CREDIT_RE.match(text) or byline_author(text):
        return None  # "Review by kenji", "Directed by Hayao Miyazaki": a byline or a credit
    if CJK.search(text) and any(word in text for word in _CJK_TOPICS):
        return None  # 【作品紹介とあらすじ】, ③見どころ・感想・評価: a section, not a title
    numbered = False
    offset = 0
    if m := _NUMBERED.match(text):
        numbered, offset = True, m.start("rest")
    rest = _without_trailing_score(_first_cell(_without_leading_score(text[offset:])))
    if rest.rstrip().endswith((".", ":", "：")) or re.search(r"\?\s+\w", rest):
        return None  # a sentence or a question ("Continuarei assistindo? Não."), a label
    quoted = False
    if m := _CJK_QUOTED.match(rest):
        quoted = True
        offset += m.start("name")
        rest = m.group("name")
    found = headline_subject(rest)
    if found and found.says_review:
        return EntryName(
            found.name, offset + found.start, offset + found.end, found.episode, numbered, quoted
        )
    episode = episode_in(rest)
    name = strip_episode(rest) if episode is not None else rest
    name = clean_name(_TRAILING_DETAILS.sub("", name))
    if not _is_entry_name(name):
        return None
    at = text.find(name, offset)
    at = at if at >= 0 else offset
    return EntryName(name, at, at + len(name), episode, numbered, quoted)


_SCORE_SEPARATORS = " \t-–—:|(["


_GRADE_SEPARATOR = re.compile(r"\s[-–—|:]\s*$")
#: A watch decision after an entry's score ("Frieren (9/10) – Continue", "– Dropped",
#: "| Keep watching"): the entry's verdict, not part of its name.
_WATCH_DECISION = re.compile(
    r"^\s*[-–—|:/]\s*(?:continue|continuing|drop|dropped|keep watching|keep|watching|on hold"
    r"|maybe|undecided|pass|stalled|completed|finished|weiter|abgebrochen|abandon|abandonné"
    r"|on continue|je continue|sigo|seguir|continuo|dropado)(?:\s*\([^()]{1,20}\))?[.!]?\s*$",
    re.I,
)


def _without_trailing_score(text: str) -> str:
    """An entry heading with its score after the name ("Frieren – 9/10", "Frieren (9/10)",
    "Frieren | 9/10", "Frieren ★★★★★", "Frieren (9/10) – Continue"): the name, the score
    left to its decision."""
    found = find_candidates(Block(0, 0, len(text), text))
    if not found or found[-1].notation in ("bare", "points"):
        return text
    last = found[-1]
    if last.notation == "letter" and not _GRADE_SEPARATOR.search(text[: last.start]):
        return text  # "Kaiju No. 8 – B" is graded; "Persona 4 the Animation S" is no grade
    after = text[last.end :].lstrip(" )]")
    if _WATCH_DECISION.match(after):
        after = ""
    if after.strip(" )]|.!") or not text[: last.start].strip(_SCORE_SEPARATORS):
        return text
    return text[: last.start].rstrip(_SCORE_SEPARATORS)


def _without_leading_score(text: str) -> str:
    """ "9/10 – Frieren": a name after its score and a separator."""
    found = find_candidates(Block(0, 0, len(text), text))
    if not found or found[0].start > 2 or found[0].notation in ("bare", "points", "letter"):
        return text
    rest = text[found[0].end :]
    return rest.lstrip(" \t-–—:|)]") if re.match(r"^\s*[-–—:|)\]]", rest) else text


def _first_cell(text: str) -> str:
    """ "Frieren | 9/10 | Madhouse": a table row's first cell names the entry (but
    "Premiere Review | Frieren" names it after its kind)."""
    if " | " not in text:
        return text
    first = text.split(" | ", 1)[0]
    return text if REVIEW_WORDS_RE.search(first) else first


def _rating_line(text: str) -> bool:
    """ "STORY - 8/10", "Animation 10": a score behind a label, not a name over a review."""
    block = Block(0, 0, len(text), text)
    for c in find_candidates(block):
        prefix = text[: c.start].strip(" :-–—|")
        if prefix and classify_label(prefix)[0] in ("overall", "aspect", "other"):
            return True
        suffix = " ".join(text[c.end :].strip(" :-–—|").split()[:2])
        if not prefix and suffix and classify_label(suffix, suffix=True)[0] != "none":
            return True  # "6/10 story", "8.5/10 overall"
    return False


#: A line that opens a question in lower case ("How would you rate...", "What did you
#: think") or ends on a preposition or an article ("...episode 12 of"): a sentence broken
#: across lines, never a title ("How Not to Summon a Demon Lord" goes on in capitals).
_NOT_A_TITLE = re.compile(
    r"^(?i:how|what|why|who|where|when|which|would|did|does|do|can|should|will)\s+[a-z]"
    r"|\s(?:of|the|a|an|to|for|with|by|de|du|des|von|der|die|das)$"
    # "UPDATE", "Update 2/2", "Edit:": a note added to the post, not a name
    r"|^(?i:update|updated|edit|edited|addendum|postscript|p\.?s\.?)(?:\s*[\d/.,:#()-]+)*\s*$",
)


_COMPANIES = frozenset(ANIME_COMPANIES)


def _is_entry_name(name: str) -> bool:
    words = name.split()
    if not words or len(name) > NAME_MAX_CHARS or len(words) > ENTRY_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in name) or _SENTENCE_END.search(name):
        return False
    if is_roundup_phrase(name):
        return False  # "My winter ranking": the list's own title
    if _NOT_A_TITLE.search(name):
        return False  # "How would you rate episode 12 of": a widget's question, not a name
    topic = LEADING_ARTICLE_RE.sub("", fold(name))
    if fold(name) in TOPIC_HEADINGS or topic in TOPIC_HEADINGS:
        return False
    if name.casefold().rstrip("?:") in TOPIC_HEADINGS:
        return False
    if topic in _COMPANIES or topic in NO_NAMES:
        return False  # "David Production": a section of one review, on its studio
    if CJK.search(name):
        if any(word in name for word in _CJK_TOPICS):
            return False  # 【作品紹介とあらすじ】, 視聴後の感想と評価: a section, not a title
        return len(name) <= 40 and not re.search(r"[。！？]", name[:-1])
    first = words[0]
    return first[:1].isupper() or first[:1].isdigit() or not first[:1].isascii()


def _heading_shaped(block: Block) -> bool:
    """Short enough for a heading once its trailing details are set aside ("The Duke of
    Death and His Maid Season 3 (Shinigami Bocchan..., 2024, 12 epizodów)"), or a longer
    one that says it is a review ("Premiere Review | I've Been Killing Slimes...")."""
    if len(block.text) > HEADING_MAX_CHARS:
        return False
    core = _TRAILING_DETAILS.sub("", block.text).strip()
    if not is_paragraph(Block(block.index, block.start, block.start + len(core), core)):
        return True
    words = core.split()
    if len(words) <= LONG_NAME_WORDS and not re.search(r"[.;]\s|[.,;:]$", core):
        return True  # a long light-novel title: no sentence inside it
    found = headline_subject(block.text)
    return found is not None and found.says_review and len(block.text.split()) <= 24


def find_units(
    page: Page,
    headline: Block | None,
    page_subject: Subject | None,
    rating_lines: dict[int, Candidate],
    rated: set[int],
    roundup_headline: bool,
    ladder: set[int],
) -> list[Unit]:
    """The page's reviews: one per roundup entry, or the page as one review."""
    end = page.article_end  # related posts and comments hold no review of the page
    blocks = [b for b in page.blocks if b is not headline and (end is None or b.index < end)]
    single_review = page_subject is not None and (
        page_subject.says_review or page_subject.source == "title field"
    )
    found = _entries(page, blocks, rating_lines, rated, single_review, ladder)
    entries = [u for u in found if u.weight >= ENTRY_ACCEPT]
    likely = [u for u in found if u.weight >= ENTRY_ACCEPT - 1]
    lenient = (
        page_subject is None or roundup_headline or _headline_is_a_name(page_subject, headline)
    )
    if lenient and len(likely) > len(entries):
        why = "the page is a roundup" if roundup_headline else "the page repeats the shape"
        if roundup_headline or len(likely) >= 2:
            for unit in likely:
                unit.reasons.append(f"{why} +1")
                unit.weight += 1
            entries = likely
    first = _headline_entry(page, headline, blocks, entries) if lenient else None
    entries = ([first] if first else []) + entries
    enough = len(entries) >= 2 or (len(entries) == 1 and (roundup_headline or not page_subject))
    if enough and not (single_review and len(entries) < 2):
        return _dedupe(entries)
    return [Unit(page_subject, headline, blocks, page_subject.episode if page_subject else None)]


def _entries(
    page: Page,
    blocks: list[Block],
    rating_lines: dict[int, Candidate],
    rated: set[int],
    numbered_only: bool,
    ladder: set[int],
) -> list[Unit]:
    units: list[Unit] = []
    tier: Candidate | None = None
    tiers: bool | None = None  # whether the page's rating lines head groups (its first tells)
    tier_group: Candidate | None = None  # under a tier list's heading, until the next one
    pending_number = False
    facts = _facts_boxes([b for b in blocks if b.index not in rating_lines])
    for i, block in enumerate(blocks):
        if tiered := _tier_line(block):  # "S Tier: X, Y" reads like a field line: first
            units += tiered
            tier = None
            continue
        if heading := _tier_heading(block):  # "S Tier" over the names (and texts) it holds
            tier_group = heading
            continue
        if (
            block.index in page.field_lines
            or block.index in page.value_lines
            or block.index in facts
        ):
            if units:
                units[-1].blocks.append(block)
            continue
        if block.index in ladder:
            continue
        if block.index in rating_lines and not is_paragraph(block):
            if tiers is None:  # a rating line under an entry's text closes it, as will the rest
                tiers = not (units and _has_text(units[-1]))
            heads = (
                tiers
                and _names_follow(blocks, i, rating_lines)
                and not (i and is_paragraph(blocks[i - 1]))
            )
            tier = rating_lines[block.index] if heads else None
            if units and tier is None:
                units[-1].blocks.append(block)  # the entry's own rating line
            continue
        if _NUMBER_ONLY.match(block.text):
            pending_number = True
            continue
        if _CJK_QUOTED.match(block.text) or block.tag == "heading":
            tier = None  # a new section: the tier group above has ended
        unit = _heading_unit(
            page, blocks, i, tier or tier_group, pending_number, numbered_only, rated
        )
        pending_number = False
        if unit is not None and units and _alias_line(units[-1], unit, blocks, i):
            units[-1].aliases.append(unit.subject.name if unit.subject else block.text)
            continue  # "葬送のフリーレン" under "Frieren: Beyond Journey's End": one anime
        if unit is not None:
            units.append(unit)
            continue
        if is_paragraph(block):
            tier = None
        if units:
            units[-1].blocks.append(block)
    return _on_tier_scale(units)


#: A tier list's rungs, top to bottom: with an S tier above A, the letters are six rungs
#: (S = 100, A = 80 ... F = 0), not school grades where A is already the top.
TIER_RUNGS = {"S": 5, "A": 4, "B": 3, "C": 2, "D": 1, "E": 0, "F": 0}


def _on_tier_scale(units: list[Unit]) -> list[Unit]:
    """Units graded by tiers that include S, each grade set on the tier list's scale."""
    graded = [u for u in units if u.inherited is not None and u.inherited.notation == "letter"]
    if not any(u.inherited and u.inherited.score.as_written == "S" for u in graded):
        return units
    for unit in graded:
        assert unit.inherited is not None
        grade = unit.inherited.score.as_written
        rung = TIER_RUNGS.get(grade[:1])
        if rung is not None:
            value = 20.0 * rung
            score = Score(value, 100.0, value, "letter", grade)
            unit.inherited = replace(unit.inherited, score=score)
    return units


#: "S Tier: Dandadan, Blue Box", "Tier A – Frieren / Pluto": a tier list's line, its
#: letter then the anime it holds.
_TIER = r"^\s*(?:(?P<g>[SABCDEF][+-]?)[\s-]*tier|tier\s+(?P<g2>[SABCDEF][+-]?))"
_TIER_LINE = re.compile(_TIER + r"\s*[:\-–—]\s*(?P<names>\S.*)$", re.I)
_TIER_NAMES = re.compile(r"\s*(?:,|;|、|\s/|\s·)\s+|\s*、\s*")


#: "S Tier", "Tier A", "B-Tier": a tier list's heading over the names it holds.
_TIER_HEADING = re.compile(_TIER + r"\s*[:：]?\s*$", re.I)


def _tier_grade(block: Block, m: re.Match[str]) -> Candidate | None:
    group = "g" if m.group("g") else "g2"
    grade = m.group(group).upper()
    value = letter_value(grade)
    if value is None:
        return None
    score = Score(value, 100.0, value, "letter", grade)
    return Candidate(block, m.start(group), m.end(group), score, "letter")


def _tier_heading(block: Block) -> Candidate | None:
    m = _TIER_HEADING.match(block.text)
    return _tier_grade(block, m) if m else None


def _tier_line(block: Block) -> list[Unit]:
    """One entry per anime a tier list's line names, each rated with the line's letter."""
    m = _TIER_LINE.match(block.text[:HEADING_MAX_CHARS])
    if m is None:
        return []
    rating = _tier_grade(block, m)
    if rating is None:
        return []
    units, at = [], m.start("names")
    for part in _TIER_NAMES.split(m.group("names")):
        start = block.text.find(part, at)
        at = start + len(part)
        name = clean_name(part)
        if not name or not _is_entry_name(name):
            continue
        subject = Subject(name, block.start + start, block.start + start + len(name), "heading")
        reasons = ["a tier list's line +2"]
        units.append(Unit(subject, block, [], None, rating, ENTRY_ACCEPT, reasons))
    return units


def _headline_is_a_name(subject: Subject, headline: Block | None) -> bool:
    """The page's first line is only a name (it may be the first of a list of entries)."""
    if headline is None or subject.source != "headline":
        return False
    return fold(subject.name) == fold(clean_name(headline.text))


def _alias_line(previous: Unit, unit: Unit, blocks: list[Block], i: int) -> bool:
    """A name line right under another entry's name, before any text: the same anime
    in another language or script, not a new entry."""
    if previous.heading is None or previous.blocks or not i or unit.inherited is not None:
        return False
    if blocks[i - 1].index != previous.heading.index or previous.subject is None:
        return False
    if unit.subject is None or "numbered +2" in unit.reasons:
        return False
    return _script(previous.subject.name) != _script(unit.subject.name)


def _script(name: str) -> str:
    """The writing system a name is in: "latin", "cjk" or "other"."""
    if CJK.search(name):
        return "cjk"
    return "latin" if re.search(r"[A-Za-z]", name) else "other"


def _headline_entry(
    page: Page, headline: Block | None, blocks: list[Block], entries: list[Unit]
) -> Unit | None:
    """A roundup whose first line is its first entry's name (the excerpt starts there):
    that line is an entry like the others, not the page's headline."""
    if headline is None or not entries or entries[0].heading is None:
        return None
    found = entry_name(headline.text)
    if found is None or is_roundup_phrase(found.name) or REVIEW_WORDS_RE.search(headline.text):
        return None
    until = entries[0].heading.index
    section = [b for b in blocks if headline.index < b.index < until]
    if not section or not _text_follows(section[0]):
        return None
    start, end = headline.start + found.start, headline.start + found.end
    subject = Subject(found.name, start, end, "heading")
    reasons = ["the page's first line, shaped like the entries below it"]
    return Unit(subject, headline, section, found.episode, None, ENTRY_ACCEPT, reasons)


def _facts_boxes(blocks: list[Block]) -> set[int]:
    """Lines of every run of two or more "label: value" lines (an entry's facts box)."""
    out: set[int] = set()
    run: list[int] = []
    for block in [*blocks, None]:
        if block is not None and fact_shaped(block.text):
            run.append(block.index)
            continue
        if len(run) >= 2:
            out.update(run)
        run = []
    return out


def _heading_unit(
    page: Page,
    blocks: list[Block],
    i: int,
    tier: Candidate | None,
    numbered_before: bool,
    numbered_only: bool,
    rated: set[int],
) -> Unit | None:
    block = blocks[i]
    if page.site_name and block.text.strip() == page.site_name:
        return None  # the site's name in its banner, as its <title> ends
    found = entry_name(block.text) if _heading_shaped(block) else None
    inline = None
    if found is None and not numbered_only:
        inline = _inline_entry(block)
        found = inline
    if found is None:
        return None
    numbered = found.numbered or numbered_before
    if numbered_only and not numbered:
        return None
    section = _section_after(blocks, i)
    if found.episode is None and section and (ep := _episode_line(section[0])) is not None:
        found = EntryName(found.name, found.start, found.end, ep, numbered, found.quoted)
        section = section[1:]
    weight, reasons = _heading_weight(
        found, numbered, section, tier, inline is not None, block, rated
    )
    subject = Subject(found.name, block.start + found.start, block.start + found.end, "heading")
    return Unit(subject, block, [block] if inline else [], found.episode, tier, weight, reasons)


def _heading_weight(
    found: EntryName,
    numbered: bool,
    section: list[Block],
    tier: Candidate | None,
    inline: bool,
    block: Block,
    rated: set[int],
) -> tuple[float, list[str]]:
    weight, reasons = 0.0, []

    def add(w: float, why: str) -> None:
        nonlocal weight
        weight += w
        reasons.append(f"{why} {w:+g}")

    body = " ".join(b.text for b in section[:6]).casefold()
    if inline:
        add(1.0, "a paragraph opening with a name")
        body = block.text[found.end :].casefold()
    if numbered:
        add(2.0, "numbered")
    if found.quoted:
        add(2.0, "quoted")
    if found.episode is not None:
        add(1.0, "names an episode")
    if tier is not None:
        add(2.0, "listed under a rating")
    if _named_again(found.name, body):
        add(2.0, "named again in its section")
    lead = section[1:2] if section and entry_name(section[0].text) else section[:1]
    if lead and _text_follows(lead[0]):  # (past a name in another script under the name)
        add(1.0, "followed by a paragraph")
    elif (
        tier is None and not inline and block.index not in rated and not _rated_next(section, rated)
    ):
        add(-1.0, "not followed by a paragraph")  # (a rated row of a list needs none)
    if block.index in rated:
        add(1.0, "rated on its line")
    elif any(b.index in rated for b in section):
        add(1.0, "rated in its section")
    if block.text.rstrip().endswith(("?", ":")):
        add(-3.0, "ends like a question or a label")
    return weight, reasons


def _rated_next(section: list[Block], rated: set[int]) -> bool:
    """The name's own score is the line right under it, with no text in its section
    ("<dt>Solo Leveling</dt><dd>7/10</dd>"): a rated row of a list, split in two lines."""
    return bool(section) and section[0].index in rated and not any(map(is_paragraph, section))


def _text_follows(block: Block) -> bool:
    """What follows a heading is its text: a paragraph, a sentence, or a facts line."""
    text = block.text.strip()
    return bool(_FIELD_LINE.match(text)) or fact_shaped(text) or _is_sentence(block)


def _has_text(unit: Unit) -> bool:
    """An entry (its heading weighs enough) whose section already says something."""
    return unit.weight >= ENTRY_ACCEPT and any(_is_sentence(b) for b in unit.blocks)


#: A whole sentence of at least four words opening a line, more after it: "Maomao carries
#: everything on her shoulders. Our score: 8/10".
_OPENING_SENTENCE = re.compile(r"^(?:\S+\s+){3,}\S*[^\W\d_][.!?…]\s+\S")


def _is_sentence(block: Block) -> bool:
    """A paragraph, or a line of at least four words that ends as a sentence does or opens
    with one."""
    text = block.text.strip()
    if is_paragraph(block) or _OPENING_SENTENCE.match(text):
        return True
    sentence = re.search(r"[.!?。！？…]$", text) is not None
    return sentence and (
        len(text.split()) >= 4 or (CJK.search(text) is not None and len(text) >= 6)
    )


def _named_again(name: str, body: str) -> bool:
    key = name.casefold()
    if key in body:
        return True
    words = [w for w in re.findall(r"\w+", key) if len(w) >= 4]
    return bool(words) and words[0] in body and len(words[0]) >= 5


def _section_after(blocks: list[Block], i: int) -> list[Block]:
    out: list[Block] = []
    for block in blocks[i + 1 : i + 8]:
        if entry_name(block.text) and not is_paragraph(block) and out:
            break
        out.append(block)
    return out


def _names_follow(blocks: list[Block], i: int, rating_lines: dict[int, Candidate]) -> bool:
    """A rating line heads a tier group when short name lines follow it (and no paragraph
    precedes it: a rating under a paragraph closes the entry above, "Nota final: 4,2")."""
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return (
        nxt is not None
        and nxt.index not in rating_lines
        and not is_paragraph(nxt)
        and entry_name(nxt.text) is not None
    )


def _inline_entry(block: Block) -> EntryName | None:
    head = block.text[:HEADING_MAX_CHARS]
    m = _SCORE_FIRST_INLINE.match(head) or _INLINE_DASH.match(head) or _INLINE.match(head)
    if not m:
        return None
    name = clean_name(m.group("name"))
    if not _is_entry_name(name) or len(name.split()) > 8 or is_field_line(block.text):
        return None
    kind = classify_label(name)[0]
    if kind != "none" and not (kind == "not" and name[-1].isdigit()):
        return None  # "Story: the plot...", "Verdict: a must watch": a label, not a name
    # ("Kaiju No. 8" holds its number: a name, where a count's label is followed by one)
    if not all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in name.split()):
        return None
    return EntryName(name, m.start("name"), m.start("name") + len(name), None, False, False)


def _episode_line(block: Block) -> int | None:
    """ "Episódio 11" on the line under an entry's name (the line says nothing else)."""
    if len(block.text.split()) > 3 or strip_episode(block.text).strip():
        return None
    return episode_in(block.text)


def _dedupe(units: list[Unit]) -> list[Unit]:
    """One unit per anime and episode: a page that lists a show twice (a summary table,
    then the write-up) reviews it once; the first unit keeps its rating."""
    out: dict[tuple[str, int | None], Unit] = {}
    for unit in units:
        key = (fold(unit.subject.name) if unit.subject else "", unit.episode)
        if key in out:
            kept = out[key]
            kept.blocks += unit.blocks
            kept.inherited = kept.inherited or unit.inherited
        else:
            out[key] = unit
    return list(out.values())
