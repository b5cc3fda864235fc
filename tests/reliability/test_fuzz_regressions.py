"""Inputs that once broke ingestion, found by the fuzzer (benchmarks/fuzz.py) or by the
hypothesis properties; each stays here so the bug cannot come back."""

from __future__ import annotations

import pytest

from kansou.errors import DocumentRejected
from kansou.model import Document
from kansou.pipeline import process
from tests.reliability.test_properties import assert_processed

#: (found by, media type, bytes). "properties" = tests/reliability/test_properties.py.
FOUND = [
    # A score-led block whose score lies off its scale ("10/5") raised UnknownScale
    # out of the general review extractor and the whole page was lost as a bug.
    ("properties", "text/plain", "★★★½\n10/5".encode()),
    ("properties", "text/plain", b"Ana Lee\n10/5 Too good to be true.\nMore text here.\n"),
]


@pytest.mark.parametrize(("found_by", "media_type", "raw"), FOUND)
def test_input_that_once_crashed_is_read_or_rejected(
    found_by: str, media_type: str, raw: bytes
) -> None:
    try:
        result = process(Document(source=found_by, raw=raw, media_type=media_type))
    except DocumentRejected:
        return
    assert_processed(result)
