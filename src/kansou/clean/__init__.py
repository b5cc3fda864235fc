"""Clean stage: a ``Document``'s bytes become text blocks with character offsets.

Plain text keeps its lines; HTML is reduced to its readable block elements
(see ``kansou.clean.html``). The clean text is what kansou stores and what
every claim's span indexes into. The language of the text is detected here
(``kansou.clean.language``) and stored with the document.
"""

from __future__ import annotations

from dataclasses import replace

from kansou.clean.decode import decode
from kansou.clean.language import detect_language
from kansou.clean.text import clean_text
from kansou.errors import DocumentRejected
from kansou.model import UNREAD_TAGS, Cleaned, Document


def is_html(document: Document) -> bool:
    if "html" in document.media_type:
        return True
    head = document.raw[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def clean(document: Document) -> Cleaned:
    """Decode and clean one document; raise ``DocumentRejected`` when it holds no text."""
    html = is_html(document)
    text, encoding = decode(document.raw, html=html)
    if html:
        from kansou.clean.html import clean_html

        cleaned = clean_html(text, encoding)
    else:
        cleaned = clean_text(text, encoding)
    if not any(b.repeat_of is None and b.tag not in UNREAD_TAGS for b in cleaned.blocks):
        raise DocumentRejected("no readable text after cleaning")
    return replace(cleaned, language=detect_language(cleaned.blocks))
