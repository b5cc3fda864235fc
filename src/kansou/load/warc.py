"""Load stage for web archives: every page-like HTTP response in a WARC becomes a ``Document``.

What it decides:

- *which records are pages*: ``response`` records with HTTP status 200 and
  a Content-Type of HTML, XHTML or plain text, other than robots.txt (in a
  file named .arc or .arc.gz, ARC records count as responses; the lenient
  ARC parser stays off for WARC files, where it would read garbage as
  records); everything else (requests, metadata, images, redirects, 404
  pages) is skipped without a word, as crawls hold far more of those than pages;
- *what a document is*: the HTTP payload with its transfer and content
  encodings undone; ``source`` is ``<warc path>#<WARC-Record-ID>``, ``url``
  the WARC-Target-URI, ``media_type`` the HTTP Content-Type without parameters;
- *how damage ends a file*: a truncated or corrupt archive yields every page
  before the damage and then one ``Rejection`` naming the file and the byte
  offset where the damage starts (for .warc.gz, the offset of the gzip member);
  records carrying WARC block/payload digests are verified, so bytes spliced
  into a record are caught at that record, not passed on as its page;
- *how much it will inflate*: a .warc.gz is inflated here one gzip member
  (one record) at a time with bounded output, so a member that inflates past
  ``MAX_RECORD_BYTES`` is never held in memory (its page, if it is one, is
  rejected as too large) and one that inflates past ``MAX_INFLATE_BYTES`` is
  a compression bomb that ends the file. A payload past ``max_bytes`` after
  content decoding is rejected on its own and the file goes on.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kansou.errors import DocumentRejected
from kansou.load.files import open_regular, shown
from kansou.model import Document, Rejection

PAGE_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# Same cap as a single local file or fetched page (kansou.load.files, kansou.load.url).
MAX_PAYLOAD_BYTES = 20_000_000
# One record held in memory at most: a capped payload plus its WARC and HTTP headers.
MAX_RECORD_BYTES = 24_000_000
# Past this a single gzip member is a bomb, not a record: deflate tops out near 1032:1,
# and real crawl records (video included) stay far below 2 GB.
MAX_INFLATE_BYTES = 2_000_000_000
PEEK_BYTES = 65_536
READ_BYTES = 1 << 20
GZIP_MAGIC = b"\x1f\x8b"


class WarcDamage(Exception):
    """The archive cannot be read past ``offset``; ``reason`` says what was found there."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"damaged at byte {offset}: {reason}")
        self.offset = offset
        self.reason = reason


def iter_warc_documents(
    path: Path, *, max_bytes: int = MAX_PAYLOAD_BYTES, verify_digests: bool = True
) -> Iterator[Document | Rejection]:
    """Yield a Document per page response in the WARC/ARC at ``path`` (gzipped or not).

    ``verify_digests=False`` skips the SHA-1 block/payload digest checks (about
    half the time of reading an uncompressed archive) for archives already trusted.
    """
    path = Path(path)
    name = shown(path)
    try:
        handle = open_regular(path)
    except DocumentRejected as exc:
        yield Rejection(name, exc.message)
        return
    except OSError as exc:
        yield Rejection(name, f"cannot read WARC: {exc.strerror or exc}")
        return
    with handle:
        gzipped = handle.read(2) == GZIP_MAGIC
        handle.seek(0)
        arc = path.name.lower().endswith((".arc", ".arc.gz"))
        digests = "raise" if verify_digests else False
        if gzipped:
            records = _gzip_records(handle, arc, digests)
        else:
            records = _plain_records(handle, arc, digests)
        found = 0
        try:
            for offset, record in records:
                page = _page(record, name, offset, max_bytes)
                if page is not None:
                    found += 1
                    yield page
        except WarcDamage as exc:
            yield Rejection(name, f"WARC damaged at byte {exc.offset}: {exc.reason}")
            return
    if not found:
        yield Rejection(name, "WARC holds no HTML or text responses")


def _page(record: Any, path: str, offset: int, max_bytes: int) -> Document | Rejection | None:
    """The record as a Document, a Rejection for an oversized page, or None when not a page."""
    if isinstance(record, Rejection):
        return Rejection(f"{path}#{record.source}", record.reason)
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    media_type = _page_media_type(record, uri)
    if media_type is None:
        _drain(record, offset)
        return None
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or f"offset-{offset}").strip("<>")
    source = f"{path}#{record_id}"
    payload = _read_capped(record, offset, max_bytes)
    _drain(record, offset)
    if payload is None:
        return Rejection(source, f"page {uri} larger than {max_bytes} bytes")
    return Document(source=source, raw=payload, media_type=media_type, url=uri or None)


def _page_media_type(record: Any, uri: str) -> str | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200" or uri.endswith("/robots.txt"):
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    return media_type if media_type in PAGE_MEDIA_TYPES else None


def _read_capped(record: Any, offset: int, max_bytes: int) -> bytes | None:
    """The decoded payload, or None once it passes ``max_bytes`` (reading stops there).

    warcio's ``read(n)`` inflates block by block and stops at ``n`` bytes, so a
    Content-Encoding bomb costs at most ``max_bytes`` plus one inflated block.
    """
    try:
        payload: bytes = record.content_stream().read(max_bytes + 1)
    except ArchiveLoadFailed as exc:
        raise WarcDamage(offset, _one_line(exc)) from exc
    except (zlib.error, OSError, EOFError, ValueError) as exc:
        raise WarcDamage(offset, f"payload cannot be decoded ({_one_line(exc)})") from exc
    return payload if len(payload) <= max_bytes else None


