"""Bytes to text: decide the encoding, or reject the document with the reason.

The rule: a BOM or valid UTF-8 wins; bytes with NULs are UTF-16 without a
BOM when charset-normalizer reads them as such, else binary; a charset
declared by HTML is tried next; otherwise charset-normalizer's best guess is
taken when it is confident.
Documents that are empty, binary (NUL bytes, control characters, known binary
signatures) or undecodable are rejected, never stored as mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from kansou.errors import DocumentRejected

#: Share of control characters (other than tab/newline/CR/FF) above which bytes are binary.
#: Real text pages here have none; 5% leaves room for a stray form feed or escape.
BINARY_CONTROL_SHARE = 0.05
#: Bytes of a file with NUL bytes handed to charset-normalizer to recognise UTF-16
#: without a BOM: 64 KB decides in ~20 ms and holds thousands of characters.
UTF16_SNIFF_BYTES = 65_536
_UTF16 = ("utf_16_le", "utf_16_be")

_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def decode(raw: bytes, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise ``DocumentRejected`` naming why not."""
    if not raw.strip():
        raise DocumentRejected("empty document: no text to read")
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise DocumentRejected(f"binary file ({what}), not a text or HTML page")
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return _checked(raw.decode(name, errors="replace"), name)
    if b"\x00" in raw[:4096]:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            return utf16
        raise DocumentRejected("binary file (NUL bytes), not a text or HTML page")
    try:
        return _checked(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if html and (m := _META_CHARSET.search(raw[:4096])):
        declared = m.group(1).decode("ascii", "ignore").lower()
        try:
            return _checked(raw.decode(declared), declared)
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(raw[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise DocumentRejected("not text: no character encoding fits these bytes")
    return _checked(raw.decode(best.encoding, errors="replace"), best.encoding)


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` when ``raw`` reads as UTF-16 without a BOM, else ``None``.

    NUL bytes are the high bytes of ASCII characters in UTF-16 (markup, digits,
    Latin text); charset-normalizer, held to the two UTF-16 byte orders, tells
    such text from binary by how the decoded characters read.
    """
    best = from_bytes(raw[:UTF16_SNIFF_BYTES], cp_isolation=list(_UTF16)).best()
    if best is None or best.encoding not in _UTF16:
        return None
    try:
        text = raw.decode(best.encoding)
    except UnicodeDecodeError:
        return None
    return _checked(text, best.encoding.replace("_", "-"))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _checked(text: str, encoding: str) -> tuple[str, str]:
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > BINARY_CONTROL_SHARE:
        raise DocumentRejected("binary file (control characters), not a text or HTML page")
    return text, encoding
