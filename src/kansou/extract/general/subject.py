"""Which anime a page is about, and which episode, read as a careful reader reads it.

In order of trust:

1. A title field ("Title: X", "Movie: X") on the page.
2. The headline, when it says what it reviews ("X Review", "Review: X", "X –
   Episode 5", "First Impression: X"; see ``names.headline_subject``).
3. The address: the longest run of the slug's words that the page writes
   somewhere ("/frieren-beyond-journeys-end-episode-12-review" finds
   "Frieren: Beyond Journey’s End" in the text), else the slug's words
   themselves when the page never writes the name.
4. A short headline that is a name, not a sentence, which the page repeats.
5. The name the page mentions most: a capitalised phrase (two to four
   words) or a quoted name («X», 《X》, 「X」), at least ``MIN_MENTIONS`` times.
6. A work the opening paragraphs name as one ("an OVA from 1993 called X",
   "finished watching the "X" series").

The headline is the first of the page's opening lines that reads like one
(``find_headline``): navigation lines, dates and one-word labels above it
are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from kansou.extract.general.decide import classify_label
from kansou.extract.general.fieldlines import is_field_line
from kansou.extract.general.names import (
    NAME_MAX_WORDS,
    clean_name,
    episode_in,
    headline_subject,
    is_name,
    slug_name_words,
    slug_words,
    strip_episode,
    without_release_year,
)
from kansou.extract.general.page import TITLE_SEPARATOR, Page
from kansou.extract.general.scores import find_candidates
from kansou.extract.general.vocabulary import (
    CJK,
    FURNITURE_RE,
    LEADING_ARTICLE_RE,
    REVIEW_WORDS_RE,
    ROUNDUP_WORDS_RE,
    SAYS_VERDICT_RE,
    is_menu_line,
    is_roundup_phrase,
)
from kansou.model import Block, Claim, ClaimKind

#: The longest line read as a site's name (a host's label is at most 63 characters).
SITE_NAME_MAX_CHARS = 80
#: A phrase must recur this often on a page to be taken as its subject.
MIN_MENTIONS = 3
#: Opening lines searched for the headline.
HEADLINE_WITHIN = 8
#: A headline has at most this many words (and characters).
HEADLINE_MAX_WORDS = 24
HEADLINE_MAX_CHARS = 300
_CAPITALISED = re.compile(r"[A-Z0-9][\w'’☆:!\-]*")
_CJK_QUOTED = re.compile(r"[《「『【](?P<name>[^《》「」『』【】\n]{1,40})[》」』】]")
_DATE_LINE = re.compile(
    r"^\W*(?:\w+day,?\s+)?(?:\w+\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\s+\d{4})\W*$"
)


_RATING_LINE = re.compile(r"\d\s*/\s*\d|[★☆⭐●○]|\bout of\b", re.I)


@dataclass(frozen=True)
class Subject:
    """An anime the page names, where it names it, and how it was found."""

    name: str
    start: int
    end: int
    source: str
    episode: int | None = None
    says_review: bool = False


def find_headline(page: Page) -> Block | None:
    """The headline among the page's opening lines, or None when the page opens with prose."""
    # a slug's numbers and part words ("episodes-1-4") say which part, not which page
    slug = {w for w in slug_words(page.address) if not _names_a_part(w)}
    marked = page.cleaned.headline if page.cleaned is not None else None
    titled = _title_headline(page.html_title)
    for block in page.blocks[: 3 * HEADLINE_WITHIN]:
        named = block.index == marked or (titled is not None and _titled(block, titled))
        if named and _headline_score(block, slug) > 0:
            return block  # markup or <title> name it: a blog's or a sidebar's heading is not
    best, best_score = None, 0.5
    for i, block in enumerate(page.blocks[:HEADLINE_WITHIN]):
        if i and _is_paragraph(page.blocks[i - 1]) and block.tag != "heading":
            break  # past the opening prose: a short line now is a section's heading
        if _is_site_name(block.text, page.address):
            continue  # "little reviews" on littlereviews.net: the site's banner
        score = _headline_score(block, slug) - 0.4 * i
        if score > best_score:
            best, best_score = block, score
    return best


