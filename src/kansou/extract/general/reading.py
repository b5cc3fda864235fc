"""How general extraction reads one page, stage by stage, each with its own result:

1. **facts**: label/value facts, prose facts, cast and similar-title lists,
   episode rows (``fields``, ``prose``, ``lists``, ``episodes``);
2. **listed reviews**: pages that list other people's reviews in the two
   shapes community sites use (``reviews``);
3. **headline and subject**: which anime the page is about (``subject``);
4. **reviews the page holds**: the page, or each entry of a roundup (``entries``);
5. **score candidates** and a **decision** for each (``scores``, ``decide``),
   with the rungs of a rating-scale legend (``ladder``) marked;
6. **page kind** (``kansou.classify.page_kind``), then the claims: one review
   per review held (``unit_reviews``), other raters' scores, and for news a
   headline and key points.

``Reading.explanation`` is all of it as plain data: what ``kansou inspect``
prints so a user can tell why a score was or was not taken.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from kansou.classify import NO_ANIME, PageSummary, database_page, page_kind
from kansou.errors import UnknownScale
from kansou.extract.general.decide import VOTES_AFTER, Context, Decision, decide, load_weights
from kansou.extract.general.entries import Unit, find_units
from kansou.extract.general.episodes import extract_episodes
from kansou.extract.general.fields import extract_fields
from kansou.extract.general.ladder import ladder_lines
from kansou.extract.general.lists import extract_cast, extract_key_points, extract_similar
from kansou.extract.general.names import clean_name, fold, headline_subject, slug_words
from kansou.extract.general.news import extract_headline
from kansou.extract.general.page import Page, is_paragraph
from kansou.extract.general.prose import extract_prose
from kansou.extract.general.reviews import extract_reviews
from kansou.extract.general.score_tables import ScoreTable, read_score_tables
from kansou.extract.general.scores import Candidate, find_candidates, stated_scale
from kansou.extract.general.subject import (
    Subject,
    find_headline,
    most_mentioned,
    opening_subject,
    page_subject,
)
from kansou.extract.general.tables import with_markup_facts
from kansou.extract.general.unit_reviews import by_reviewer, unit_review
from kansou.extract.general.vocabulary import (
    ANIME_MEDIUM_RE,
    ANIME_SCRIPT_WORDS,
    ANIME_WORDS_RE,
    NEWS_WORDS_RE,
    OTHER_MEDIUM_RE,
    REVIEW_WORDS_RE,
    REVIEWED_MEDIUM_RE,
    ROUNDUP_WORDS_RE,
    SCALE_PAGE_RE,
    SCREEN_WORK_RE,
    is_roundup_phrase,
)
from kansou.extract.patterns import block_span
from kansou.model import Block, Claim, ClaimKind, DocumentKind, Span
from kansou.scales import ratio, score_key

#: First-person words per thousand words that make a page's prose someone's opinion
#: (blog reviews run 8-25; database pages with a synopsis 0-5, ``corpus/web`` and sites).
OPINION_PER_1000 = 6
#: Lines at the start and end of a review that count as "under the headline" and
#: "at the end" for the score decisions.
UNIT_EDGE_LINES = 4
#: How near (in lines) a labelled number stands to accepted labelled scores to be read as
#: one of their group: a flattened table puts each label and each value on its own line.
RATING_GROUP_LINES = 3
#: Words of a line that make a news page's roundup entry say something of its anime.
WRITTEN_ENTRY_WORDS = 8
#: Labelled numbers on one line that make it a row of sub-scores (a flattened table).
RATING_ROW_MIN = 3
#: A line of at most this many words may be a heading that says "review".
HEADING_REVIEW_WORDS = 8


@dataclass
class Reading:
    """Everything general extraction decided about one page."""

    page: Page
    kind: DocumentKind = DocumentKind.OTHER
    why: str = ""
    headline: Block | None = None
    subject: Subject | None = None
    units: list[Unit] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @cached_property
    def opening(self) -> str:
        """The page's first 200 lines: what tells an opinion or a report."""
        return "\n".join(b.text for b in self.page.blocks[:200])

    @cached_property
    def opinion(self) -> int:
        """First-person words in the opening."""
        return _first_person(self.opening)

    @cached_property
    def reviewed_in_headings(self) -> tuple[str, ...]:
        """What the page's headings say they review ("Review Yuru Camp"), casefolded: its
        heading elements, or in plain text its short lines."""
        out = []
        markup = self.page.is_html
        for block in self.page.blocks:
            if block.tag != "heading" and (markup or block.text.count(" ") >= HEADING_REVIEW_WORDS):
                continue
            if not REVIEW_WORDS_RE.search(block.text):
                continue
            named = headline_subject(block.text)
            if named and named.says_review:
                out.append(named.name.casefold())
        return tuple(out)

    @cached_property
    def paragraphs(self) -> int:
        return sum(1 for b in self.page.blocks if is_paragraph(b))

    @property
    def subject_name(self) -> str | None:
        if self.subject is not None and self.kind != DocumentKind.MULTI_REVIEW:
            return self.subject.name
        return None

    def explanation(self) -> dict[str, Any]:
        by_block = {b.index: u for u in self.units for b in u.blocks}
        return {
            "kind": str(self.kind),
            "why": self.why,
            "language": self.page.language,
            "address": self.page.address,
            "headline": self.headline.text if self.headline else None,
            "subject": _subject_json(self.subject),
            "reviewed": bool(self.subject and self.subject.says_review),
            "reviews": [
                {
                    **(_subject_json(u.subject) or {}),
                    "episode": u.episode,
                    "heading": u.heading.text if u.heading else None,
                    "weight": u.weight,
                    "reasons": u.reasons,
                }
                for u in self.units
            ],
            "candidates": [
                {
                    **d.to_json(),
                    "review": _unit_name(by_block.get(d.candidate.block.index)),
                }
                for d in self.decisions
            ],
        }


