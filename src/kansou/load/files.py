"""Local inputs: files and directories become ``Document``s, or rejections with a reason.

Decisions:

- directories are walked recursively in sorted order, skipping hidden entries;
  every other entry that is not a directory is an input, so a FIFO, a device,
  a socket or a broken link found there is reported, never skipped in silence;
- only regular files are read. Anything else is refused by its type before it
  is opened, and again on the opened descriptor (opened non-blocking, so a FIFO
  swapped in between cannot hang the batch): a FIFO would block the read until
  a writer comes, ``/dev/zero`` never ends;
- a file larger than ``MAX_DOCUMENT_BYTES`` is refused by its reported size
  before it is read, and every read stops after ``MAX_DOCUMENT_BYTES + 1``
  bytes actually read, whatever size the file reports (``/proc`` files report 0);
- names of any bytes are read: a name that is not UTF-8 is shown, stored and
  reported with its undecodable bytes escaped (``latin1-\\xe9\\xff.txt``), so it
  cannot stop a batch when printed or stored;
- a symbolic link that loops (or points to itself) or dangles is reported as such;
- the media type comes from the extension, else from the first bytes.

WARC archives are handed to ``kansou.load.warc``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kansou.errors import DocumentRejected
from kansou.model import Document, Rejection

#: Largest single document accepted (bytes). The biggest real page in the corpus is
#: 2.7 MB (a One Piece cast page); 20 MB leaves room while bounding memory.
MAX_DOCUMENT_BYTES = 20_000_000

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)
#: Flags that make ``open`` return at once on a FIFO and never adopt a terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as text any terminal, log or database takes: bytes that are not UTF-8 escaped.

    Python reads a name of undecodable bytes into lone surrogates; those are
    written back as ``\\xNN``, so ``latin1-\\xe9\\xff.txt`` is what the user sees.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def media_type_of(path: Path, head: bytes) -> str:
    if path.suffix.lower() in HTML_SUFFIXES:
        return "text/html"
    sniff = head.lstrip()[:512].lower()
    if sniff.startswith((b"<!doctype html", b"<html")) or b"<html" in sniff:
        return "text/html"
    return "text/plain"


def _refused_kind(mode: int) -> str | None:
    return next((what for test, what in _SPECIAL_KINDS if test(mode)), None)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading; ``DocumentRejected`` unless it is a regular file."""
    kind = _refused_kind(os.stat(path).st_mode)
    if kind is None:
        fd = os.open(path, _OPEN_FLAGS)
        try:
            kind = _refused_kind(os.fstat(fd).st_mode)
            if kind is None:
                os.set_blocking(fd, True)
                return os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    raise DocumentRejected(f"not a regular file ({kind}): only regular files are read")


def read_capped(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of the regular file ``path``, refused once more than ``limit`` are read."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise DocumentRejected(f"too large: {size:,} bytes (limit {limit:,})")
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise DocumentRejected(f"too large: more than {limit:,} bytes read (limit {limit:,})")
    return raw


def read_file(path: Path) -> Document | Rejection:
    """One file as a Document, or a Rejection naming why it cannot be one."""
    try:
        raw = read_capped(path)
    except DocumentRejected as exc:
        return Rejection(shown(path), exc.message)
    except OSError as exc:
        return Rejection(shown(path), f"cannot read file: {exc.strerror or exc}")
    return Document(source=shown(path), raw=raw, media_type=media_type_of(path, raw[:1024]))


def missing_reason(path: Path) -> str:
    """Why ``path`` cannot be found: no such file, a broken symbolic link, or a link loop."""
    if not path.is_symlink():
        return "no such file or directory"
    target = os.readlink(path)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.abspath(path.parent / target) == os.path.abspath(
            path
        ):
            return "symbolic link to itself"
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: following it never reaches a file"
        if exc.errno != errno.ENOENT:
            return f"cannot follow symbolic link: {exc.strerror or exc}"
    return f"broken symbolic link (to {shown(target)}, which does not exist)"


def iter_path(path: Path) -> Iterator[Document | Rejection]:
    """Documents under ``path`` (a file, a WARC archive or a directory)."""
    if not path.exists():
        yield Rejection(shown(path), missing_reason(path))
        return
    if path.is_dir():
        entries = [p for p in sorted(path.rglob("*")) if not _hidden(p, path) and not p.is_dir()]
        if not entries:
            yield Rejection(shown(path), "directory holds no documents")
        for entry in entries:
            yield from iter_path(entry)
        return
    if is_warc(path):
        from kansou.load.warc import iter_warc_documents

        yield from iter_warc_documents(path)
        return
    yield read_file(path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