def _review_tail(text: str) -> bool:
    """A line whose words after its last colon say only review ("X – Stagione finale: la
    recensione", "Frieren: the review"): a headline's tagline, not a field's value."""
    tail = LEADING_ARTICLE_RE.sub("", text.rpartition(":")[2].strip())
    return bool(tail) and REVIEW_WORDS_RE.fullmatch(tail) is not None


def _titled(block: Block, titled: str) -> bool:
    """The block shows the ``<title>``'s headline: a heading that is it, or a short line
    that opens with it (old Reddit's post title, followed by its flair "Review")."""
    if len(block.text) > HEADLINE_MAX_CHARS:
        return False
    if block.tag == "heading":
        return _fold(block.text) == titled
    return len(block.text.split()) <= HEADLINE_MAX_WORDS and _fold(block.text).startswith(titled)


def _headline_score(block: Block, slug: set[str]) -> float:
    if len(block.text) > HEADLINE_MAX_CHARS:
        return 0.0
    text = block.text.strip()
    words = text.split()
    if (
        not words
        or FURNITURE_RE.match(text)
        or is_menu_line(text)
        or _DATE_LINE.match(text)
        or text.endswith((":", "："))
    ):
        return 0.0
    if _RATING_LINE.search(text) and len(words) <= 6:
        return 0.0  # "Writing: 9/10", "7 / 10": a rating line, not a headline
    if re.match(r"^\s*(?:#?\d{1,3}\s*[.)\-–:º]|[①-⑳❶-❿•●▪◦*])", text):
        return 0.0  # "7- Wind Breaker", "③見どころ": an entry of a list, not a headline
    if block.tag == "heading":
        return 3.0
    label = classify_label(text.strip(" |:"))[0] if len(words) <= 3 else "none"
    if text.startswith("|") or label in ("overall", "aspect", "other"):
        return 0.0  # "| Average |", "Rating": a table cell or a label, not a headline
    if is_field_line(text) and not (
        re.match(r"^\W*(?:review|critique|reseña)\W", text, re.I) or _review_tail(text)
    ):
        return 0.0  # "Review Date: June 10th, 2005", "Director: X": a fact
    score = 0.0
    sentence = text.endswith(".") and len(words) > 6
    if not REVIEW_WORDS_RE.sub("", text).strip(" :-–—|[]()"):
        return 0.2  # "Review", "Reviews": a section's label, not the page's headline
    if re.match(r"^\W*(?:a\s+)?review(?:ed)? by\s+\S+(?:\s+\S+)?\s*$", text, re.I):
        return 0.0  # "Review by kaoru": a byline, whatever heading it sits in
    if REVIEW_WORDS_RE.search(text) and len(words) <= HEADLINE_MAX_WORDS and not sentence:
        score += 2.0
    if slug:
        folded = set(re.findall(r"\w+", _fold(text)))
        score += 2.0 * len(slug & folded) / len(slug)
    if 3 <= len(words) <= HEADLINE_MAX_WORDS and not text.endswith("."):
        score += 1.0
    elif len(words) <= 2:
        score += 0.6
    elif len(words) > HEADLINE_MAX_WORDS:
        score -= 2.0
    return score


