"""WARC loading: corpus pages round-trip through real archives, damage and bombs are bounded."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kansou.load import warc as warc_module
from kansou.load.warc import iter_warc_documents, write_warc
from kansou.model import Document, Rejection

Page = tuple[str, bytes, str]


@pytest.fixture
def pages(corpus: Path) -> list[Page]:
    files = sorted(corpus.rglob("*.html"))
    return [
        (f"https://myanimelist.net/{p.relative_to(corpus).as_posix()}", p.read_bytes(), "text/html")
        for p in files
    ]


def record_offsets(path: Path) -> list[int]:
    iterator = ArchiveIterator(path.open("rb"))
    offsets = []
    for _record in iterator:
        offsets.append(iterator.get_record_offset())
    return offsets


def split(results: list[Document | Rejection]) -> tuple[list[Document], list[Rejection]]:
    docs = [r for r in results if isinstance(r, Document)]
    return docs, [r for r in results if isinstance(r, Rejection)]


@pytest.mark.parametrize("name", ["corpus.warc.gz", "corpus.warc"])
def test_corpus_pages_round_trip(name: str, pages: list[Page], tmp_path: Path) -> None:
    path = tmp_path / name
    assert write_warc(path, pages) == len(pages)
    docs = list(iter_warc_documents(path))
    assert all(isinstance(d, Document) for d in docs)
    assert [(d.url, d.raw, d.media_type) for d in docs] == [
        (u, b, "text/html") for u, b, _ in pages
    ]
    assert len(pages) >= 30
    assert all(d.source.startswith(f"{path}#urn:uuid:") for d in docs)
    assert len({d.source for d in docs}) == len(docs)


def test_only_page_responses_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        write_response(writer, "http://a.test/page", b"<html>a</html>", "text/html; charset=utf-8")
        write_response(writer, "http://a.test/logo.png", b"\x89PNG....", "image/png")
        write_response(writer, "http://a.test/api", b"{}", "application/json")
        write_response(writer, "http://a.test/robots.txt", b"User-agent: *", "text/plain")
        write_response(
            writer, "http://a.test/gone", b"<html>404</html>", "text/html", "404 Not Found"
        )
        write_response(
            writer, "http://a.test/moved", b"<html>moved</html>", "text/html", "301 Moved"
        )
        write_response(writer, "http://a.test/notes.txt", b"plain notes", "text/plain")
        write_response(writer, "http://a.test/x.xhtml", b"<html/>", "application/xhtml+xml")
        writer.write_record(
            writer.create_warc_record("http://a.test/page", "request", payload=io.BytesIO(b"GET /"))
        )
        writer.write_record(
            writer.create_warc_record("http://a.test/", "metadata", payload=io.BytesIO(b"via: x"))
        )
    docs = list(iter_warc_documents(path))
    assert [(d.url, d.media_type) for d in docs if isinstance(d, Document)] == [
        ("http://a.test/page", "text/html"),
        ("http://a.test/notes.txt", "text/plain"),
        ("http://a.test/x.xhtml", "application/xhtml+xml"),
    ]
    assert len(docs) == 3


def write_response(
    writer: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(
        status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
@pytest.mark.parametrize("fraction", [0.35, 0.8, 0.999])
def test_truncated_warc_keeps_pages_before_the_damage(
    name: str, fraction: float, pages: list[Page], tmp_path: Path
) -> None:
    whole = tmp_path / f"whole-{name}"
    write_warc(whole, pages)
    offsets = record_offsets(whole)
    data = whole.read_bytes()
    cut = int(len(data) * fraction)
    damaged_at = max(o for o in offsets if o < cut)
    path = tmp_path / name
    path.write_bytes(data[:cut])

    docs, rejections = split(list(iter_warc_documents(path)))

    survivors = offsets.index(damaged_at)
    assert [d.raw for d in docs] == [body for _, body, _ in pages[:survivors]]
    assert len(rejections) == 1
    assert rejections[0].source == str(path)
    assert rejections[0].reason.startswith(f"WARC damaged at byte {damaged_at}: ")


SPLICED = b"<script>evil()</script>"


def spliced_warc(pages: list[Page], tmp_path: Path) -> tuple[Path, Path, list[int]]:
    """Six pages as a WARC, and a copy with ``SPLICED`` inserted in the fourth record's body."""
    whole = tmp_path / "whole.warc"
    write_warc(whole, pages[:6])
    offsets = record_offsets(whole)
    data = whole.read_bytes()
    middle = (offsets[3] + offsets[4]) // 2
    path = tmp_path / "spliced.warc"
    path.write_bytes(data[:middle] + SPLICED + data[middle:])
    return whole, path, offsets


def test_bytes_spliced_into_a_record_are_caught_by_its_digest(
    pages: list[Page], tmp_path: Path
) -> None:
    whole, path, offsets = spliced_warc(pages, tmp_path)

    docs, rejections = split(list(iter_warc_documents(path)))

    assert [d.raw for d in docs] == [body for _, body, _ in pages[:3]]
    assert [r.reason for r in rejections] == [
        f"WARC damaged at byte {offsets[3]}: block digest failed: {block_digest(whole, 3)}"
    ]