def read_page(page: Page) -> Reading:
    reading = Reading(page)
    claims = extract_fields(page)  # first: marks value lines, which are not headings
    claims += extract_prose(page)
    claims += extract_cast(page)
    claims += extract_similar(page)
    claims += extract_episodes(page)
    claims = _claimed(page, with_markup_facts(page.cleaned, claims))
    listed = _claimed(page, extract_reviews(page))
    reading.headline = find_headline(page)
    reading.subject = page_subject(page, reading.headline, claims)
    if reading.subject is not None and _says_review(reading):
        reading.subject = replace(reading.subject, says_review=True)  # "Review X" as a heading
    candidates = _candidates(page)
    ladder = ladder_lines(page, candidates)
    table = read_score_tables(page) if page.is_html and not listed else ScoreTable()
    if table.units:  # a roundup in a table: its rows are its reviews
        reading.units = table.units
    elif not listed and not _settled_without_sections(reading, claims):
        rating_lines, rated = _rating_lines(candidates, ladder)
        reading.units = find_units(
            page,
            reading.headline,
            reading.subject,
            rating_lines,
            rated,
            _roundup_page(reading),
            ladder,
        )
        if reading.subject is None and len(reading.units) == 1:
            reading.subject = reading.units[0].subject
    reading.decisions = _on_stated_scale(
        page, _decisions(page, reading, candidates, ladder, table.columns)
    )
    if (
        reading.subject is None
        and len(reading.units) == 1
        and _scored(reading)
        and not page.is_html
    ):
        # A page that scores something it names only in passing ("I gave Frieren a 5"):
        # the proper noun it writes most is the best guess a reader has.
        reading.subject = reading.units[0].subject = opening_subject(page) or most_mentioned(page)
    summary = _summary(reading, claims, listed, ladder)
    reading.kind, reading.why = page_kind(summary)
    if reading.kind == DocumentKind.LISTING or reading.why.startswith(f"{NO_ANIME}:"):
        reading.subject = None  # a list of titles is about none of them; a game is no anime
    stated = {score_key(c.data["score"]) for c in claims if c.kind == ClaimKind.SITE_SCORE}
    site_scores = [
        c for c in _site_scores(reading, listed) if score_key(c.data["score"]) not in stated
    ]
    reading.claims = claims + listed + _review_claims(reading) + site_scores
    reading.claims += _headline_alias(reading)
    if reading.kind in (DocumentKind.NEWS, DocumentKind.OTHER, DocumentKind.TITLE_PAGE):
        reading.claims += _headline_claims(reading)
    return reading