def page_subject(page: Page, headline: Block | None, claims: list[Claim]) -> Subject | None:
    """The anime the page is about (see the module docstring for the order)."""
    for claim in claims:
        if claim.kind == ClaimKind.TITLE:
            name = str(claim.data["name"])
            return Subject(name, claim.span.start, claim.span.end, "title field")
    found = _from_headline(headline, page.address) or _before_headline_score(headline)
    if found and found.says_review:
        return found
    if titled := _from_html_title(page):
        return titled
    slugged = _from_address(page, headline)
    written = slugged if slugged and slugged.end > slugged.start else None
    if written and (found is None or found.episode is None):
        if found and _fold(found.name) in _fold(written.name):
            return found
        return written
    if found:
        return found
    return (
        _repeated_headline(page, headline)
        or _recurring_headline_part(page, headline)
        or (slugged if slugged and _slug_is_name(slugged.name) else None)
        or _name_headline(headline)
        or most_mentioned(page, proper_nouns=False)
        or _named_work(page)
    )


#: Opening paragraphs searched for a work the writer names as one.
NAMED_WORK_WITHIN = 6
#: "an OVA from 1993 called Fantasia", "the series titled “Kino's Journey”": the name
#: after the verb, when a word for a work comes shortly before it ("a gang called "The
#: Clowns"" names no work).
_WORK_WORDS = r"(?:anime|series|OVA|ONA|movie|film|show|special|adaptation)"
_CALLED = re.compile(
    rf"\b(?i:{_WORK_WORDS})\b(?:\s+[^\s.,;!?]+){{0,3}}?\s+(?:called|titled|entitled|named)\s+"
    r"(?:[\"“«](?P<quoted>[^\"“”«»\n]{2,80})[\"”»]|(?P<name>[A-Z][\w'’!:-]*(?:\s+[A-Z0-9][\w'’!:-]*){0,5}))"
)
#: "finished watching the "Urusei Yatsura" (2022) series", "the movie «Akira»": a quoted
#: name with a word for a work before or after it.
_QUOTED_WORK = re.compile(
    rf"(?:\b(?:watch(?:ed|ing)?|finished|review(?:ing)?|rewatch(?:ed|ing)?|{_WORK_WORDS})"
    r"\s+(?:the\s+)?[\"“«](?P<before>[^\"“”«»\n]{2,80})[\"”»])"
    r"|(?:[\"“«](?P<after>[^\"“”«»\n]{2,80})[\"”»]\s*(?:\(\d{4}\)\s*)?"
    rf"(?:{_WORK_WORDS}|season)\b)",
    re.I,
)


def _named_work(page: Page) -> Subject | None:
    """The work the opening paragraphs name as one ("an OVA called Fantasia", "watching the
    "Urusei Yatsura" (2022) series"): the last resort for a page that writes its anime's name
    once, with no headline naming it."""
    for block in page.blocks[:NAMED_WORK_WITHIN]:
        for pattern in (_CALLED, _QUOTED_WORK):
            m = pattern.search(block.text)
            if m is None:
                continue
            group = next(g for g in m.groupdict() if m.group(g))
            name = clean_name(m.group(group).strip(" .,;:!?"))
            if name and is_name(name):
                return _named_in(block, name, "named work", m.start(group))
    return None


_CERTIFICATE = re.compile(r"\s*\((?:PG|PG-13|G|R|NC-17|U|12A?|15|18|TV-\w+)\)\s*$", re.I)


def _before_headline_score(headline: Block | None) -> Subject | None:
    """A headline that is a name and its score ("Your Lie in April. 10/10.", "Howl's Moving
    Castle (PG) ★★½", "Wolf Children- “A++”"): the name is what comes before the score."""
    if headline is None:
        return None
    for c in find_candidates(headline):
        if c.notation not in ("ratio", "stars", "letter", "words"):
            continue
        before = headline.text[: c.start]
        if c.notation == "letter" and not re.search(r"[“\"«]\s*$", before):
            continue
        name = clean_name(_CERTIFICATE.sub("", before.rstrip(' “"«-–—:.')))
        if classify_label(name)[0] != "none":
            return None  # "Reviewer's Rating 3 out of 5": a label, not a name
        words = name.split()
        if 1 <= len(words) <= 10 and not re.search(r"[.!?;]", name):
            return _named_in(headline, name, "headline", says_review=True)
        return None
    return None


