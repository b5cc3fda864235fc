"""The document view's highlighting and the script-safe JSON, on any text and any spans."""

from __future__ import annotations

import html
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from kansou.serve.documents import highlight
from kansou.serve.security import safe_url, script_json
from kansou.store import StoredClaim


def claim(i: int, start: int, end: int, data: dict | None = None) -> StoredClaim:
    return StoredClaim(
        i, 1, i, "review", None, data or {}, (start, end), 1.0, "x", None, None, None
    )


spans = st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=12)


@given(
    text=st.text(max_size=60),
    raw=spans,
    quoted=st.none() | st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_marks_nest_and_the_text_survives(
    text: str, raw: list[tuple[int, int]], quoted: tuple[int, int] | None
) -> None:
    out = str(highlight(text, [claim(i, s, e) for i, (s, e) in enumerate(raw)], quoted))
    depth = 0
    for tag in re.findall(r"</?mark\b", out):
        depth += -1 if tag.startswith("</") else 1
        assert depth >= 0
    assert depth == 0
    assert html.unescape(re.sub(r"</?mark[^>]*>", "", out)) == text
    ids = re.findall(r'<mark id="([^"]+)"', out)
    assert len(ids) == len(set(ids))


def test_crossing_spans_are_clipped_and_parts_marked() -> None:
    text = "Story: 8/10. The pacing <b>drags</b>."
    out = str(highlight(text, [claim(1, 0, 12, {"score": {"span": [7, 11]}}), claim(2, 5, 20)]))
    assert (
        '<mark id="span-0-12"' in out and '<mark id="span-7-11" class="k-review part-score"' in out
    )
    assert "&lt;b&gt;drags&lt;/b&gt;" in out


def test_script_json_cannot_close_its_script_block() -> None:
    value = {"name": "</script><script>alert(1)</script>", "x": "a & b > c\u2028"}
    text = str(script_json(value))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_only_http_urls_are_links() -> None:
    assert safe_url("https://myanimelist.net/anime/1") == "https://myanimelist.net/anime/1"
    for bad in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil",
        "http:x",
    ]:
        assert safe_url(bad) is None