#: How much of the page's opening its kind's cue words are looked for in (anime words,
#: news words, another medium's words): a line of a megabyte is not searched whole.
CUE_CHARS = 20_000
#: The page states its scale among its first lines, before the scores.
PAGE_SCALE_LINES = 12


def _on_stated_scale(page: Page, decisions: list[Decision]) -> list[Decision]:
    """Scores written with no maximum ("評価：9点", a review box's total "9.3") on a page that
    says what its scale is among its first lines ("10点満点です"), or whose other scores
    all state one maximum (its sub-scores "Story 9/10", "Music 9/10"): each out of that
    maximum, when it fits."""
    maximum = next((m for b in page.blocks[:PAGE_SCALE_LINES] if (m := stated_scale(b.text))), None)
    if maximum is None:
        maximum = _shared_maximum(decisions)
    if maximum is None:
        return decisions
    out = []
    for d in decisions:
        score = d.candidate.score
        if (
            d.accepted
            and score.scale_max is None
            and score.value is not None
            and score.value <= maximum
        ):
            with contextlib.suppress(UnknownScale):
                scaled = ratio(score.value, maximum, score.as_written)
                d = replace(d, candidate=replace(d.candidate, score=scaled))
        out.append(d)
    return out


#: Scores stating one maximum that make it the page's scale for the scores that state none.
SHARED_SCALE_MIN = 2


def _shared_maximum(decisions: list[Decision]) -> float | None:
    """The one maximum every accepted score that states one states, when at least
    ``SHARED_SCALE_MIN`` do: the scale the page uses elsewhere."""
    maxima = [
        d.candidate.score.scale_max
        for d in decisions
        if d.accepted and d.candidate.score.scale_max is not None
    ]
    if len(maxima) < SHARED_SCALE_MIN or len(set(maxima)) != 1:
        return None
    return maxima[0]


def _settled_without_sections(reading: Reading, claims: list[Claim]) -> bool:
    """A database page whose headline reviews nothing: reading its sections as roundup
    entries (the costliest stage on a long page) could not change what it is."""
    if reading.subject is not None and reading.subject.says_review:
        return False
    return database_page(claims, reading.paragraphs, reading.opinion)


def _headline_alias(reading: Reading) -> list[Claim]:
    """A page whose title field and headline name the work differently ("Title:
    Mononoke-hime" under "Princess Mononoke") states both names of one anime."""
    subject, headline = reading.subject, reading.headline
    if subject is None or subject.source != "title field" or headline is None:
        return []
    named = _from_headline_text(headline)
    if named is None or fold(named) == fold(subject.name):
        return []
    at = headline.text.find(named)
    span = block_span(headline, max(at, 0), max(at, 0) + len(named))
    return [Claim(ClaimKind.ALIAS, {"name": named}, span, "general.subject", 0.8)]


def _from_headline_text(headline: Block) -> str | None:
    found = headline_subject(headline.text)
    if found is not None:
        return found.name
    name = clean_name(headline.text)
    return name if 1 <= len(name.split()) <= 8 and not re.search(r"[.!?,;:]$", name) else None


def _scored(reading: Reading) -> bool:
    return any(d.accepted and d.role == "overall" for d in reading.decisions)


def _claimed(page: Page, claims: list[Claim]) -> list[Claim]:
    """Claims of shapes that read whole lines: the lines are theirs, numbers and all."""
    starts = [b.start for b in page.blocks]
    for claim in claims:
        if claim.kind != ClaimKind.EPISODE and not isinstance(claim.data.get("score"), dict):
            continue
        first = max(bisect.bisect_right(starts, claim.span.start) - 1, 0)
        for block in page.blocks[first:]:
            if block.start >= claim.span.end and block.start > claim.span.start:
                break
            overlaps = block.start < claim.span.end and claim.span.start < block.end
            if overlaps and (claim.kind == ClaimKind.EPISODE or _score_line(block, claim)):
                page.claimed_lines.add(block.index)
    return claims