def _named_in(
    block: Block,
    name: str,
    source: str,
    after: int = 0,
    episode: int | None = None,
    says_review: bool = False,
) -> Subject:
    """The subject where the block writes its name, its spaces as written ("0  Unevaluated"
    for "0 Unevaluated"); the whole block where cleaning changed the name past finding.
    The episode is the one the name states unless the caller read it elsewhere."""
    at = block.text.find(name, after)
    if at >= 0:
        start, end = block.start + at, block.start + at + len(name)
    else:
        spaced = re.compile(r"\s+".join(map(re.escape, name.split())))
        found = spaced.search(block.text, after)
        start, end = (
            (block.start, block.end)
            if found is None
            else (
                block.start + found.start(),
                block.start + found.end(),
            )
        )
    return Subject(name, start, end, source, episode or episode_in(name), says_review)


def _from_headline(headline: Block | None, address: str | None = None) -> Subject | None:
    if headline is None:
        return None
    found = headline_subject(headline.text)
    if found is not None and _is_site_name(found.name, address):
        # "Anime Hajime Review: Odd Taxi" on animehajime.com: the site's name is no subject,
        # the headline is read again without it
        text = headline.text
        found = headline_subject(
            text[: found.start] + " " * (found.end - found.start) + text[found.end :]
        )
    if found is None:
        return None
    return Subject(
        found.name,
        headline.start + found.start,
        headline.start + found.end,
        "headline",
        found.episode,
        found.says_review,
    )


#: Where a document title's own headline ends and the site's name begins.


def _title_headline(title: str | None) -> str | None:
    """The document title's longest part, folded ("[Review] X is a quiet masterpiece" of
    "[Review] X is a quiet masterpiece : r/anime"): what a heading that is the article's
    headline repeats. None for a title of one short part, which may be the site's name."""
    if not title:
        return None
    parts = [p for p in re.split(r"\s+[|–—:-]\s+|\s+::\s+", title) if p.strip()]
    longest = max(parts, key=lambda p: len(p.split()))
    return _fold(longest) if len(parts) > 1 and len(longest.split()) >= 3 else None


def _from_html_title(page: Page) -> Subject | None:
    """An HTML page whose ``<title>`` says what it reviews ("Dungeon Meshi review: a feast |
    Otaku Den") under a heading that names nothing of it ("A feast of a show"): the title's
    part that says review, written where the page writes that name (or nowhere)."""
    if not page.html_title:
        return None
    for part in TITLE_SEPARATOR.split(page.html_title)[:3]:
        found = headline_subject(part)
        if found is None or not found.says_review or _is_site_name(found.name, page.address):
            continue
        for block in page.blocks[:HEADLINE_WITHIN]:
            if found.name in block.text:
                return _named_in(block, found.name, "title", 0, found.episode, True)
        return Subject(found.name, 0, 0, "title", found.episode, True)
    return None


def _from_address(page: Page, headline: Block | None) -> Subject | None:
    """The slug's longest run of words that the page writes, as the page writes it."""
    everything = slug_words(page.address)
    words = slug_name_words(page.address)
    if len(words) < 1 or is_roundup_phrase(" ".join(words)):
        return None  # a season's or a list's address names no one anime
    episode = episode_in(" ".join(words))
    says_review = any(REVIEW_WORDS_RE.fullmatch(w) for w in everything + _path_words(page))
    blocks = ([headline] if headline else []) + page.blocks[:40]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if size == 1 and (len(run[0]) < 5 or run[0].isdigit()):
                continue
            if sum(len(w) for w in run) < 5:
                continue
            if all(_generic(w) for w in run) or is_roundup_phrase(" ".join(run)):
                continue
            if run[0] in _NOT_OPENING_A_NAME or run[-1] in _NOT_CLOSING_A_NAME:
                continue  # "...-dellanime-di-pokemon-e-gia-...": "di Pokémon" is no name
            if SAYS_VERDICT_RE.search(" ".join(run)):
                continue  # "urusei-yatsura-2022-is-amazing": the name is before "is"
            if all(_names_a_part(w) for w in run):
                continue  # "episodes-1-4": which part, of no name
            if i and _names_a_part(run[0]):
                continue  # "frieren-season-2-announced": a season's number follows a name
            for block in blocks:
                span = find_folded(block.text, run)
                if span and _written_as_name(block.text[span[0] : span[1]]):
                    name = clean_name(strip_episode(block.text[span[0] : span[1]]))
                    if name:
                        return _named_in(block, name, "address", span[0], episode, says_review)
    name_words = [w for w in words if not re.fullmatch(r"\d{4}", w)]
    if all(_names_a_part(w) for w in name_words):
        return None
    if len(name_words) >= 2 and not any(w.isdigit() and len(w) > 4 for w in name_words):
        name = strip_episode(" ".join(name_words)) or " ".join(name_words)
        return Subject(name.title(), 0, 0, "address", episode, says_review)
    return None


