"""HTML to text blocks with selectolax (lexbor): readable block elements, in page order.

What is kept and what is dropped is decided here, for every HTML page alike:

- **dropped** (never in the clean text): scripts, styles, templates, forms of fields
  (a form that wraps content is kept: one with no visible control, a data table such as
  an episode list, or a page's whole body), frames,
  image captions (``figcaption``, elements whose class is a caption),
  page chrome (``nav``, page-level ``header``/``footer``/``aside``, an ``aside`` beside
  the page's ``article`` even inside ``main`` (a theme's sidebar), elements whose
  ``role`` or ``id``/``class`` words name navigation, menus, breadcrumbs,
  footers, cookie banners or ads), and hidden elements that only carry
  microdata (``itemprop`` copies of visible text; they would double it).
- **kept**: every run of text, split into one block at each block-element
  boundary (``p``, ``div``, ``li``, ``td``, ``br`` ...), whitespace folded, one block
  per line of the clean text. Hidden-but-real text (a review's "read more"
  tail) is kept: it is part of what the page says.

The walk over the tree is iterative (a 100,000-deep page cannot overflow
Python's stack), and before parsing, markup nested deeper than
``MAX_NESTING`` container elements is flattened: lexbor's tree builder is
quadratic in nesting depth for block elements (100,000 nested ``div`` took 26 s),
while no real page here nests deeper than a dozen containers.

Text hidden by Cloudflare's e-mail protection (an ``@`` in a title, such as "iDOLM@STER",
served as "[email protected]" with the real text XOR-encoded in ``data-cfemail``) is
decoded before parsing, as the browser's script would.

The original HTML is kept on ``Cleaned.html`` for the structured-data and
site-adapter routes; spans of claims index into ``Cleaned.text``.
"""

from __future__ import annotations

