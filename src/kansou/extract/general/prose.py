"""Facts stated in sentences rather than in a facts box.

Shapes recognised (each names the sentence shape, not any page's wording):

- "<TV|Movie|OVA|ONA> anime/series that premiered|aired|debuted on <date>":
  the type and the start date.
- "premiered|debuted|first aired|started airing on <date>": a start date.
- "(the) final|last episode ... aired on <date>": an end date.
- "<Name> Studio(s)" inside prose: a mention of a studio (low confidence).
- "this|the <N>-episode anime|series|show|season": an episode count (low
  confidence; "a 24-episode run would have helped" is a wish, not a fact).
"""

from __future__ import annotations

import re

from kansou.extract.general.fields import MEDIA_TYPES
from kansou.extract.general.page import Page
from kansou.extract.patterns import DATE, block_span, parse_date
from kansou.model import Block, Claim, ClaimKind, Span

NAME = "general.prose"

_DATE = DATE.pattern
_TYPED_PREMIERE = re.compile(
    r"\b(?P<type>TV|OVA|ONA|movie|film)\s+(?:anime\s+|series\s+|anime series\s+)?"
    r"(?:that|which)\s+(?:premiered|aired|debuted|started airing|was released)\s+(?:on|in)\s+"
    rf"(?P<date>{_DATE})",
    re.I,
)
_PREMIERE = re.compile(
    rf"\b(?:premiered|debuted|first aired|started airing)\s+(?:on|in)\s+(?P<date>{_DATE})", re.I
)
_FINALE = re.compile(
    r"\b(?:final|last)\s+episode\b[^.]{0,60}?\b(?:aired|premiered|was released|released)\s+"
    rf"(?:on|in)\s+(?P<date>{_DATE})",
    re.I,
)
_STUDIO_MENTION = re.compile(r"\b(?P<name>(?:[A-Z][\w.\-]+\s){1,3})Studios?\b")
_NOT_STUDIO_NAMES = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "my",
        "a",
        "an",
        "main",
        "animation",
        "anime",
        "new",
        "top",
        "big",
        "major",
        "japanese",
        "while",
        "when",
        "if",
        "but",
        "and",
        "although",
        "though",
        "because",
        "as",
        "so",
        "since",
        "after",
        "before",
        "where",
        "with",
        "without",
        "for",
        "from",
        "by",
        "of",
        "in",
        "on",
        "at",
        "to",
    ]
)
_EPISODE_RUN = re.compile(
    r"\b(?:this|the|its)\s+(?P<n>\d{1,4})-episode\s+(?:anime|series|show|season|tv)", re.I
)

#: Confidence of facts read from running prose, below a facts box's 0.9: a
#: sentence may mention a studio in passing or a hypothetical run length.
PROSE_CONFIDENCE = 0.6


def extract_prose(page: Page) -> list[Claim]:
    claims: list[Claim] = []
    for block in page.blocks:
        if block.index in page.value_lines or block.index in page.field_lines:
            continue
        low = block.text.lower()  # what each shape needs, looked for before its pattern
        episodes = "episode" in low
        if _STARTED.search(low):
            claims += _premieres(block)
        if episodes:
            claims += _finale(block)
        if "Studio" in block.text:
            claims += _studio_mentions(block)
        if episodes:
            claims += _episode_run(block)
    return claims


#: The verbs every premiere shape holds.
_STARTED = re.compile(r"premiered|aired|debuted|started airing|was released")


def _date_claim(block: Block, m: re.Match[str], role: str, confidence: float) -> list[Claim]:
    found = parse_date(m.group("date"))
    if found is None:
        return []
    iso, _, _ = found
    span = block_span(block, m.start("date"), m.end("date"))
    data = {"role": role, "date": iso, "as_written": m.group("date")}
    return [Claim(ClaimKind.DATE, data, span, NAME, confidence)]


def _premieres(block: Block) -> list[Claim]:
    if m := _TYPED_PREMIERE.search(block.text):
        media = MEDIA_TYPES.get(m.group("type").casefold(), m.group("type"))
        type_span = block_span(block, m.start("type"), m.end("type"))
        return [
            Claim(ClaimKind.MEDIA_TYPE, {"value": media}, type_span, NAME, 0.8),
            *_date_claim(block, m, "start", 0.8),
        ]
    if m := _PREMIERE.search(block.text):
        return _date_claim(block, m, "start", 0.7)
    return []


def _finale(block: Block) -> list[Claim]:
    m = _FINALE.search(block.text)
    return _date_claim(block, m, "end", 0.7) if m else []


def _studio_mentions(block: Block) -> list[Claim]:
    out = []
    for m in _STUDIO_MENTION.finditer(block.text):
        name = m.group("name").strip()
        if name.split()[0].casefold() in _NOT_STUDIO_NAMES:
            continue
        span = block_span(block, m.start(), m.end())
        written = block.text[m.start() : m.end()]
        out.append(
            Claim(
                ClaimKind.STUDIO, {"name": written, "mention": True}, span, NAME, PROSE_CONFIDENCE
            )
        )
    return out


def _episode_run(block: Block) -> list[Claim]:
    m = _EPISODE_RUN.search(block.text)
    if not m:
        return []
    span = Span(block.start + m.start(), block.start + m.end())
    return [
        Claim(ClaimKind.EPISODE_COUNT, {"value": int(m.group("n"))}, span, NAME, PROSE_CONFIDENCE)
    ]