def _score_line(block: Block, claim: Claim) -> bool:
    score = claim.data.get("score")
    span = score.get("span") if isinstance(score, dict) else None
    return span is not None and block.start <= span[0] < block.end


def _candidates(page: Page) -> dict[int, list[Candidate]]:
    out = {}
    for block in page.blocks:
        if block.index in page.claimed_lines:
            continue
        found = find_candidates(block)
        if found:
            out[block.index] = found
    return out


def _rating_lines(
    candidates: dict[int, list[Candidate]], ladder: set[int]
) -> tuple[dict[int, Candidate], set[int]]:
    """Short lines that are a labelled overall rating (what a tier group hangs under), and
    every line that holds a score at all (what makes a roundup entry rated)."""
    tiers, rated = {}, set()
    for index, found in candidates.items():
        if index in ladder:
            continue
        for c in found:
            d = decide(c, found, Context())
            if not d.accepted:
                continue
            rated.add(index)
            if d.label.kind == "overall" and len(c.block.text.split()) <= 8:
                tiers[index] = c
                break
    return tiers, rated


def _roundup_page(reading: Reading) -> bool:
    """The headline or the address says the page is a roundup (and no single review)."""
    if reading.subject is not None and reading.subject.says_review:
        return False
    headline = reading.headline.text if reading.headline else ""
    address = " ".join(slug_words(reading.page.address))
    return any(
        (ROUNDUP_WORDS_RE.search(text) and is_roundup_phrase(text)) or "impressions" in text
        for text in (headline, address)
        if text
    )


def _decisions(
    page: Page,
    reading: Reading,
    candidates: dict[int, list[Candidate]],
    ladder: set[int],
    columns: dict[int, str],
) -> list[Decision]:
    edges: dict[int, tuple[bool, bool]] = {}
    for unit in reading.units:
        lines = [b.index for b in unit.blocks]
        for i in lines[:UNIT_EDGE_LINES]:
            edges[i] = (True, edges.get(i, (False, False))[1])
        for i in lines[-UNIT_EDGE_LINES:]:
            edges[i] = (edges.get(i, (False, False))[0], True)
    names = _name_spans(reading, set(candidates))
    previous: dict[int, Block] = {}
    for a, b in zip(page.blocks, page.blocks[1:], strict=False):
        previous[b.index] = a
    end = page.article_end
    # the page's headline, and each entry's name line, which is that entry's headline
    headings = {u.heading.index for u in reading.units if u.heading is not None}
    if reading.headline is not None:
        headings.add(reading.headline.index)
    out = []
    for index, found in sorted(candidates.items()):
        first, last = edges.get(index, (False, False))
        headline = index in headings
        for c in found:
            context = Context(
                previous.get(index),
                first,
                last,
                headline,
                index in ladder,
                tuple(names.get(index, ())),
                after_article=end is not None and index > end,
                column=columns.get(index, ""),
            )
            decision = decide(c, found, context)
            if decision.accepted or c.notation not in ("bare", "points"):
                out.append((decision, context))
            elif decision.label.kind != "none":
                out.append((decision, context))  # a number behind a label: say why no score
    return _in_rating_groups(out, candidates)


def _in_rating_groups(
    decided: list[tuple[Decision, Context]], candidates: dict[int, list[Candidate]]
) -> list[Decision]:
    """Decide again, as one of a group, each labelled number refused on a line next to
    lines of accepted labelled scores: the middle rows of a flattened table of
    sub-scores ("Story / 9 / Animation / 10 / Music / 8") have neither the headline's
    nor the end's place to lean on."""
    labelled = {
        d.candidate.block.index
        for d, _context in decided
        if d.accepted and d.label.kind in ("overall", "aspect")
    }
    per_line = Counter(
        d.candidate.block.index for d, _c in decided if d.label.kind in ("overall", "aspect")
    )
    out = []
    for d, context in decided:
        index = d.candidate.block.index
        grouped = len(labelled) >= 2 and any(
            i != index and abs(i - index) <= RATING_GROUP_LINES for i in labelled
        )
        # "Story 9 | Characters 10 | Animation 8 | Overall 9": a row of labelled numbers
        grouped = grouped or per_line[index] >= RATING_ROW_MIN
        if grouped and not d.accepted and d.label.kind in ("overall", "aspect"):
            d = decide(d.candidate, candidates[index], replace(context, rating_group=True))
        out.append(d)
    return out


