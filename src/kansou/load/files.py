"""Local inputs: files and directories become ``Document``s, or rejections with a reason.

Decisions: directories are walked recursively in sorted order, skipping hidden
entries; a file larger than ``MAX_DOCUMENT_BYTES`` is rejected before it is
read whole; the media type comes from the extension, else from the first bytes.
WARC archives are handed to ``kansou.load.warc``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kansou.model import Document, Rejection

#: Largest single document accepted (bytes). The biggest real page in the corpus is
#: 2.7 MB (a One Piece cast page); 20 MB leaves room while bounding memory.
MAX_DOCUMENT_BYTES = 20_000_000

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def media_type_of(path: Path, head: bytes) -> str:
    if path.suffix.lower() in HTML_SUFFIXES:
        return "text/html"
    sniff = head.lstrip()[:512].lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or b"<html" in sniff:
        return "text/html"
    return "text/plain"


def read_file(path: Path) -> Document | Rejection:
    """One file as a Document, or a Rejection naming why it cannot be one."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return Rejection(str(path), f"too large: {size:,} bytes (limit {MAX_DOCUMENT_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        return Rejection(str(path), f"cannot read file: {exc.strerror or exc}")
    return Document(source=str(path), raw=raw, media_type=media_type_of(path, raw[:1024]))


def iter_path(path: Path) -> Iterator[Document | Rejection]:
    """Documents under ``path`` (a file, a WARC archive or a directory)."""
    if not path.exists():
        yield Rejection(str(path), "no such file or directory")
        return
    if path.is_dir():
        files = [p for p in sorted(path.rglob("*")) if p.is_file() and not _hidden(p, path)]
        if not files:
            yield Rejection(str(path), "directory holds no documents")
        for file in files:
            yield from iter_path(file)
        return
    if is_warc(path):
        from kansou.load.warc import iter_warc_documents

        yield from iter_warc_documents(path)
        return
    yield read_file(path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
