"""What the store already knows about one batch of catalog records.

The catalog writer works a batch at a time, so it loads only the rows that
batch can touch: the id links (cross-site groups from mapping files) of the
batch's ids and every id of those groups, the titles holding any of those
ids, and, once the batch's titles are settled, their alias keys and facts.
Nothing else of the store is read, so memory follows the batch, not the
catalog. Lookups go per site with IN lists of at most ``IN_LIST`` values,
under SQLite's bound-parameter limit on every version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kansou.catalog.records import CatalogRecord, batches
from kansou.store.catalog_schema import CatalogFactRow, CatalogIdLinkRow
from kansou.store.schema import TitleAliasRow, TitleSourceIdRow

#: Values bound in one IN list.
IN_LIST = 900
SiteId = tuple[str, str]


@dataclass
class Known:
    """The store's rows for one batch; the writer adds what it writes, so it stays current."""

    #: (site, external id) -> the title holding it.
    source_ids: dict[SiteId, int] = field(default_factory=dict)
    #: (site, external id) -> its id group, and each group's ids by site.
    link_group: dict[SiteId, str] = field(default_factory=dict)
    groups: dict[str, dict[str, str]] = field(default_factory=dict)
    #: A group's facts (from its mapping entry) and the file and line they came from.
    group_facts: dict[str, tuple[dict[str, Any], str, int]] = field(default_factory=dict)
    alias_keys: set[tuple[int, str]] = field(default_factory=set)
    #: (title, source, field) -> (fact row id, JSON value); id 0 for a row not yet written.
    facts: dict[tuple[int, str, str], tuple[int, str]] = field(default_factory=dict)

    def expanded(self, ids: Iterable[SiteId]) -> set[SiteId]:
        """``ids`` and every id their groups join them to."""
        out = set(ids)
        for key in list(out):
            group = self.link_group.get(key)
            if group is not None:
                out.update(self.groups[group].items())
        return out

    def titles_of(self, record: CatalogRecord) -> list[int]:
        """Titles holding one of the record's ids; the MAL holder first, then by age."""
        ids = self.expanded(record.ids.items())
        found = {self.source_ids[i] for i in ids if i in self.source_ids}
        mal = {self.source_ids[i] for i in ids if i[0] == "myanimelist" and i in self.source_ids}
        return sorted(found, key=lambda t: (t not in mal, t))


def load_known(s: Session, ids: Iterable[SiteId]) -> Known:
    """The links of ``ids``, their groups' links, and the titles holding any of those ids."""
    asked = set(ids)
    known = Known()
    links = CatalogIdLinkRow
    group_keys = {
        group
        for site, chunk in _by_site(asked)
        for group in s.scalars(
            select(links.group_key).where(links.site == site, links.external_id.in_(chunk))
        )
    }
    columns = (links.group_key, links.site, links.external_id, links.facts, links.file, links.line)
    for chunk in batches(sorted(group_keys), IN_LIST):
        for group, site, ext, facts, file, line in s.execute(
            select(*columns).where(links.group_key.in_(chunk)).order_by(links.id)
        ):
            known.link_group[(site, ext)] = group
            known.groups.setdefault(group, {})[site] = ext
            if facts is not None:
                known.group_facts[group] = (json.loads(facts), file or "", line or 0)
    held = TitleSourceIdRow
    for site, chunk in _by_site(known.expanded(asked)):
        for ext, tid in s.execute(
            select(held.external_id, held.title_id).where(
                held.site == site, held.external_id.in_(chunk)
            )
        ):
            known.source_ids[(site, ext)] = tid
    return known


def load_titles(s: Session, known: Known, title_ids: Iterable[int]) -> None:
    """Add the alias keys and facts of ``title_ids`` to ``known``."""
    facts = CatalogFactRow
    for chunk in batches(sorted(set(title_ids)), IN_LIST):
        known.alias_keys.update(
            (tid, key)
            for tid, key in s.execute(
                select(TitleAliasRow.title_id, TitleAliasRow.key).where(
                    TitleAliasRow.title_id.in_(chunk)
                )
            )
        )
        for fid, tid, src, fld, value in s.execute(
            select(facts.id, facts.title_id, facts.source, facts.field, facts.value).where(
                facts.title_id.in_(chunk)
            )
        ):
            known.facts[(tid, src, fld)] = (fid, value)


def _by_site(ids: Iterable[SiteId]) -> Iterator[tuple[str, list[str]]]:
    """``(site, external ids)`` in IN-list sized chunks."""
    by_site: dict[str, list[str]] = {}
    for site, ext in ids:
        by_site.setdefault(site, []).append(ext)
    for site, exts in sorted(by_site.items()):
        for chunk in batches(sorted(set(exts)), IN_LIST):
            yield site, chunk