def _name_spans(reading: Reading, lines: set[int]) -> dict[int, list[tuple[int, int]]]:
    """Where the subjects' names are written on the lines that hold candidates, in the
    line's own offsets."""
    names = {u.subject.name for u in reading.units if u.subject}
    if reading.subject:
        names.add(reading.subject.name)
    out: dict[int, list[tuple[int, int]]] = {}
    for block in reading.page.blocks:
        if block.index not in lines:
            continue
        for name in names:
            at = block.text.find(name)
            if at >= 0:
                out.setdefault(block.index, []).append((at, at + len(name)))
    return out


def _summary(
    reading: Reading, claims: list[Claim], listed: list[Claim], ladder: set[int]
) -> PageSummary:
    page, text = reading.page, reading.opening
    cues = text[:CUE_CHARS]  # what tells a page's kind is in its opening
    accepted = [d for d in reading.decisions if d.accepted and d.role == "overall"]
    news_cues = len(NEWS_WORDS_RE.findall(cues))
    scale_words = SCALE_PAGE_RE.search(
        " ".join(
            [
                reading.headline.text if reading.headline else "",
                (page.address or "").replace("-", " "),
            ]
        )
    )
    return PageSummary(
        claims=claims + listed,
        reviews_held=_reviews_held(reading, news_cues > 0),
        subject_says_review=_review_headline(reading),
        has_subject=reading.subject is not None,
        episode=any(u.episode is not None for u in reading.units),
        scores_outside_ladder=len([d for d in accepted if d.candidate.block.index not in ladder]),
        ladder_rungs=len(ladder),
        scale_words=scale_words is not None,
        about_anime=bool(ANIME_WORDS_RE.search(cues) or ANIME_SCRIPT_WORDS.search(cues)),
        other_medium=_reviewed_medium(reading.headline) or _mostly_other_medium(cues),
        opinion=reading.opinion,
        opinion_dense=1000 * reading.opinion >= OPINION_PER_1000 * max(len(text.split()), 1),
        has_headline=reading.headline is not None,
        news_cues=news_cues,
        paragraphs=reading.paragraphs,
        key_points=bool(extract_key_points(page)),
    )


def _reviews_held(reading: Reading, news: bool) -> int:
    """The anime the page reviews each in its section; none on a news page whose sections
    say nothing of them ("Full ranking: 1. Doraemon 2. Haikyu!!" under a box-office report)."""
    named = [u for u in reading.units if u.subject]
    entries = [u for u in named if u.heading is not None and u.heading is not reading.headline]
    if news and entries and not any(_written(reading, u) for u in entries):
        return 0
    return len(named)


def _written(reading: Reading, unit: Unit) -> bool:
    """A roundup's entry says something: its section holds a sentence, or a score. A report
    that lists names ("Full ranking: 1. Doraemon 2. Haikyu!!") reviews none of them."""
    if any(is_paragraph(b) or len(b.text.split()) >= WRITTEN_ENTRY_WORDS for b in unit.blocks):
        return True
    lines = {b.index for b in unit.blocks} | ({unit.heading.index} if unit.heading else set())
    return any(d.accepted and d.candidate.block.index in lines for d in reading.decisions)


def _review_headline(reading: Reading) -> bool:
    """The page says it reviews its subject: the subject's own headline says so, or the
    page's headline holds a review word though the anime is named below it ("Spring
    season daily reviews, part 43" over "Jigokuraku: ...")."""
    if reading.subject is None:
        return False
    if reading.subject.says_review:
        return True
    headline = reading.headline.text if reading.headline else ""
    if fold(reading.subject.name) in fold(headline):
        return False  # the headline names it and does not say it reviews it ("reviews are in")
    return bool(REVIEW_WORDS_RE.search(headline)) and len(reading.units) <= 1


