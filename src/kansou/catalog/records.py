"""What every catalog reader yields: one ``CatalogRecord`` per anime, and its errors.

A record names the anime by the ids it carries (``ids``: one-to-one site ids
such as ``myanimelist`` or ``anidb``), gives its display ``name`` when the
catalog has one, its other names (``aliases``) and its ``facts`` (media type,
episodes, year, ...). Records are plain data: the merge into the database is
``kansou.catalog.merge``'s decision. Readers stream a ``CatalogFile`` and
yield records one at a time, so no reader holds a whole file.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from kansou.errors import UserError

T = TypeVar("T")

#: Sites whose ids name exactly one anime; they go to ``title_source_ids``.
UNIQUE_ID_SITES = (
    "myanimelist",
    "anilist",
    "anidb",
    "kitsu",
    "anime-planet",
    "anisearch",
    "livechart",
    "notify.moe",
    "simkl",
    "animecountdown",
)
#: Sites whose ids are shared by several anime (a TVDB series holds every
#: season); they are kept as facts, never used to merge.
SHARED_ID_SITES = ("thetvdb", "themoviedb", "imdb")

#: Media types as kansou writes them (``ClaimKind.MEDIA_TYPE`` values).
MEDIA_TYPES = {
    "tv": "TV",
    "movie": "Movie",
    "ova": "OVA",
    "ona": "ONA",
    "special": "Special",
    "music": "Music",
    "tv special": "Special",
}


class CatalogFormatError(UserError):
    """A catalog file that cannot be read; the message names the file, line and field."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        where = f"{path}" if line is None else f"{path}, line {line}"
        super().__init__(f"{where}: {problem}; nothing was imported from this file")
        self.path = str(path)
        self.line = line


@dataclass(frozen=True)
class Alias:
    """Another name of an anime: ``kind`` is main/official/synonym/short as the catalog says."""

    name: str
    language: str | None = None
    kind: str = "synonym"


@dataclass(frozen=True)
class CatalogRecord:
    """One anime as one catalog line describes it."""

    source: str
    line: int
    ids: Mapping[str, str]
    name: str | None = None
    aliases: tuple[Alias, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    #: ``True`` for id-mapping entries: they join ids and never create a title alone.
    mapping_only: bool = False


def media_type(value: str | None) -> str | None:
    """A catalog's type word ("TV", "MOVIE", "Special") as kansou writes it; None if unknown."""
    if not value:
        return None
    return MEDIA_TYPES.get(value.strip().lower())


class CatalogFile:
    """A catalog file as a reader streams it: its path, and how far into it reading has got.

    Readers open it through ``text()`` or ``binary()`` (``.gz`` content is
    gunzipped, recognised by its magic bytes), which turn a truncated,
    corrupt or undecodable file into a ``CatalogFormatError`` wherever reading
    stops. ``bytes_read`` counts bytes of the file as stored (compressed), so
    progress can be shown against ``size`` without knowing how many records
    the file holds.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self._raw: IO[bytes] | None = None

    @classmethod
    def of(cls, source: Path | CatalogFile) -> CatalogFile:
        return source if isinstance(source, CatalogFile) else cls(source)

    def bytes_read(self) -> int:
        raw = self._raw
        if raw is None:
            return 0
        return self.size if raw.closed else min(raw.tell(), self.size)

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()

    def __enter__(self) -> CatalogFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def binary(self) -> Iterator[io.BufferedIOBase]:
        """The file's (gunzipped) bytes; reading errors become ``CatalogFormatError``."""
        with self._errors_named():
            raw = self._raw = self.path.open("rb")
            try:
                gz = raw.read(2) == b"\x1f\x8b"
                raw.seek(0)
                yield gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw
            finally:
                raw.close()

    @contextmanager
    def text(self) -> Iterator[IO[str]]:
        """The file as UTF-8 text with line endings kept (as ``csv`` wants them)."""
        with self.binary() as data:
            yield io.TextIOWrapper(data, encoding="utf-8", newline="")  # type: ignore[type-var]

    @contextmanager
    def _errors_named(self) -> Iterator[None]:
        try:
            yield
        except (EOFError, OSError, zlib.error) as exc:
            raise CatalogFormatError(
                self.path, None, f"file is truncated or corrupt ({exc})"
            ) from exc
        except UnicodeDecodeError as exc:
            raise CatalogFormatError(self.path, None, f"not UTF-8 text ({exc.reason})") from exc


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