def test_without_digests_a_spliced_record_passes_as_a_page(
    pages: list[Page], tmp_path: Path
) -> None:
    """What ``verify_digests=False`` gives up: the damaged record comes through altered."""
    _, path, _ = spliced_warc(pages, tmp_path)

    docs, _ = split(list(iter_warc_documents(path, verify_digests=False)))

    assert [d.raw for d in docs[:3]] == [body for _, body, _ in pages[:3]]
    assert SPLICED in docs[3].raw


def block_digest(path: Path, index: int) -> str:
    for number, record in enumerate(ArchiveIterator(path.open("rb"))):
        if number == index:
            return str(record.rec_headers.get_header("WARC-Block-Digest"))
    raise AssertionError(f"no record {index}")


def test_trailing_garbage_is_damage(pages: list[Page], tmp_path: Path) -> None:
    path = tmp_path / "tail.warc"
    write_warc(path, pages[:2])
    size = path.stat().st_size
    with path.open("ab") as handle:
        handle.write(b"\r\nthis is not a record\r\n")
    docs, rejections = split(list(iter_warc_documents(path)))
    assert len(docs) == 2
    assert len(rejections) == 1
    assert rejections[0].reason == (
        f"WARC damaged at byte {size + 2}: Invalid WARC record, first line: this is not a record"
    )


def zero_record_member(url: str, payload_bytes: int, content_encoding: str = "") -> bytes:
    """One gzip member holding a response whose HTML payload is ``payload_bytes`` zeros.

    Built by streaming zeros through a compressor so the test never holds the
    inflated record in memory.
    """
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    warc = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Record-ID: <urn:uuid:bomb-{payload_bytes}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + payload_bytes}\r\n\r\n"
    ).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(warc + http)]
    block = b"\0" * 1_000_000
    for start in range(0, payload_bytes, len(block)):
        parts.append(packer.compress(block[: payload_bytes - start]))
    parts.append(packer.compress(b"\r\n\r\n"))
    parts.append(packer.flush())
    return b"".join(parts)


def gzipped_warc_bytes(pages: list[Page]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body, ctype in pages:
        write_response(writer, url, body, ctype)
    return buffer.getvalue()


def test_record_too_large_to_hold_is_rejected_and_the_file_goes_on(
    pages: list[Page], tmp_path: Path
) -> None:
    path = tmp_path / "big.warc.gz"
    big = warc_module.MAX_RECORD_BYTES + 1_000_000
    path.write_bytes(
        gzipped_warc_bytes(pages[:1])
        + zero_record_member("http://big.test/", big)
        + gzipped_warc_bytes(pages[1:2])
    )
    docs, rejections = split(list(iter_warc_documents(path)))
    assert [d.url for d in docs] == [pages[0][0], pages[1][0]]
    assert [(r.source, r.reason) for r in rejections] == [
        (
            f"{path}#urn:uuid:bomb-{big}",
            f"page http://big.test/ larger than {warc_module.MAX_RECORD_BYTES} bytes",
        )
    ]


def test_compression_bomb_ends_the_file(
    pages: list[Page], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warc_module, "MAX_INFLATE_BYTES", 40_000_000)
    path = tmp_path / "bomb.warc.gz"
    first = gzipped_warc_bytes(pages[:1])
    path.write_bytes(first + zero_record_member("http://bomb.test/", 50_000_000))
    docs, rejections = split(list(iter_warc_documents(path)))
    assert [d.url for d in docs] == [pages[0][0]]
    assert [r.reason for r in rejections] == [
        f"WARC damaged at byte {len(first)}: gzip member inflates past 40000000 bytes"
    ]


def test_payload_over_the_cap_is_rejected_alone(pages: list[Page], tmp_path: Path) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    path = tmp_path / "encoded.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            "http://enc.test/", "response", payload=io.BytesIO(bomb), http_headers=headers
        )
        writer.write_record(record)
        write_response(writer, *pages[0])
    docs, rejections = split(list(iter_warc_documents(path, max_bytes=1_000_000)))
    assert [d.raw for d in docs] == [pages[0][1]]
    assert len(rejections) == 1
    assert rejections[0].reason == "page http://enc.test/ larger than 1000000 bytes"


def test_content_encoding_is_undone(tmp_path: Path) -> None:
    body = b"<html><body>" + b"<p>gzipped page</p>" * 100 + b"</body></html>"
    path = tmp_path / "encoded.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            protocol="HTTP/1.1",
        )
        payload = io.BytesIO(gzip.compress(body))
        writer.write_record(
            writer.create_warc_record(
                "http://enc.test/", "response", payload=payload, http_headers=headers
            )
        )
    (doc,) = iter_warc_documents(path)
    assert isinstance(doc, Document) and doc.raw == body


def test_missing_and_empty_archives(tmp_path: Path) -> None:
    missing = tmp_path / "missing.warc.gz"
    assert list(iter_warc_documents(missing)) == [
        Rejection(str(missing), "cannot read WARC: No such file or directory")
    ]
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert list(iter_warc_documents(empty)) == [
        Rejection(str(empty), "WARC holds no HTML or text responses")
    ]


def test_not_a_warc_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"<html><body>I am HTML, not an archive</body></html>")
    (result,) = iter_warc_documents(path)
    assert result == Rejection(
        str(path), "WARC damaged at byte 0: not a WARC record (no WARC/1.x header line)"
    )