def _drain(record: Any, offset: int) -> None:
    """Read the rest of the record's block; a block shorter than declared is damage."""
    raw = record.raw_stream
    try:
        while raw.read(READ_BYTES):
            pass
    except ArchiveLoadFailed as exc:
        raise WarcDamage(offset, _one_line(exc)) from exc
    if getattr(raw, "limit", 0) > 0:
        declared = record.rec_headers.get_header("Content-Length")
        raise WarcDamage(offset, f"record ends early ({raw.limit} of {declared} bytes missing)")


def _plain_records(handle: IO[bytes], arc: bool, digests: str | bool) -> Iterator[tuple[int, Any]]:
    """(offset, record) for an uncompressed WARC/ARC, then damage if non-blank bytes remain."""
    iterator = ArchiveIterator(handle, arc2warc=arc, check_digests=digests)
    offset = 0
    try:
        for record in iterator:
            offset = iterator.offset
            yield offset, _checked_format(record, arc, offset)
    except (ArchiveLoadFailed, ValueError, EOFError) as exc:
        raise WarcDamage(iterator.offset, _one_line(exc)) from exc
    end = offset + iterator.get_record_length() if iterator.member_info else 0
    handle.seek(end)
    if handle.read(PEEK_BYTES).strip():
        raise WarcDamage(end, "bytes after the last record are not a WARC record")


def _gzip_records(handle: IO[bytes], arc: bool, digests: str | bool) -> Iterator[tuple[int, Any]]:
    """(offset, record) for each record of each gzip member, inflated one member at a time."""
    for offset, data, head in _gzip_members(handle):
        if data is None:
            too_large = _oversized_page(head, offset)
            if too_large is not None:
                yield offset, too_large
            continue
        iterator = ArchiveIterator(io.BytesIO(data), arc2warc=arc, check_digests=digests)
        try:
            for record in iterator:
                yield offset, _checked_format(record, arc, offset)
        except (ArchiveLoadFailed, ValueError, EOFError) as exc:
            raise WarcDamage(offset, _one_line(exc)) from exc


def _checked_format(record: Any, arc: bool, offset: int) -> Any:
    """The record, unless it is not a WARC record in a WARC file (warcio falls back to ARC)."""
    if not arc and record.format != "warc":
        raise WarcDamage(offset, "not a WARC record (no WARC/1.x header line)")
    return record


def _oversized_page(head: bytes, offset: int) -> Rejection | None:
    """A rejection (source = record id) if the too-large member's first bytes show a page."""
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(head), arc2warc=True)))
    except (StopIteration, ArchiveLoadFailed, ValueError, EOFError):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if _page_media_type(record, uri) is None:
        return None
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or f"offset-{offset}").strip("<>")
    return Rejection(record_id, f"page {uri} larger than {MAX_RECORD_BYTES} bytes")


def _gzip_members(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None, bytes]]:
    """(offset, inflated bytes or None when past MAX_RECORD_BYTES, first bytes) per member."""
    pending = b""
    offset = 0
    while pending or (pending := handle.read(READ_BYTES)):
        start = offset
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        kept: list[bytes] | None = []
        head = b""
        size = 0
        while not inflater.eof:
            if not pending and not (pending := handle.read(READ_BYTES)):
                raise WarcDamage(start, "gzip member cut short: the file is truncated")
            try:
                out = inflater.decompress(pending, READ_BYTES)
            except zlib.error as exc:
                raise WarcDamage(start, f"corrupt gzip data ({exc})") from exc
            rest = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
            offset += len(pending) - len(rest)
            pending = rest
            size += len(out)
            if size > MAX_INFLATE_BYTES:
                raise WarcDamage(start, f"gzip member inflates past {MAX_INFLATE_BYTES} bytes")
            if kept is not None and size > MAX_RECORD_BYTES:
                head, kept = b"".join(kept)[:PEEK_BYTES], None
            if kept is not None:
                kept.append(out)
        data = b"".join(kept) if kept is not None else None
        yield start, data, head


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def response_uri(url: str) -> str:
    """``url`` as a response record's WARC-Target-URI, or ``ValueError`` if it cannot be one.

    Readers (warcio, and so kansou's) look for HTTP headers in a response
    record only when its URI starts with ``http:`` or ``https:``, lower case;
    a ``javascript:`` or ``mailto:`` record with HTTP headers would fail its
    payload digest when read back. So the scheme is written lower case, and a
    URL of any other scheme is refused, naming it.
    """
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() not in ("http", "https"):
        raise ValueError(
            f"cannot write {url[:200]!r} as a WARC response record: "
            "only http and https URLs carry HTTP responses"
        )
    return f"{scheme.lower()}:{rest}"


def write_warc(path: Path, pages: Iterable[tuple[str, bytes, str]]) -> int:
    """Write ``(url, body, content_type)`` pages as 200 responses; gzipped if ``path`` ends .gz.

    Each record is its own gzip member (as crawlers write them), with block
    and payload digests. Returns the number of records written. A URL that is
    not http(s) raises ``ValueError`` before its record is written (see
    ``response_uri``), so whatever was written reads back whole.
    """
    path = Path(path)
    count = 0
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, body, content_type in pages:
            http_headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                response_uri(url), "response", payload=io.BytesIO(body), http_headers=http_headers
            )
            writer.write_record(record)
            count += 1
    return count