#: Prepositions and conjunctions that neither open nor close an anime's name.
_LINKING_WORDS = frozenset({"of", "and", "or", "&", "vs", "with", "by", "at", "di", "del", "da",
                            "de", "du", "des", "dos", "von", "zu", "dem", "den", "con", "por",
                            "para", "sem", "com", "e", "et", "y", "und", "al"})  # fmt: skip
#: ... and the words that open none (unlike "The", "To", "No", "My", "From": "To Your
#: Eternity", "No Game No Life", "From the New World"), or close none (a Japanese particle
#: may: "Kimi no Na wa").
_NOT_OPENING_A_NAME = _LINKING_WORDS | {"as", "is", "are", "was", "na", "nos", "nas", "im", "am",
                                        "wa", "ga", "wo", "ni"}  # fmt: skip
_NOT_CLOSING_A_NAME = _LINKING_WORDS | {"for", "the", "a", "an", "is", "are", "was", "were"}
#: Words that follow a name in a slug, never open it when words come before them.
_SEASON_WORDS = frozenset({"season", "part", "cour", "episode", "episodes", "ep", "saison",
                           "temporada", "staffel", "stagione"})  # fmt: skip


def _names_a_part(word: str) -> bool:
    """A slug word that says which season, part or episode, never which anime."""
    return word.isdigit() or word in _SEASON_WORDS


def _is_site_name(name: str, address: str | None) -> bool:
    """The name is the site's own, as its host writes it ("Anime Hajime", animehajime.com)."""
    if len(name) > SITE_NAME_MAX_CHARS:
        return False  # a host's label is at most 63 characters: a long line is no site name
    labels = (urlparse(address or "").hostname or "").casefold().split(".")[:-1]
    key = re.sub(r"\W|_", "", _fold(name))
    return len(key) >= 4 and key in {re.sub(r"\W|_", "", label) for label in labels}


def _path_words(page: Page) -> list[str]:
    """Every word of the address's path ("/animes/53065-.../reviews/128829" says "reviews")."""
    path = urlparse(page.address or "").path
    return [w for w in re.split(r"[/\-_+.\s]+", unquote(path).casefold()) if w]


def _is_paragraph(block: Block) -> bool:
    if CJK.search(block.text):
        return len(block.text) >= 40
    return len(block.text.split()) >= 15


