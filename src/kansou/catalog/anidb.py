"""Reader for AniDB's anime titles dump (``anime-titles.xml``).

Every ``<anime aid>`` holds its titles in many languages, typed main /
official / syn / short. The main title (romaji) names the anime when no other
catalog does; every title becomes an alias, which is where English names
("Attack on Titan") and short forms come from once joined to MAL through the
id mappings.

The dump is parsed as it streams (``iterparse``): each ``<anime>`` is turned
into a record and then removed from the tree, so memory stays flat however
many entries the file holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from kansou.catalog.records import Alias, CatalogFile, CatalogFormatError, CatalogRecord

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: AniDB title types -> alias kinds.
TITLE_KINDS = {"main": "main", "official": "official", "syn": "synonym", "short": "short"}


def read_anidb_titles(source: Path | CatalogFile) -> Iterator[CatalogRecord]:
    file = CatalogFile.of(source)
    path, found = file.path, False
    with file.binary() as stream:
        try:
            for _, element in etree.iterparse(stream, events=("end",), tag="anime"):
                record = _record(path, element)
                _drop(element)
                found = True
                yield record
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            raise CatalogFormatError(
                path, line, f"invalid XML ({exc.msg}; is the file truncated?)"
            ) from exc
    if not found:
        raise CatalogFormatError(path, None, "no <anime> element found")


def _drop(element: etree._Element) -> None:
    """Free a parsed ``<anime>`` and the emptied ones before it (the root keeps them)."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _record(path: Path, element: etree._Element) -> CatalogRecord:
    line = element.sourceline or 0
    aid = (element.get("aid") or "").strip()
    if not aid.isdigit():
        raise CatalogFormatError(path, line, f"field 'aid' is '{aid}', expected a number")
    aliases = []
    main = None
    for title in element.iter("title"):
        name = (title.text or "").strip()
        if not name:
            continue
        kind = TITLE_KINDS.get(title.get("type") or "", "synonym")
        aliases.append(Alias(name, title.get(_XML_LANG), kind))
        if kind == "main" and main is None:
            main = name
    if not aliases:
        raise CatalogFormatError(path, line, f"field 'title' missing for anime aid {aid}")
    return CatalogRecord(
        source="anidb",
        line=line,
        ids={"anidb": aid},
        name=main or aliases[0].name,
        aliases=tuple(aliases),
    )