import html as html_escape
import re
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kansou.clean.text import REPEAT_MIN_WORDS
from kansou.model import Block, Cleaned


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DROPPED_TAGS = _words(
    "script style noscript template nav figcaption iframe svg button select head "
    "textarea object embed canvas video audio map"
)
BLOCK_TAGS = _words(
    "p div li td th h1 h2 h3 h4 h5 h6 dt dd blockquote pre section article tr br hr table "
    "ul ol dl main figure address fieldset caption center"
)
#: Inline elements that a browser sets apart from the word before them (a footnote
#: mark: "#90<sup>2</sup>" reads "#90 2", not "#902").
SPACED_INLINE_TAGS = frozenset({"sup", "sub"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Page-level chrome: dropped unless inside an ``article`` or ``main`` (where a
#: ``header`` holds the headline and byline).
PAGE_CHROME_TAGS = frozenset({"header", "footer", "aside"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
#: Words of an ``id`` or ``class`` (split at "-", "_", spaces and camelCase) that
#: name chrome. Kept to words that never name content on the corpus sites:
#: "header" is not here (MAL's review and title headers hold data).
CHROME_WORDS = _words(
    "nav navbar navigation menu breadcrumb breadcrumbs footer copyright cookie cookies topbar "
    "consent ad ads advert adverts advertisement advertising adsbygoogle sponsor "
    "sponsored taboola outbrain criteo skin caption share sharing social"
)
#: One lexbor pass finds candidates by substring; ``_is_chrome`` then checks whole words.
#: Each extra substring costs a tree pass (~0.4 ms on a 300 KB page), so the list
#: holds the substrings that cover ``CHROME_WORDS`` and nothing more.
_CHROME_SELECTOR = (
    ",".join(
        f"[{attr}*={word} i]"
        for word in (
            "nav",
            "menu",
            "foot",
            "ad-",
            "ad_",
            "-ad",
            "_ad",
            "ads",
            "advert",
            "caption",
            "crumb",
            "cookie",
            "taboola",
            "shar",
            "elated",
            "yarpp",
            "topbar",
        )
        for attr in ("id", "class")
    )
    + ",[class~=ad],[id=ad],[role],[itemprop][style]"
)
_SKIP = -1
#: A form holding a table of at least this many rows, with fewer than one visible control
#: per ``FORM_ROWS_PER_CONTROL`` rows, is a data table (AniDB's episode list is a form of 86
#: rows and no visible control; its "add to my list" form is 11 rows and 10 controls).
FORM_TABLE_MIN_ROWS = 3
FORM_ROWS_PER_CONTROL = 2
#: A form with controls that holds this many words is a page's body, not a box of fields
#: (a comment form with its labels and notices runs 20-80 words).
FORM_CONTENT_WORDS = 300
_VISIBLE_CONTROLS = "input:not([type=hidden]), select, textarea"
_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")

#: Container elements nested deeper than this are flattened before parsing.
#: The corpus' deepest nesting is 9; browsers stop nesting around 512.
MAX_NESTING = 512
#: Below this many container tags the page cannot be nested deep enough to
#: slow the parser down (10,000 nested divs parse in 0.2 s), so it is not scanned.
NESTING_SCAN_MIN_TAGS = 10_000
_CONTAINER_OPEN = ("<div", "<DIV", "<p", "<li", "<section", "<table")
_CONTAINER_TAG = re.compile(
    r"<(/?)(?:div|section|article|blockquote|ul|ol|li|table|main|aside|nav|header|footer|"
    r"form|fieldset|dl|p)\b[^>]*>",
    re.I,
)


def flatten_deep_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """Drop container tags nested deeper than ``limit``, keeping their text."""
    if html.count("<") < NESTING_SCAN_MIN_TAGS:
        return html
    if sum(html.count(tag) for tag in _CONTAINER_OPEN) < NESTING_SCAN_MIN_TAGS:
        return html
    depth = 0

    def keep_or_drop(m: re.Match[str]) -> str:
        nonlocal depth
        closing = bool(m.group(1))
        if closing:
            depth = max(depth - 1, 0)
            return m.group(0) if depth < limit else ""
        depth += 1
        return m.group(0) if depth <= limit else ""

    return _CONTAINER_TAG.sub(keep_or_drop, html)


_PROTECTED_EMAIL = re.compile(
    r'<(a|span)\b[^>]*?\bdata-cfemail="([0-9a-fA-F]{2,512})"[^>]*>.*?</\1>', re.S | re.I
)


def decode_protected_emails(html: str) -> str:
    """Replace each Cloudflare-protected element by the text it hides (the first byte of
    ``data-cfemail`` is the XOR key of the rest)."""
    if "data-cfemail" not in html:
        return html

    def decoded(m: re.Match[str]) -> str:
        hexes = m.group(2)
        key = int(hexes[:2], 16)
        chars = (chr(int(hexes[i : i + 2], 16) ^ key) for i in range(2, len(hexes) - 1, 2))
        return html_escape.escape("".join(chars))

    return _PROTECTED_EMAIL.sub(decoded, html)


#: A blog's list of its other posts ("jp-relatedposts", "related-posts", "yarpp-related"):
#: their scores are those posts'. A bare "related" names a title's relations on database
#: pages (content), so only these phrases count.
_RELATED_POSTS = re.compile(r"related[-_ ]?(?:posts?|articles?|stories|reads?|videos?)|yarpp", re.I)


def _is_chrome(node: LexborNode) -> bool:
    """Whether a candidate element is navigation, an ad, a caption, a blog's related posts
    or a microdata copy."""
    attrs = node.attributes
    if "itemprop" in attrs and "none" in (attrs.get("style") or "").replace(" ", ""):
        return True
    if (attrs.get("role") or "").lower() in CHROME_ROLES:
        return True
    for attr in ("id", "class"):
        words = _WORD_SPLIT.split(attrs.get(attr) or "")
        if any(w.lower() in CHROME_WORDS for w in words):
            return True
        if _RELATED_POSTS.search(attrs.get(attr) or ""):
            return True
    return False


def _inside_content(node: LexborNode, content: tuple[str, ...] = ("article", "main")) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in content:
            return True
        parent = parent.parent
    return False


def _is_content_form(form: LexborNode) -> bool:
    """A form that wraps content is kept: one with no visible control (old Reddit's post
    body, a forum's message), a data table (an episode list with a checkbox per row), or
    a page's whole body (an ASP.NET page is one form, with a search box in it). A login
    box, a search box, a comment box or a settings panel is not."""
    controls = len(form.css(_VISIBLE_CONTROLS))
    if controls == 0:
        return bool(form.text(strip=True))
    rows = len(form.css("tr"))
    if rows >= FORM_TABLE_MIN_ROWS and controls * FORM_ROWS_PER_CONTROL < rows:
        return True
    return len(form.text(separator=" ").split()) >= FORM_CONTENT_WORDS


def dropped_nodes(root: LexborNode) -> set[int]:
    """``mem_id`` of every element whose whole subtree stays out of the clean text."""
    skip = {n.mem_id for n in root.css(_CHROME_SELECTOR) if _is_chrome(n)}
    has_article = root.css_first("article") is not None
    for node in root.css(",".join(PAGE_CHROME_TAGS)):
        # a header inside a <section> heads that section (a review's title and rating), as
        # one inside an <article> does; only the page's own header is chrome
        holders = ("article", "main", "section") if node.tag == "header" else ("article", "main")
        if not _inside_content(node, holders):
            skip.add(node.mem_id)
        elif node.tag == "aside" and has_article and not _inside_content(node, ("article",)):
            skip.add(node.mem_id)  # a theme's sidebar in <main> beside the <article>
    for form in root.css("form"):
        if not _is_content_form(form):
            skip.add(form.mem_id)
    skip |= _sidebars(root)
    return skip


#: Elements that hold a whole page, never a sidebar or a comment thread, whatever their
#: classes say.
_PAGE_TAGS = frozenset({"html", "body", "main"})


def _id_and_class(node: LexborNode) -> str:
    """The element's ``id`` and ``class``, as one string its names are looked for in."""
    return f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"


#: An ``id`` or ``class`` that names a sidebar however a theme spells it ("sidebar",
#: "right-side-bar", class "aside", "widget-area", WordPress' id "secondary", "colonna-dx").
_SIDEBAR = re.compile(
    r"(?<![a-z])(?:side[-_]?bar|aside|widget[-_]?area|widgets|secondary|colonna[-_](?:dx|sx)"
    r"|(?:right|left)[-_]?rail)(?![a-z])",
    re.I,
)
#: One tree pass per substring, each in ``id`` and in ``class``.
_SIDEBAR_SELECTOR = ",".join(
    f"[{attr}*={word} i]"
    for word in ("side", "widget", "secondary", "colonna", "rail")
    for attr in ("id", "class")
)


#: Elements that hold a post's own text: a page with one outside its sidebar is an article
#: page, whose sidebar holds other posts (a database page's side column holds its facts).
_ARTICLE_BODY = (
    "article,[class*=article-content i],[class*=article-holder i],[class*=post-content i],"
    "[class*=entry-content i],[class*=review-content i],[class*=post-body i]"
)


def _sidebars(root: LexborNode) -> set[int]:
    """Sidebars that are no ``aside`` element, on a page with a post's body outside them:
    named for one, holding no ``h1`` and no ``article`` (a layout that calls its main column
    "secondary" keeps its page)."""
    out: set[int] = set()
    bodies = root.css(_ARTICLE_BODY)
    if not bodies:
        return out
    for node in root.css(_SIDEBAR_SELECTOR):
        named = _id_and_class(node)
        if node.tag in _PAGE_TAGS or not _SIDEBAR.search(named):
            continue
        if node.css_first("h1, article") is None:
            out.add(node.mem_id)
    return out


def block_texts(root: LexborNode, skip: set[int]) -> list[tuple[str, str, LexborNode]]:
    """(tag, text, element) for each run of text, split at block-element boundaries.

    One pass over ``traverse()`` (document order, iterative in lexbor): each
    element maps to its nearest block ancestor, a text node joins the run of
    that block, and the run is flushed when the block changes. Dropped
    elements map to ``_SKIP`` and so does everything below them. ``element``
    is the block element that holds the run.
    """
    out: list[tuple[str, str, LexborNode]] = []
    parts: list[str] = []
    add = parts.append
    owner: dict[int, int] = {root.mem_id: root.mem_id}
    owner_of = owner.get
    block_tag: dict[int, str] = {root.mem_id: "p"}
    block_node: dict[int, LexborNode] = {root.mem_id: root}
    current = root.mem_id
    sibling_start = False  # an inline element right after another: "<span>A</span><span>8"
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text or text.isspace():
                if parts:
                    add(" ")
                continue
            if sibling_start and parts and _glued_apart(parts[-1][-1], text[0]):
                add(" ")
            sibling_start = False
            parent = node.parent
            block = owner_of(parent.mem_id, _SKIP) if parent is not None else _SKIP
            if block == _SKIP:
                continue
            if block != current:
                if parts:
                    _flush(parts, block_tag[current], block_node[current], out)
                current = block
            add(text)
            continue
        mem_id = node.mem_id
        if mem_id in block_tag:  # the root itself
            continue
        parent = node.parent
        inherited = owner_of(parent.mem_id, _SKIP) if parent is not None else _SKIP
        if inherited == _SKIP or tag in DROPPED_TAGS or tag is None or mem_id in skip:
            owner[mem_id] = _SKIP
        elif tag in BLOCK_TAGS:
            if parts:
                _flush(parts, block_tag[current], block_node[current], out)
            owner[mem_id] = current = mem_id
            block_tag[mem_id] = tag
            block_node[mem_id] = node
        else:
            owner[mem_id] = inherited
            prev = node.prev
            sibling_start = sibling_start or (prev is not None and prev.tag != "-text")
            if tag in SPACED_INLINE_TAGS:
                add(" ")
            elif tag == "img" and (alt := _rating_alt(node)):
                if inherited != current:
                    if parts:
                        _flush(parts, block_tag[current], block_node[current], out)
                    current = inherited
                add(f" {alt} ")  # a star image: its words are what a reader sees
    if parts:
        _flush(parts, block_tag[current], block_node[current], out)
    return out


def _glued_apart(before: str, after: str) -> bool:
    """Whether two sibling inline elements' texts that touch are two words a browser's
    score box lays out apart: a word against a number ("Our rating" "8/10"), or a word's
    end against a capital ("Chris Tanaka" "Updated"). Letters of one word split by markup
    ("<b>W</b><i>ord</i>") stay together."""
    if not (before.isalnum() and after.isalnum()):
        return False
    return before.isdigit() != after.isdigit() or (before.islower() and after.isupper())


#: An image whose alternative text states a rating ("4 out of 5 stars", "8/10",
#: "3.5 stars"): shown as its text, since a reader sees the rating there.
_RATING_ALT = re.compile(
    r"^\s*(?:rating:?\s*|score:?\s*)?\d{1,3}(?:[.,]\d{1,2})?\s*(?:/\s*\d{1,3}|out of \d{1,3}"
    r"(?:\s*stars?)?|stars?)\s*$",
    re.I,
)


def _rating_alt(node: LexborNode) -> str | None:
    alt = node.attributes.get("alt") or node.attributes.get("title")
    if alt and len(alt) <= 40 and _RATING_ALT.match(alt):
        return " ".join(alt.split())
    return None


#: Class or id words of an element that holds a review's own score: a review word and a
#: score word ("review-total-score", "td-review-final-score", "verdict-rating"), as
#: review plugins name them. A score word alone ("ipl-rating-star", "score") is as often a
#: site's aggregate of its users' votes, and marks nothing.
_REVIEW_CLASS = re.compile(r"review|verdict", re.I)
_SCORE_CLASS = re.compile(r"score|rating|grade|total|note|verdict", re.I)
RATING_LINE_MAX_WORDS = 4


#: An ``id`` or ``class`` that names a thread of readers' comments: WordPress' "comments"
#: and "comment-list", Blogger's "comments", Disqus' "disqus_thread". A single "comment" is
#: not one: a database site's user review sits in a "comment" box.
_COMMENT_THREAD = re.compile(
    r"(?<![\w-])(?:comments|comment[-_]?(?:list|section|thread|area)|commentlist|disqus_thread)"
    r"(?!\w)",
    re.I,
)


def comment_threads(root: LexborNode) -> set[int]:
    """``mem_id`` of every element inside a thread of readers' comments under a post: one
    named for a thread, holding no ``h1`` (a page's headline is never inside its comments)."""
    out: set[int] = set()
    for node in root.css("[id*=comment i],[class*=comment i],[id*=disqus i]"):
        if node.mem_id in out or node.tag in _PAGE_TAGS:
            continue
        named = _id_and_class(node)
        if _COMMENT_THREAD.search(named) and node.css_first("h1") is None:
            out.update(n.mem_id for n in node.traverse())
    return out


def _marked_rating(element: LexborNode, text: str) -> bool:
    """A short line whose element (or one of its two nearest ancestors: a score box's
    figure) is named for a review's score."""
    if text.count(" ") + 1 > RATING_LINE_MAX_WORDS:
        return False
    return _named_near(element, _names_a_score)


def _names_a_score(attrs: dict[str, str | None]) -> bool:
    named = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    review = _REVIEW_CLASS.search(named)
    return bool(review and _SCORE_CLASS.search(named[: review.start()] + named[review.end() :]))


def _named_near(element: LexborNode, names: Callable[[dict[str, str | None]], bool]) -> bool:
    """Whether the element or one of its two nearest ancestors has attributes that ``names``
    accepts (a score box's figure, a post's title link inside its heading)."""
    node: LexborNode | None = element
    for _ in range(3):
        if node is None:
            return False
        if names(node.attributes):
            return True
        node = node.parent
    return False


def _flush(
    parts: list[str], tag: str, element: LexborNode, out: list[tuple[str, str, LexborNode]]
) -> None:
    if parts:
        text = " ".join("".join(parts).split())
        if text:
            out.append((tag, text, element))
        parts.clear()


def page_title(tree: LexborHTMLParser) -> str | None:
    """The document's ``<title>``, whitespace folded; None when it has none."""
    node = tree.css_first("head title") or tree.css_first("title")
    text = " ".join(node.text().split()) if node is not None else ""
    return text or None


#: How many parsed pages ``parse_html`` keeps: the clean stage and the extractors
#: of the same document share one parse.
PARSE_CACHE_SIZE = 2
_PARSED: list[tuple[str, LexborHTMLParser]] = []
#: For each cached tree: the element holding each clean block.
_BLOCK_ELEMENTS: dict[int, list[LexborNode]] = {}


def parse_html(html: str) -> LexborHTMLParser:
    """Parse ``html`` once for the clean stage and the extractors of the same document.

    The cache holds the last ``PARSE_CACHE_SIZE`` pages by identity of the
    string (``Cleaned.html`` is the very string that was cleaned); trees are
    never mutated here, so extractors may read them freely but must not edit them.
    """
    for text, tree in _PARSED:
        if text is html:
            return tree
    tree = LexborHTMLParser(decode_protected_emails(flatten_deep_nesting(html)))
    _PARSED.insert(0, (html, tree))
    for _text, evicted in _PARSED[PARSE_CACHE_SIZE:]:
        _BLOCK_ELEMENTS.pop(id(evicted), None)
    del _PARSED[PARSE_CACHE_SIZE:]
    return tree


def block_elements(cleaned: Cleaned) -> tuple[LexborHTMLParser, list[LexborNode]]:
    """The page's tree and, per clean block, the element that holds it.

    This is how an extractor that reads the markup (a facts table, an episode
    table) finds where a cell's text sits in ``Cleaned.text``: the blocks of a
    cell are those held by the cell or by elements inside it. A cell that holds
    no block was dropped by the cleaner (a form, navigation) and is not shown.
    """
    html = cleaned.html or ""
    tree = parse_html(html)
    if id(tree) not in _BLOCK_ELEMENTS:
        clean_html(html, cleaned.encoding)  # the tree was evicted and parsed again
        tree = parse_html(html)
    return tree, _BLOCK_ELEMENTS[id(tree)]


def clean_html(html: str, encoding: str = "utf-8") -> Cleaned:
    """Reduce one HTML page to clean text blocks (see the module docstring for the rules)."""
    tree = parse_html(html)
    title = page_title(tree)
    root = tree.body or tree.root
    pieces: list[str] = []
    blocks: list[Block] = []
    seen: dict[str, int] = {}
    offset = 0
    section: str | None = None
    elements: list[LexborNode] = []
    comments = comment_threads(root) if root is not None else set()
    for tag, text, element in block_texts(root, dropped_nodes(root)) if root is not None else []:
        # block texts are whitespace-folded already, so ``repeat_key`` is their casefold
        # and the word count is the space count plus one
        repeat_of = None
        if text.count(" ") + 1 >= REPEAT_MIN_WORDS:
            key = text.casefold()
            repeat_of = seen.get(key)
            if repeat_of is None:
                seen[key] = len(blocks)
        kind = "heading" if tag in HEADING_TAGS else "line"
        if kind == "line" and _marked_rating(element, text):
            kind = "rating"
        if element.mem_id in comments:
            kind = "comment"
        if kind == "heading":
            section = text
        end = offset + len(text)
        blocks.append(Block(len(blocks), offset, end, text, kind, repeat_of, section))
        elements.append(element)
        pieces.append(text)
        offset = end + 1
    _BLOCK_ELEMENTS[id(tree)] = elements
    headline = next(
        (b.index for b, e in zip(blocks, elements, strict=True) if _marked_headline(e, b)), None
    )
    return Cleaned(
        "\n".join(pieces), tuple(blocks), encoding, html=html, title=title, headline=headline
    )


#: Classes that name a post's own title, as blog and news templates write them
#: ("entry-title", "post-title", "article__title", "c-page-title", "headline"); a blog's
#: name sits in "site-title", "blog-title" or "header", never in these.
_HEADLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:entry|post|article|story|review|content)[_-]{0,2}(?:title|headline|heading)"
    r"(?:$|[\s_-])|(?:^|\s)(?:headline|p-name)(?:$|\s)",
    re.I,
)
HEADLINE_MAX_WORDS = 30


def _marked_headline(element: LexborNode, block: Block) -> bool:
    """A heading (or a line in one) that the markup names the article's headline."""
    if block.tag != "heading" and element.tag not in HEADING_TAGS and element.tag != "a":
        return False
    if block.text.count(" ") + 1 > HEADLINE_MAX_WORDS:
        return False
    return _named_near(
        element,
        lambda attrs: (
            attrs.get("itemprop") == "headline"
            or bool(_HEADLINE_CLASS.search(attrs.get("class") or ""))
        ),
    )