def _written_as_name(text: str) -> bool:
    """The page writes the slug's words as a name: capitalised (but for function words),
    or in a script without case ("Il nuovo" is a sentence's start, "Pokémon" a name)."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", text) if w[:1].isalpha()]
    cased = [w for w in words if w[:1].upper() != w[:1].lower()]
    return all(w[:1].isupper() or w.casefold() in _FUNCTION_WORDS for w in cased)


def _generic(word: str) -> bool:
    """A slug word that says what kind of page it is ("rankings", "blog", "winter")."""
    return bool(ROUNDUP_WORDS_RE.fullmatch(word) or REVIEW_WORDS_RE.fullmatch(word)) or (
        word in _GENERIC_SLUG_WORDS or word.isdigit()
    )


_GENERIC_SLUG_WORDS = frozenset(
    [
        "anime",
        "animes",
        "blog",
        "post",
        "news",
        "article",
        "list",
        "lists",
        "my",
        "our",
        "the",
        "a",
        "of",
        "and",
        "de",
        "la",
        "le",
        "du",
        "des",
    ]
)


def _slug_is_name(name: str) -> bool:
    """Slug words the page never writes are a name only when they read like one: words of
    letters, none of them an id or a page-kind word ("dvdreviews shopping6" is not)."""
    words = name.split()
    last_ok = words[-1].isalpha() or words[-1].isdigit()  # "... season 2"
    return len(words) >= 2 and all(w.isalpha() for w in words[:-1]) and last_ok


def find_folded(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where ``words`` (folded, in order) are written in ``text`` with any case, accents,
    punctuation or apostrophes between them; offsets into ``text``."""
    folded, where = _fold_with_map(text)
    needle = " ".join(words)
    at = f" {folded} ".find(f" {needle} ")
    if at < 0:
        return None
    start, end = where[at], where[at + len(needle) - 1] + 1
    for opening, closing in ("()", "[]"):
        if text.count(opening, start, end) > text.count(closing, start, end):
            close = text.find(closing, end)
            if 0 <= close <= end + 2:
                end = close + 1
    return start, end


def _fold(text: str) -> str:
    return _fold_with_map(text)[0]


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in "'’`":
            continue
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)).casefold()
        if base and all(c.isalnum() for c in base):
            for c in base:
                out.append(c)
                where.append(i)
        elif out and out[-1] != " ":
            out.append(" ")
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _repeated_headline(page: Page, headline: Block | None) -> Subject | None:
    """A short headline that is a name (no sentence) and that the page repeats."""
    if headline is None:
        return None
    name = clean_name(headline.text)
    words = name.split()
    if not 1 <= len(words) <= NAME_MAX_WORDS // 2 or re.search(r"[.!?,;]$", name):
        return None
    key = name.casefold()
    if any(key in b.text.casefold() for b in page.blocks if b.index != headline.index):
        return _named_in(headline, name, "headline")
    return None


_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "no",
        "to",
        "wa",
        "ga",
        "wo",
        "ni",
        "in",
        "on",
        "and",
        "or",
        "de",
        "la",
        "le",
        "les",
        "du",
        "des",
        "di",
        "del",
        "da",
        "do",
        "&",
        "x",
        "vs",
        "from",
        "with",
        "for",
        "by",
        "at",
        "into",
        "over",
        "under",
        "without",
        "about",
        "as",
        "is",
        "are",
        "was",
        "my",
        "your",
        "our",
        "his",
        "her",
        "its",
        "their",
        "en",
        "et",
        "y",
        "e",
        "und",
        "der",
        "die",
        "das",
        "dem",
        "den",
        "von",
        "zu",
        "im",
        "am",
        "il",
        "lo",
        "gli",
        "i",
        "un",
        "una",
        "uno",
        "el",
        "los",
        "las",
        "al",
        "con",
        "por",
        "para",
        "sem",
        "com",
        "na",
        "nos",
        "nas",
        "dos",
        "mo",
    ]
)


def _name_headline(headline: Block | None) -> Subject | None:
    """A short headline that reads as a title ("Spirited Away", "Cowboy Bebop"): its
    words capitalised but for function words, no sentence and no roundup wording."""
    if headline is None:
        return None
    name = without_release_year(clean_name(headline.text))  # "Spirited Away (2001)"
    words = name.split()
    if not 1 <= len(words) <= 8 or re.search(r"[.!?,;:]$", headline.text.strip()):
        return None
    if is_roundup_phrase(name) or REVIEW_WORDS_RE.search(name) or not is_name(name):
        return None
    latin = [w for w in words if w[:1].isascii() and w[:1].isalpha()]
    if latin and not all(w[:1].isupper() or w.casefold() in _FUNCTION_WORDS for w in latin):
        return None
    return _named_in(headline, name, "headline")


