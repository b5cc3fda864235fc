"""Hostile input, as properties: whatever bytes arrive, kansou either reads them or rejects
them with its own reason; every score it keeps lies on 0-100; every span lies in the text.

The default run uses the "ci" profile (150 examples per property);
``HYPOTHESIS_PROFILE=long`` runs 5,000 per property for the README figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kansou.clean import clean
from kansou.errors import DocumentRejected, UnknownScale
from kansou.model import Cleaned, Document
from kansou.pipeline import Processed, process
from kansou.scales import Score, parse_score, ratio
from tests.reliability.strategies import FRAGMENTS, html_pages, text_pages


def scores_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every Score dict nested anywhere in a claim payload."""
    if isinstance(value, dict):
        if {"value", "scale_max", "normalized"} <= value.keys():
            yield value
        for inner in value.values():
            yield from scores_in(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from scores_in(inner)


def assert_score(score: Score | dict[str, Any]) -> None:
    """A score is on 0-100, or (its page writing no maximum) kept as written, unplaced."""
    data = score.to_dict() if isinstance(score, Score) else score
    if data["scale"] == "unstated":
        assert data["scale_max"] is None and data["normalized"] is None, data
        assert math.isfinite(data["value"]) and data["value"] >= 0, data
        return
    normalized = data["normalized"]
    assert isinstance(normalized, int | float)
    assert math.isfinite(normalized) and 0 <= normalized <= 100, score


def assert_cleaned(cleaned: Cleaned) -> None:
    n = len(cleaned.text)
    for block in cleaned.blocks:
        assert 0 <= block.start <= block.end <= n
        assert cleaned.text[block.start : block.end] == block.text
        assert block.repeat_of is None or block.repeat_of < block.index


def assert_processed(result: Processed) -> None:
    assert_cleaned(result.cleaned)
    n = len(result.cleaned.text)
    for claim in result.extraction.claims:
        assert 0 <= claim.span.start <= claim.span.end <= n, claim
        assert 0 <= claim.confidence <= 1, claim
        for score in scores_in(dict(claim.data)):
            assert_score(score)


def read(raw: bytes, media_type: str) -> Processed | None:
    """Process a document; None when kansou rejected it with its reason."""
    try:
        return process(Document(source="hypothesis", raw=raw, media_type=media_type))
    except DocumentRejected as exc:
        assert exc.message and "\n" not in exc.message
        return None


@given(st.binary(max_size=4096), st.sampled_from(["text/plain", "text/html"]))
def test_any_bytes_are_cleaned_or_rejected(raw: bytes, media_type: str) -> None:
    try:
        cleaned = clean(Document(source="hypothesis", raw=raw, media_type=media_type))
    except DocumentRejected:
        return
    assert_cleaned(cleaned)


@given(text_pages, st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis"]))
def test_any_text_page_is_read_or_rejected(page: str, encoding: str) -> None:
    raw = page.encode(encoding, errors="replace")
    result = read(raw, "text/plain")
    if result is not None:
        assert_processed(result)


@given(html_pages())
def test_any_html_page_is_read_or_rejected(page: str) -> None:
    result = read(page.encode("utf-8", errors="replace"), "text/html")
    if result is not None:
        assert_processed(result)


@given(st.text(max_size=60) | st.sampled_from(FRAGMENTS))
def test_a_written_score_is_read_on_0_to_100_or_refused(text: str) -> None:
    try:
        score = parse_score(text)
    except UnknownScale as exc:
        assert exc.message.startswith(("unknown score scale", "score '"))
        return
    assert_score(score)


@given(
    st.one_of(st.integers(0, 10**6), st.floats(0, 1e6)),
    st.one_of(st.integers(1, 10**6), st.floats(1e-3, 1e6)),
)
def test_a_score_within_its_scale_normalizes_in_order(value: float, top: float) -> None:
    if value > top:
        value, top = top, value
        if top <= 0:
            return
    score = ratio(value, top)
    assert_score(score)
    assert score.normalized == pytest.approx(100 * value / top, abs=0.01)


#: Beyond this, 100 * value overflows (pinned by test_the_top_of_a_huge_scale_is_100).
FLOAT_BOUND = 1e300


@given(st.floats(-FLOAT_BOUND, FLOAT_BOUND), st.floats(-FLOAT_BOUND, FLOAT_BOUND))
def test_any_finite_float_pair_is_a_score_on_0_to_100_or_refused(value: float, top: float) -> None:
    try:
        score = ratio(value, top)
    except UnknownScale:
        return
    assert_score(score)


@pytest.mark.parametrize(
    "written", ["9" * 400 + "/" + "9" * 400, "9" * 400 + " out of " + "9" * 400 + " stars"]
)
def test_a_score_too_large_to_be_a_number_is_refused(written: str) -> None:
    with pytest.raises(UnknownScale):
        parse_score(written)


@pytest.mark.parametrize(
    ("value", "top"), [(math.inf, math.inf), (math.nan, 10.0), (5.0, math.nan), (1.0, math.inf)]
)
def test_a_score_that_is_not_a_finite_number_is_refused(value: float, top: float) -> None:
    with pytest.raises(UnknownScale):
        ratio(value, top)


def test_the_top_of_a_huge_scale_is_100() -> None:
    assert ratio(1.797693134862316e306, 1.797693134862316e306).normalized == 100.0
