"""HTML cleaning: readable blocks with true offsets; chrome dropped; bad HTML never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansou.clean import clean
from kansou.clean.html import (
    MAX_NESTING,
    block_elements,
    clean_html,
    flatten_deep_nesting,
    parse_html,
)
from kansou.errors import DocumentRejected
from kansou.model import Cleaned, Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def _clean(html: str | bytes) -> Cleaned:
    raw = html.encode("utf-8") if isinstance(html, str) else html
    return clean(Document("page.html", raw, "text/html"))


def _lines(cleaned: Cleaned) -> list[str]:
    return [b.text for b in cleaned.blocks]


def _assert_offsets(cleaned: Cleaned) -> None:
    for block in cleaned.blocks:
        assert cleaned.text[block.start : block.end] == block.text
    assert "\n".join(_lines(cleaned)) == cleaned.text


def test_blocks_split_at_block_elements_and_keep_inline_text_together() -> None:
    cleaned = _clean(
        "<html><body><h2>Verdict</h2><p>A <b>bold</b> and <a href='#'>linked</a> line.</p>"
        "<div>outer<div>inner</div>tail</div><p>one<br>two</p>"
        "<table><tr><td>Score</td><td>8/10</td></tr></table></body></html>"
    )
    assert _lines(cleaned) == [
        "Verdict", "A bold and linked line.", "outer", "inner", "tail", "one", "two",
        "Score", "8/10",
    ]  # fmt: skip
    assert cleaned.blocks[0].tag == "heading"
    assert cleaned.blocks[1].section == "Verdict"
    _assert_offsets(cleaned)


def test_scripts_navigation_ads_and_captions_are_dropped() -> None:
    cleaned = _clean((FIXTURES / "review-jsonld.html").read_bytes())
    text = cleaned.text
    for dropped in ("dataLayer", "min-height", "Home", "Most read", "Advertisement",
                    "Image: Madhouse", "cookies", "All rights reserved"):  # fmt: skip
        assert dropped not in text
    assert "Frieren takes the moment every fantasy story ends on" in text
    assert "By Dana Whitfield" in text
    assert cleaned.title == "Frieren: Beyond Journey's End review – a quiet epic | Otaku Ledger"
    _assert_offsets(cleaned)


def test_a_score_box_of_sibling_spans_reads_as_separate_words() -> None:
    cleaned = _clean(
        "<div class='score-box'><span class='label'>Our rating</span><span class='value'>"
        "<b>8</b>/10</span></div><p><span>Chris Tanaka</span><time>Updated: Apr 2</time></p>"
        "<p><b>W</b><i>ord</i> split by markup stays one word.</p>"
    )
    assert _lines(cleaned) == [
        "Our rating 8/10", "Chris Tanaka Updated: Apr 2", "Word split by markup stays one word.",
    ]  # fmt: skip
    _assert_offsets(cleaned)


def test_a_blogs_related_posts_are_dropped_but_a_titles_relations_stay() -> None:
    cleaned = _clean(
        "<article><h1>Re:Zero Season 3 Episode 8 Review</h1><p>The episode was tense.</p>"
        "<div class='jp-relatedposts'><h3>Related</h3><p>Episode 7 Review: 9/10</p></div>"
        "<div class='related-works'><p>Sequel: Re:Zero Season 4</p></div></article>"
    )
    assert "9/10" not in cleaned.text
    assert "Sequel: Re:Zero Season 4" in cleaned.text


def test_hidden_microdata_copies_do_not_double_visible_text() -> None:
    cleaned = _clean(
        '<html><body><div>Genres: <span itemprop="genre" style="display: none">Action</span>'
        "<a href='/g/1'>Action</a></div>"
        '<div>Read more: <span style="display: none">the hidden tail of a review</span></div>'
        "</body></html>"
    )
    assert _lines(cleaned) == ["Genres: Action", "Read more: the hidden tail of a review"]


def test_repeated_long_blocks_are_marked_not_removed() -> None:
    para = "<p>The same long paragraph appears twice in this scrape.</p>"
    cleaned = _clean(f"<html><body>{para}<p>Score</p>{para}<p>Score</p></body></html>")
    assert len(cleaned.blocks) == 4
    assert cleaned.blocks[2].repeat_of == 0
    assert cleaned.blocks[3].repeat_of is None  # short labels are never repeats


def test_deeply_nested_markup_is_flattened_without_recursion() -> None:
    depth = 100_000
    html = "<html><body><p>before</p>" + "<div>" * depth + "deep text" + "</div>" * depth
    cleaned = _clean(html + "<p>after</p></body></html>")
    assert _lines(cleaned) == ["before", "deep text", "after"]


def test_flattening_keeps_shallow_pages_untouched_and_caps_depth() -> None:
    shallow = "<div><div>x</div></div>"
    assert flatten_deep_nesting(shallow) is shallow
    deep = "<div>" * 20_000 + "x" + "</div>" * 20_000
    flat = flatten_deep_nesting(deep)
    assert flat.count("<div>") == MAX_NESTING == flat.count("</div>")


def test_truncated_html_keeps_what_arrived() -> None:
    html = (FIXTURES / "tvseries-microdata.html").read_text(encoding="utf-8")
    cut = html[: html.index("The Light of the Eyelid") + 9]
    cleaned = _clean(cut)
    assert "Mushishi" in cleaned.text
    assert cleaned.text.endswith("The Light")
    _assert_offsets(cleaned)


def test_truncated_inside_a_tag_does_not_crash() -> None:
    cleaned = _clean('<html><body><p>Episode 1 aired</p><div class="sco')
    assert _lines(cleaned) == ["Episode 1 aired"]


def test_wrong_declared_charset_is_not_trusted_over_the_bytes() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café au lait – 蟲師</p></body>'
    assert _lines(_clean(page.encode("utf-8"))) == ["Café au lait – 蟲師"]


def test_latin1_bytes_declared_as_utf8_still_decode() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Café crème, naïve résumé</p></body>'
    cleaned = _clean(page.encode("cp1252"))
    assert _lines(cleaned) == ["Café crème, naïve résumé"]


def test_login_wall_and_error_pages_clean_to_their_message() -> None:
    login = (
        "<html><head><title>Log in</title></head><body><nav><a href='/'>Home</a></nav>"
        "<form action='/login'><input name='user'><button>Log in</button></form>"
        "<p>Please log in to see this page.</p></body></html>"
    )
    assert _lines(_clean(login)) == ["Please log in to see this page."]
    error = (
        "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"
    )
    assert _lines(_clean(error)) == ["404 Not Found"]


def test_page_of_nothing_but_chrome_is_rejected_with_a_reason() -> None:
    html = "<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>"
    with pytest.raises(DocumentRejected, match="no readable text"):
        _clean(html)


def test_the_extractors_share_the_clean_stage_parse() -> None:
    html = (FIXTURES / "tvseries-microdata.html").read_text(encoding="utf-8")
    cleaned = clean_html(html)
    assert cleaned.html is html
    assert parse_html(cleaned.html) is parse_html(html)


def test_real_mal_page_offsets_and_sidebar_lines() -> None:
    page = SHARED / "corpus" / "mal-2021" / "cowboy-bebop" / "details.html"
    if not page.exists():
        pytest.skip(f"../shared is missing ({page})")
    cleaned = _clean(page.read_bytes())
    _assert_offsets(cleaned)
    lines = set(_lines(cleaned))
    assert {"Type: TV", "Episodes: 26", "Aired: Apr 3, 1998 to Apr 24, 1999"} <= lines
    assert "Genres: Action , Adventure , Comedy , Drama , Sci-Fi , Space" in lines
    assert "Anime Search" not in lines  # the site menu


def test_a_form_that_wraps_a_data_table_is_content_and_a_settings_form_is_not() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>Episode title {n}</td></tr>" for n in range(1, 5))
    settings = "".join(
        f"<tr><td>Option {n}</td><td><select><option>a</option></select></td></tr>"
        for n in range(1, 5)
    )
    cleaned = _clean(
        f"<html><body><form><table>{rows}</table></form>"
        f"<form><table>{settings}</table></form></body></html>"
    )
    assert "Episode title 4" in _lines(cleaned)
    assert "Option 1" not in cleaned.text


def test_a_form_that_wraps_a_post_or_a_whole_page_is_content_and_a_comment_box_is_not() -> None:
    """Old Reddit serves a post's body inside a form with only hidden inputs; an ASP.NET page
    is one form holding its whole article and a search box; a comment form is fields."""
    post = "<p>The farm arc is a story about what happens after revenge, and it works.</p>"
    article = "<p>" + " ".join(["Frieren walks north with Fern and Stark."] * 50) + "</p>"
    cleaned = _clean(
        f"<html><body><form class='usertext'><input type='hidden' name='id' value='t3'>"
        f"<div class='md'>{post}</div></form>"
        f"<form id='aspnetForm'><input name='q'><button>Search</button>{article}</form>"
        "<form id='commentform'><p>Leave a Reply</p><label>Name</label><input name='author'>"
        "<textarea name='comment'></textarea><button>Post Comment</button></form>"
        "</body></html>"
    )
    lines = _lines(cleaned)
    assert "The farm arc is a story about what happens after revenge, and it works." in lines
    assert any(line.startswith("Frieren walks north") for line in lines)
    assert "Leave a Reply" not in cleaned.text


def test_a_sidebar_named_by_its_class_is_dropped_beside_a_posts_body() -> None:
    """A theme's sidebar that is no <aside> ("right-side-bar", WordPress' id "secondary")
    holds other posts and their scores; beside an article's body it is chrome."""
    cleaned = _clean(
        "<html><body><div class='article-holder'><h1>Frieren review</h1>"
        "<p>A quiet fantasy about time. Score: 9.2</p></div>"
        "<div class='right-side-bar'><p>Other review: Dandadan 8.7</p></div>"
        "<div id='secondary' class='widget-area'><p>Popular: Blue Lock 7.9</p></div>"
        "</body></html>"
    )
    assert "Dandadan 8.7" not in cleaned.text and "Blue Lock" not in cleaned.text
    assert "A quiet fantasy about time. Score: 9.2" in _lines(cleaned)


def test_text_hidden_by_cloudflare_email_protection_is_decoded() -> None:
    hidden = "".join(f"{ord(c) ^ 0x42:02x}" for c in "iDOLM@STER")
    cleaned = _clean(
        '<html><body><h1>The <a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
        f'data-cfemail="42{hidden}">[email&#160;protected]</a> Million Live!</h1></body></html>'
    )
    assert _lines(cleaned) == ["The iDOLM@STER Million Live!"]


def test_each_block_knows_the_element_that_holds_it() -> None:
    cleaned = _clean(
        "<html><body><table><tr><th>Type</th><td>TV <b>Series</b></td></tr></table>"
        "<form><input name='q'></form></body></html>"
    )
    tree, elements = block_elements(cleaned)
    assert [b.text for b in cleaned.blocks] == ["Type", "TV Series"]
    assert [e.tag for e in elements] == ["th", "td"]
    assert elements[1].mem_id == tree.css_first("td").mem_id