_HEADLINE_PARTS = re.compile(r"\s*(?::\s|\s[-–—|]\s|\s[-–—]|[-–—]\s)\s*")


#: A kind of work opening a phrase: what follows it is a part's subtitle, not a name.
_KIND_FIRST = re.compile(r"(?:the\s+)?(?:movie|film|season|part|series|ova|arc)\b", re.I)


def _recurring_headline_part(page: Page, headline: Block | None) -> Subject | None:
    """The part of a headline that the page keeps naming ("Urusei Yatsura (2022) is
    Amazing", "Demon Slayer: Mugen Train rails competition"): the longest run of the
    headline's words, written as a name, that the body repeats at least twice."""
    if headline is None or len(headline.text) > 200:
        return None
    body = "\n".join(b.text for b in page.blocks[:200] if b.index != headline.index)[:50_000]
    words = list(re.finditer(r"\S+", headline.text))
    best: tuple[int, int, int] | None = None  # (length, start, end)
    for i in range(len(words)):
        for j in range(min(len(words), i + 8), i, -1):
            start, end = words[i].start(), words[j - 1].end()
            phrase = headline.text[start:end].strip(" ,.:;!?-–—|\"“”'")
            if len(phrase) < 4 or not _written_as_name(phrase) or not phrase[:1].isupper():
                continue
            if phrase.split()[-1][:1].islower():
                continue  # "The Apothecary Diaries is": a name ends on a capital or a digit
            if is_roundup_phrase(phrase) or REVIEW_WORDS_RE.search(phrase):
                continue
            if _KIND_FIRST.match(phrase):
                continue  # "Movie: Reze Arc" of "Chainsaw Man Movie: Reze Arc": a subtitle
            if not is_name(phrase):
                continue  # "Season", "Anime": a word every page repeats, no name
            needed = 1 if len(phrase.split()) >= 2 else 2
            if len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", body)) >= needed:
                if best is None or len(phrase) > best[0]:
                    at = headline.text.find(phrase, start)
                    best = (len(phrase), at, at + len(phrase))
                break
    if best is None:
        return None
    _n, start, end = best
    start = _with_franchise(headline.text, start, body)
    name = headline.text[start:end]
    return Subject(name, headline.start + start, headline.start + end, "headline", episode_in(name))


def _with_franchise(text: str, start: int, body: str) -> int:
    """Where a recurring headline part's name starts when the headline writes its franchise
    before it ("Demon Slayer: Infinity Castle Film Earns..."): the franchise is part of the
    name when it opens the headline, is written as a name, and the body names it too."""
    m = re.match(r"^\s*(?P<franchise>[^:|–—]{2,60}?):\s+$", text[:start])
    if m is None:
        return start
    franchise = m.group("franchise").strip()
    if not (_written_as_name(franchise) and franchise[:1].isupper() and is_name(franchise)):
        return start
    if re.search(rf"(?<!\w){re.escape(franchise)}(?!\w)", body) is None:
        return start
    return m.start("franchise")


_OPENING = re.compile(
    r"^(?P<name>[A-Z][\w'’:!\-]*(?:\s+(?:[A-Z0-9][\w'’:!\-]*|no|of|the|to|wa|ga|in)){0,5})"
    r"\s+(?:is|was|has|had|are|were)\s"
)


def opening_subject(page: Page) -> Subject | None:
    """The name the page's first paragraph opens with, as the subject of its first
    sentence ("Akira is often seen as one of..."): a review's usual first words."""
    for block in page.blocks[:4]:
        if len(block.text.split()) < 12:
            continue
        m = _OPENING.match(block.text)
        if not m:
            return None
        name = m.group("name")
        if name.casefold() in _COMMON_CAPITALISED or name.split()[0].casefold() in _PRONOUNS:
            return None
        return Subject(name, block.start, block.start + len(name), "opening sentence")
    return None


