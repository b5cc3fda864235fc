"""documents.fetched_at: when a service API's answer came from the network

A title's score on AniList, MyAnimeList, Kitsu or AniDB moves over time; each
changed answer is a new document, and ``fetched_at`` (ISO 8601, UTC) says
when it was fetched, so the title page can say "as of" for every service
score. Documents read from files, WARC archives or pages keep NULL.

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("fetched_at", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "fetched_at")
