"""A document seen as general extraction reads it: live lines grouped under headings.

Heading rule: a block tagged as a heading by the HTML cleaner, a line that
names a kind of section anime pages have ("Voice Cast", "Episodes"), or a
short line (at most ``HEADING_MAX_WORDS`` words) written entirely in capitals;
never the value of a label line ("STATUS" / "COMPLETE": COMPLETE is a value).
Repeated blocks, captions and the page's address line are not read at all.
``claimed_lines`` are lines a shape has already read whole (an episode row, a
rating table's row, a listed review's score line): the score decisions leave
their numbers to that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kansou.extract.general.vocabulary import CJK
from kansou.model import UNREAD_TAGS, Block, Cleaned

#: Longest line (in words) that can be a section heading; "SIMILAR ANIMES YOU MAY LIKE" is 5.
HEADING_MAX_WORDS = 6


#: Names of sections that anime pages have, recognised as headings in any case.
SECTION_NAMES = re.compile(
    r"^(?:main |voice |the )?(?:cast|characters|characters (?:&|and) voice actors|staff|"
    r"reviews?|user reviews|critic reviews|episodes?|episode guide|episode list|"
    r"similar(?: \w+)*|related(?: \w+)*|recommendations|you (?:may|might) also like|"
    r"information|statistics|synopsis|more info|details|score|rating)$",
    re.I,
)


#: A line that opens what follows an article: other posts, comments, a reply form. A
#: post's own links ("Leave a comment", "3 Comments") end nothing: a blog's front page
#: puts them under each of its posts.
ARTICLE_END = re.compile(
    r"^\W*(?:related (?:posts?|articles?|reviews?|stories)|you (?:may|might) also like"
    r"|more (?:reviews|posts|stories|articles)|recent (?:posts|reviews|articles)"
    r"|popular (?:posts|reviews|articles)|read next|recommended (?:for you|posts|reading)"
    r"|(?:\S+['’]s\s+)?recent activity|recently (?:watched|reviewed)|latest reviews|more from\b.*"
    r"|trending(?: now)?|you may have missed|in case you missed it"
    r"|leave a reply|\d+ (?:thoughts? on|responses? to|replies to)\b.*"
    r"|articles similaires|ähnliche (?:artikel|beiträge)|artículos relacionados"
    r"|artigos relacionados|articoli correlati|похожие (?:статьи|записи)"
    r"|関連記事|相关文章|관련 글)\W*$",
    re.I,
)
#: A heading (h2, h3...) over the comments ("1 Comments", "Kommentare (3)", "コメント"):
#: as a heading it opens the comments; as a line it is a post's own link, which ends nothing.
COMMENTS_HEADING = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|commentaires?|kommentare?|comentarios?|comentários?|commenti"
    r"|komentarze?|комментари[йия]|コメント|评论|評論|댓글)(?:\s*\(\d+\))?\W*$",
    re.I,
)
#: What separates a ``<title>``'s parts: the page's own title, then the site's name.
TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
#: Paragraphs an article has before a line can end it (a "12 Comments" line in the
#: byline, above the text, ends nothing).
ARTICLE_END_AFTER = 2
ARTICLE_END_MAX_WORDS = 8
#: A paragraph has at least this many words (or this many characters in scripts written
#: without spaces).
PARAGRAPH_WORDS = 12
PARAGRAPH_CHARS = 40


_NOT_ASCII_LETTER = re.compile(r"[^A-Za-z]+")


def is_capitals(text: str) -> bool:
    """At least three Latin letters, all capitals ("CAST", "STAFF & CREDITS")."""
    letters = _NOT_ASCII_LETTER.sub("", text)
    return len(letters) >= 3 and letters.isupper()


@dataclass
class Section:
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.heading.text.casefold() if self.heading else ""


@dataclass
class Page:
    """Live blocks of one document, with the label/value pairs already claimed."""

    blocks: list[Block]
    text: str
    html_title: str | None = None
    is_html: bool = False
    address: str | None = None
    language: str | None = None
    value_lines: set[int] = field(default_factory=set)
    field_lines: set[int] = field(default_factory=set)
    claimed_lines: set[int] = field(default_factory=set)
    cleaned: Cleaned | None = None

    @classmethod
    def from_cleaned(cls, cleaned: Cleaned, address: str | None = None) -> Page:
        live = [b for b in cleaned.blocks if b.repeat_of is None and b.tag not in UNREAD_TAGS]
        return cls(
            live,
            cleaned.text,
            cleaned.title,
            cleaned.html is not None,
            address or cleaned.address,
            cleaned.language,
            cleaned=cleaned,
        )

    @cached_property
    def site_name(self) -> str | None:
        """The site's name as its ``<title>`` ends ("... - 深夜アニメ備忘録", "... | Otaku
        Den"), or None when the title has no such part."""
        parts = TITLE_SEPARATOR.split(self.html_title or "")
        return parts[-1].strip() if len(parts) > 1 and parts[-1].strip() else None

    def is_heading(self, block: Block) -> bool:
        return block.index not in self.value_lines and _reads_as_heading(block.tag, block.text)

    def sections(self) -> list[Section]:
        """The page split at headings; text before the first heading is a section too."""
        out = [Section(None)]
        for block in self.blocks:
            if self.is_heading(block):
                out.append(Section(block))
            else:
                out[-1].blocks.append(block)
        return out

    @cached_property
    def article_end(self) -> int | None:
        """Index of the line after which the page holds no more of its article: related
        posts, comments, a reply form ("Related Posts", "12 thoughts on “X”", a "3 Comments"
        heading, "Articles similaires", "関連記事"); None when
        the page has no such line after its first paragraphs."""
        paragraphs = 0
        for block in self.blocks:
            text = block.text
            words = text.count(" ") + 1
            if (
                paragraphs >= ARTICLE_END_AFTER
                and words <= ARTICLE_END_MAX_WORDS
                and (
                    ARTICLE_END.match(text)
                    or (block.tag == "heading" and COMMENTS_HEADING.match(text))
                )
            ):
                return block.index
            if is_paragraph(block):
                paragraphs += 1
        return None

    def after(self, block: Block) -> Block | None:
        """The live block following ``block``."""
        for i, b in enumerate(self.blocks):
            if b.index == block.index:
                return self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        return None


def is_paragraph(block: Block) -> bool:
    if CJK.search(block.text):
        return len(block.text) >= PARAGRAPH_CHARS
    return len(block.text.split()) >= PARAGRAPH_WORDS


@lru_cache(maxsize=8192)  # sections() asks of every block, more than once a page
def _reads_as_heading(tag: str, text: str) -> bool:
    """A heading element, a section name ("Synopsis:"), or a short line in capitals."""
    if tag == "heading" or SECTION_NAMES.match(text.strip(" :")):
        return True
    return len(text.split()) <= HEADING_MAX_WORDS and is_capitals(text)