_PRONOUNS = frozenset(
    [
        "i",
        "it",
        "this",
        "that",
        "he",
        "she",
        "they",
        "we",
        "you",
        "there",
        "here",
        "my",
        "his",
        "her",
        "their",
        "our",
        "its",
        "one",
    ]
)


def most_mentioned(
    page: Page, min_mentions: int = MIN_MENTIONS, *, proper_nouns: bool = True
) -> Subject | None:
    """The capitalised phrase or quoted name the page writes most often."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    for block in page.blocks:
        for m in _CJK_QUOTED.finditer(block.text):
            name = m.group("name").strip()
            counts[name] += 1
            first.setdefault(name, (block.start + m.start("name"), block.start + m.end("name")))
        words = list(re.finditer(r"\S+", block.text[:2000]))
        for i, run in _capitalised_runs(words):
            for size in range(2, min(run, 4) + 1):
                gram = words[i : i + size]
                if gram[-1].group(0)[-1:] in ",.;":
                    continue
                phrase = block.text[gram[0].start() : gram[-1].end()]
                counts[phrase] += 1
                first.setdefault(
                    phrase, (block.start + gram[0].start(), block.start + gram[-1].end())
                )
    best = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])), default=None)
    if best is None or best[1] < min_mentions:
        best = _proper_noun(page, counts, first) if proper_nouns else None
        if best is None:
            return None
    start, end = first[best[0]]
    return Subject(best[0], start, end, "mentions")


def _capitalised_runs(words: list[re.Match[str]]) -> list[tuple[int, int]]:
    """``(i, n)`` for each word that opens ``n`` >= 2 capitalised words in a row."""
    out = []
    run = 0
    for i in range(len(words) - 1, -1, -1):
        run = run + 1 if _CAPITALISED.fullmatch(words[i].group(0).strip(",.;")) else 0
        if run >= 2:
            out.append((i, run))
    out.reverse()
    return out


#: A one-word name must be written this often, and never in lower case (a proper noun).
PROPER_NOUN_MENTIONS = 2


def _proper_noun(
    page: Page, counts: Counter[str], first: dict[str, tuple[int, int]]
) -> tuple[str, int] | None:
    """The capitalised word the page writes most and never in lower case ("Frieren",
    "Akira"): the last resort for a page that names its anime in passing only."""
    words: Counter[str] = Counter()
    lower: set[str] = set()
    for block in page.blocks:
        for m in re.finditer(r"[^\W\d_][\w'’\-]*", block.text[:2000]):
            word = m.group(0)
            if "'" in word or "’" in word:
                continue  # "I've", "Don't": contractions, not names
            if word[:1].isupper() and len(word) >= 4 and not word.isupper():
                words[word] += 1
                first.setdefault(word, (block.start + m.start(), block.start + m.end()))
            elif word[:1].islower():
                lower.add(word.casefold())
    ranked = [
        (w, n)
        for w, n in words.most_common()
        if w.casefold() not in lower
        and w.casefold() not in _COMMON_CAPITALISED
        and classify_label(w)[0] == "none"
    ]
    if not ranked or ranked[0][1] < PROPER_NOUN_MENTIONS:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None  # two names as often as each other: no telling which is the anime
    return ranked[0]


_COMMON_CAPITALISED = frozenset(
    [
        "this",
        "that",
        "there",
        "these",
        "those",
        "then",
        "they",
        "their",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "also",
        "anime",
        "episode",
        "episodes",
        "season",
        "series",
        "japanese",
        "english",
        "japan",
        "however",
        "overall",
        "even",
        "just",
        "well",
        "although",
        "because",
        "since",
        "after",
        "before",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "netflix",
        "crunchyroll",
        "funimation",
        "studio",
    ]
)