def _reviewed_medium(headline: Block | None) -> tuple[str, ...]:
    """The words by which the headline names what it reviews as a print work or a game
    ("Manga Review", "Vol. 12"), when it holds no word of a screen work; or as another
    screen medium ("The Live-Action Curse Is Broken"), when it holds no word for anime."""
    if headline is None:
        return ()
    text = headline.text
    if not SCREEN_WORK_RE.search(text) and (found := REVIEWED_MEDIUM_RE.search(text)):
        return (found.group(0).casefold(),)
    if not ANIME_MEDIUM_RE.search(text) and (other := OTHER_MEDIUM_RE.search(text)):
        return (other.group(0).casefold(),)
    return ()


#: Another medium's words that outnumber the words for anime this many times (at least
#: ``OTHER_MEDIUM_MIN`` of them) make a page about that medium ("PS5", "Xbox", "gameplay"
#: on a game's review that once says "fights from the anime").
OTHER_MEDIUM_RATIO = 3
OTHER_MEDIUM_MIN = 3


def _mostly_other_medium(cues: str) -> tuple[str, ...]:
    """Another medium's words, when the page holds no word for anime or far more of them."""
    other = OTHER_MEDIUM_RE.findall(cues)
    if not other:
        return ()
    if ANIME_MEDIUM_RE.search(cues) is not None:  # counted only when it could matter
        anime = len(ANIME_MEDIUM_RE.findall(cues))
        if len(other) < OTHER_MEDIUM_MIN or len(other) < OTHER_MEDIUM_RATIO * anime:
            return ()
    return tuple(dict.fromkeys(m.casefold() for m in other))


def _says_review(reading: Reading) -> bool:
    """The headline says it reviews the subject, or a heading does ("Review Yuru Camp"
    under a synopsis and a facts box copied from a database)."""
    subject = reading.subject
    if subject is None:
        return False
    if subject.says_review:
        return True
    name = subject.name.casefold()
    return any(reviewed in name for reviewed in reading.reviewed_in_headings)


_I = re.compile(
    r"(?<!\w)(?:I|I'm|I’m|I've|I’ve|I'd|I’d|my|me|je|j'|j’|moi|mon|ma|ich|mein|meine|mir|mich"
    r"|io|mio|mia|yo|eu|meu|minha|achei|я|мне|мой|меня|ja|mnie|mój|ben|benim|jeg|meg)(?!\w)"
    r"|私|僕|俺|我|나는|내가|저는"
)


def _first_person(text: str) -> int:
    return len(_I.findall(text[:20_000]))


def _review_claims(reading: Reading) -> list[Claim]:
    if reading.kind not in (
        DocumentKind.REVIEW,
        DocumentKind.EPISODE_REVIEW,
        DocumentKind.MULTI_REVIEW,
    ):
        return []
    single = reading.kind != DocumentKind.MULTI_REVIEW
    by_block: dict[int, list[Decision]] = {}
    for d in reading.decisions:
        by_block.setdefault(d.candidate.block.index, []).append(d)
    out = []
    for unit in reading.units:
        if unit.subject is None and not single:
            continue
        lines = unit.indices()
        if single and reading.headline is not None:
            lines.add(reading.headline.index)
        decisions = [d for i in sorted(lines) for d in by_block.get(i, [])]
        out += by_reviewer(
            unit_review(unit, decisions, reading.page, reading.headline, single), decisions
        )
        out += _episode_row(out[-1])
        subject = unit.subject.name if unit.subject else None
        for alias in unit.aliases if subject else []:
            span = Span(unit.heading.start, unit.heading.end) if unit.heading else out[-1].span
            out.append(
                Claim(ClaimKind.ALIAS, {"name": alias}, span, "general.entries", 0.7, subject)
            )
    return out


#: Sites whose score a page may quote ("Current MAL score: 8.35"), by the word it uses.
SITE_NAMES = {
    "mal": "MyAnimeList",
    "myanimelist": "MyAnimeList",
    "imdb": "IMDb",
    "rotten tomatoes": "Rotten Tomatoes",
    "metacritic": "Metacritic",
    "anilist": "AniList",
    "kitsu": "Kitsu",
    "anidb": "AniDB",
    "anime-planet": "Anime-Planet",
    "animeplanet": "Anime-Planet",
    "letterboxd": "Letterboxd",
    "douban": "Douban",
    "豆瓣": "Douban",
    "filmarks": "Filmarks",
    "shikimori": "Shikimori",
    "bilibili": "Bilibili",
    "b站": "Bilibili",
}


