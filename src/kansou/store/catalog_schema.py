"""Tables of the catalog: what each imported catalog file said, and review decisions.

- ``catalog_imports``: one row per imported file (by content hash), so
  importing the same file again is recognised and changes nothing.
- ``catalog_facts``: one fact (``field`` = JSON ``value``) about a title as
  stated by one catalog (``source``), with the file and line it came from. A
  fact is unique per (title, source, field): a newer file from the same
  catalog replaces its own fact, while two catalogs that disagree keep one row
  each, so a merge never hides which source says what.
- ``catalog_id_links``: cross-site id groups from mapping files (Fribb's
  anime-lists); every id of one group names the same anime. They are kept even
  when no title carries those ids yet, so a later import joins through them.
- ``match_decisions``: weak or unsure title matches awaiting review, and the
  confirmed/rejected decisions, remembered by the query's key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kansou.store.schema import Base, utcnow


class CatalogImportRow(Base):
    __tablename__ = "catalog_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(40))
    records: Mapped[int] = mapped_column(Integer, default=0)
    titles_created: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CatalogFactRow(Base):
    __tablename__ = "catalog_facts"
    __table_args__ = (UniqueConstraint("title_id", "source", "field", name="uq_catalog_fact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("titles.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)


class CatalogIdLinkRow(Base):
    __tablename__ = "catalog_id_links"
    __table_args__ = (UniqueConstraint("site", "external_id", name="uq_catalog_id_link"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(140), index=True)
    site: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(100))
    #: On the group's first row only: the entry's other facts (JSON) and where it was read.
    facts: Mapped[str | None] = mapped_column(Text)
    file: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)


class MatchDecisionRow(Base):
    __tablename__ = "match_decisions"
    __table_args__ = (UniqueConstraint("query_key", "title_id", name="uq_match_decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    query_key: Mapped[str] = mapped_column(String(400), index=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("titles.id", ondelete="CASCADE"), index=True)
    strength: Mapped[str] = mapped_column(String(10))
    distance: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    evidence: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
