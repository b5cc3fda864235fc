"""catalog: imported files, per-source facts, cross-site id links, match decisions

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("titles_created", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    op.create_table(
        "catalog_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["title_id"], ["titles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("title_id", "source", "field", name="uq_catalog_fact"),
    )
    with op.batch_alter_table("catalog_facts", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_facts_title_id", ["title_id"], unique=False)
    op.create_table(
        "catalog_id_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=140), nullable=False),
        sa.Column("site", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("facts", sa.Text(), nullable=True),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site", "external_id", name="uq_catalog_id_link"),
    )
    with op.batch_alter_table("catalog_id_links", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_id_links_group_key", ["group_key"], unique=False)
    op.create_table(
        "match_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("query_key", sa.String(length=400), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("strength", sa.String(length=10), nullable=False),
        sa.Column("distance", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["title_id"], ["titles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("query_key", "title_id", name="uq_match_decision"),
    )
    with op.batch_alter_table("match_decisions", schema=None) as batch_op:
        batch_op.create_index("ix_match_decisions_query_key", ["query_key"], unique=False)
        batch_op.create_index("ix_match_decisions_title_id", ["title_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("match_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_match_decisions_title_id")
        batch_op.drop_index("ix_match_decisions_query_key")
    op.drop_table("match_decisions")
    with op.batch_alter_table("catalog_id_links", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_id_links_group_key")
    op.drop_table("catalog_id_links")
    with op.batch_alter_table("catalog_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_facts_title_id")
    op.drop_table("catalog_facts")
    op.drop_table("catalog_imports")