def _site_scores(reading: Reading, listed: list[Claim]) -> list[Claim]:
    """Scores that are a site's own aggregate, kept apart from reviews: an average of its
    users' votes ("3.5 out of 5 from 1,125 votes"), the overall score beside reviews the
    page lists, and another site's score a page quotes ("Current MAL score: 8.35"), named
    for that site; one per site and page (the first it states)."""
    site_page = bool(listed)
    out: list[Claim] = []
    seen: set[str | None] = set()
    for d in reading.decisions:
        site = None
        if d.label.kind == "other":
            site = _site_named(d.label.text)
            own = VOTES_AFTER.match(d.candidate.block.text[d.candidate.end :])
            penalty = load_weights().features["label_other_rater"]
            if (site is None and not own) or d.weight - penalty < load_weights().accept:
                continue
        elif not (site_page and d.accepted and d.role == "overall") or None in seen:
            continue
        c = d.candidate
        span = Span(c.block.start + c.start, c.block.start + c.end)
        votes = VOTES_AFTER.match(c.block.text[c.end :])
        data: dict[str, Any] = {
            "score": c.score.to_dict(),
            "votes": int(re.sub(r"\D", "", votes.group("n"))) if votes else None,
        }
        if site:
            data["site"] = site
        if site in seen:
            continue  # one aggregate per site and page: the first the page states
        seen.add(site)
        out.append(Claim(ClaimKind.SITE_SCORE, data, span, "general.scores", 0.8))
    return out


def _site_named(label: str) -> str | None:
    folded = label.casefold()
    for word, site in SITE_NAMES.items():
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            return site
    return None


def _episode_row(review: Claim) -> list[Claim]:
    """A scored episode review is also that episode's row: its score joins the title's
    episode timeline (it never counts toward the title's consensus)."""
    number, score = review.data.get("episode"), review.data.get("score")
    if number is None or not score:
        return []
    data = {"number": number, "title": None, "score": score}
    return [Claim(ClaimKind.EPISODE, data, review.span, "general.reviews", 0.8, review.subject)]


def _headline_claims(reading: Reading) -> list[Claim]:
    page = reading.page
    out = []
    if reading.headline is None and page.blocks and not reading.why.startswith(NO_ANIME):
        out.append(_opening_as_headline(page.blocks[0]))
    elif reading.headline is not None:
        out.append(
            Claim(ClaimKind.HEADLINE, {"text": reading.headline.text},
                  block_span(reading.headline), "general.news", 0.8)
        )  # fmt: skip
    else:
        out += extract_headline(page)
    if reading.kind == DocumentKind.NEWS:
        out += extract_key_points(page)
    return out


#: An article without a headline line is named by its opening sentence, cut at this length.
OPENING_HEADLINE_CHARS = 160


def _opening_as_headline(block: Block) -> Claim:
    """An article whose text starts with prose (the headline was not captured) is named
    by its first sentence, so the page is stored and listed under something a reader
    recognises."""
    m = re.search(r"^.{20,}?[.!?。！？](?=\s|$)", block.text[:OPENING_HEADLINE_CHARS])
    end = m.end() if m else min(len(block.text), OPENING_HEADLINE_CHARS)
    text = block.text[:end]
    return Claim(ClaimKind.HEADLINE, {"text": text, "opening": True},
                 block_span(block, 0, end), "general.news", 0.5)  # fmt: skip


def _subject_json(subject: Subject | None) -> dict[str, Any] | None:
    if subject is None:
        return None
    return {
        "name": subject.name,
        "span": [subject.start, subject.end],
        "found_by": subject.source,
        "episode": subject.episode,
    }


def _unit_name(unit: Unit | None) -> str | None:
    return unit.subject.name if unit and unit.subject else None


__all__ = ["Reading", "read_page"]
