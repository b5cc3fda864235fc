"""search index and readable views

The search index covers titles, aliases, people and review text, and is kept
in sync by the database itself so no writer has to remember it:

- SQLite: an FTS5 table ``search_fts`` (unicode61 tokenizer, diacritics
  folded) maintained by triggers on ``titles``, ``title_aliases``, ``people``
  and review ``claims``; filled from the existing rows on upgrade.
- PostgreSQL: GIN expression indexes on ``to_tsvector('simple', ...)`` over
  the same columns; queries use the same expressions.

Views with readable names (``v_titles``, ``v_reviews``, ``v_cast``,
``v_episode_scores``, ``v_documents``, ``v_people_roles``) let the SQLite file
be browsed as-is in Datasette or any SQLite tool (SQLite only: they read JSON
payloads with ``json_extract``).

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

REVIEW_BODY = (
    "coalesce(json_extract({r}.data, '$.text'), "
    "(SELECT substr(d.text, {r}.span_start + 1, {r}.span_end - {r}.span_start) "
    "FROM documents d WHERE d.id = {r}.document_id), '')"
)
REVIEW_NAME = "coalesce(json_extract({r}.data, '$.headline'), '') || ' ' || "\
    "coalesce(json_extract({r}.data, '$.author'), '')"

#: Each indexed row's FTS rowid is ``ref_id * 4 + kind``, so a trigger finds its
#: row by rowid (a b-tree lookup) instead of scanning the index for kind and ref_id.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "name, body, kind UNINDEXED, ref_id UNINDEXED, title_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    # titles
    "CREATE TRIGGER search_titles_ai AFTER INSERT ON titles BEGIN "
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) "
    "VALUES (new.id * 4 + 0, new.name, '', 'title', new.id, new.id); END",
    "CREATE TRIGGER search_titles_au AFTER UPDATE OF name ON titles BEGIN "
    "UPDATE search_fts SET name = new.name WHERE rowid = old.id * 4 + 0; END",
    "CREATE TRIGGER search_titles_ad AFTER DELETE ON titles BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id * 4 + 0; END",
    # aliases
    "CREATE TRIGGER search_aliases_ai AFTER INSERT ON title_aliases BEGIN "
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) "
    "VALUES (new.id * 4 + 1, new.name, '', 'alias', new.id, new.title_id); END",
    "CREATE TRIGGER search_aliases_au AFTER UPDATE ON title_aliases BEGIN "
    "UPDATE search_fts SET name = new.name, title_id = new.title_id "
    "WHERE rowid = old.id * 4 + 1; END",
    "CREATE TRIGGER search_aliases_ad AFTER DELETE ON title_aliases BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id * 4 + 1; END",
    # people
    "CREATE TRIGGER search_people_ai AFTER INSERT ON people BEGIN "
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) "
    "VALUES (new.id * 4 + 2, new.name, '', 'person', new.id, NULL); END",
    "CREATE TRIGGER search_people_au AFTER UPDATE OF name ON people BEGIN "
    "UPDATE search_fts SET name = new.name WHERE rowid = old.id * 4 + 2; END",
    "CREATE TRIGGER search_people_ad AFTER DELETE ON people BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id * 4 + 2; END",
    # reviews (claims of kind 'review'); their title link is set after insert
    "CREATE TRIGGER search_reviews_ai AFTER INSERT ON claims WHEN new.kind = 'review' BEGIN "
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) VALUES (new.id * 4 + 3, "
    + REVIEW_NAME.format(r="new")
    + ", "
    + REVIEW_BODY.format(r="new")
    + ", 'review', new.id, new.title_id); END",
    "CREATE TRIGGER search_reviews_au AFTER UPDATE OF title_id ON claims "
    "WHEN new.kind = 'review' BEGIN "
    "UPDATE search_fts SET title_id = new.title_id WHERE rowid = new.id * 4 + 3; "
    "END",
    "CREATE TRIGGER search_reviews_ad AFTER DELETE ON claims WHEN old.kind = 'review' BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id * 4 + 3; END",
    # what is already stored
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) "
    "SELECT id * 4 + 0, name, '', 'title', id, id FROM titles",
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) "
    "SELECT id * 4 + 1, name, '', 'alias', id, title_id FROM title_aliases",
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) "
    "SELECT id * 4 + 2, name, '', 'person', id, NULL FROM people",
    "INSERT INTO search_fts(rowid, name, body, kind, ref_id, title_id) SELECT c.id * 4 + 3, "
    + REVIEW_NAME.format(r="c")
    + ", "
    + REVIEW_BODY.format(r="c")
    + ", 'review', c.id, c.title_id FROM claims c WHERE c.kind = 'review'",
]

SQLITE_VIEWS = {
    "v_documents": """
        SELECT d.id, d.source, d.url, d.kind, d.subject, d.media_type, d.encoding,
               d.n_claims, length(d.text) AS text_chars, d.sha256, d.ingested_at
        FROM documents d""",
    "v_titles": """
        SELECT t.id, t.name,
               (SELECT group_concat(a.name, ' | ') FROM title_aliases a
                 WHERE a.title_id = t.id AND a.name <> t.name) AS aliases,
               (SELECT json_extract(c.data, '$.value') FROM claims c
                 WHERE c.title_id = t.id AND c.kind = 'media_type' LIMIT 1) AS type,
               (SELECT json_extract(c.data, '$.value') FROM claims c
                 WHERE c.title_id = t.id AND c.kind = 'episode_count' LIMIT 1) AS episodes,
               (SELECT count(*) FROM claims c WHERE c.title_id = t.id
                 AND c.kind = 'review'
                 AND json_extract(c.data, '$.score.normalized') IS NOT NULL) AS scored_reviews,
               (SELECT round(avg(json_extract(c.data, '$.score.normalized')), 1)
                  FROM claims c WHERE c.title_id = t.id AND c.kind = 'review')
                 AS mean_review_score,
               (SELECT count(DISTINCT c.document_id) FROM claims c
                 WHERE c.title_id = t.id) AS documents
        FROM titles t""",
    "v_reviews": """
        SELECT c.id, t.name AS title, c.title_id,
               json_extract(c.data, '$.author') AS author,
               json_extract(c.data, '$.headline') AS headline,
               json_extract(c.data, '$.score.as_written') AS score_as_written,
               json_extract(c.data, '$.score.normalized') AS score_0_100,
               json_extract(c.data, '$.status') AS status,
               json_extract(c.data, '$.date') AS date,
               d.source, d.url, c.document_id, c.span_start, c.span_end
        FROM claims c JOIN documents d ON d.id = c.document_id
        LEFT JOIN titles t ON t.id = c.title_id
        WHERE c.kind = 'review'""",
    "v_cast": """
        SELECT c.id, t.name AS title, c.title_id,
               json_extract(c.data, '$.character') AS character,
               json_extract(c.data, '$.actor') AS voice_actor,
               c.person_id, json_extract(c.data, '$.role') AS role,
               json_extract(c.data, '$.language') AS language, c.document_id
        FROM claims c LEFT JOIN titles t ON t.id = c.title_id
        WHERE c.kind = 'cast'""",
    "v_episode_scores": """
        SELECT c.id, t.name AS title, c.title_id,
               json_extract(c.data, '$.number') AS episode,
               json_extract(c.data, '$.title') AS episode_title,
               json_extract(c.data, '$.score.as_written') AS score_as_written,
               json_extract(c.data, '$.score.normalized') AS score_0_100,
               json_extract(c.data, '$.aired') AS aired, c.document_id
        FROM claims c LEFT JOIN titles t ON t.id = c.title_id
        WHERE c.kind = 'episode'""",
    "v_people_roles": """
        SELECT p.id AS person_id, p.name AS person, t.name AS title, c.title_id,
               c.kind AS credit,
               coalesce(json_extract(c.data, '$.character'), json_extract(c.data, '$.role'))
                 AS role, c.document_id
        FROM claims c JOIN people p ON p.id = c.person_id
        LEFT JOIN titles t ON t.id = c.title_id""",
}

POSTGRES_INDEXES = {
    "ix_search_titles": "titles USING gin (to_tsvector('simple', name))",
    "ix_search_aliases": "title_aliases USING gin (to_tsvector('simple', name))",
    "ix_search_people": "people USING gin (to_tsvector('simple', name))",
    "ix_search_reviews": (
        "claims USING gin (to_tsvector('english', coalesce(data->>'headline', '') || ' ' || "
        "coalesce(data->>'text', ''))) WHERE kind = 'review'"
    ),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
        for name, body in SQLITE_VIEWS.items():
            op.execute(f"CREATE VIEW {name} AS {body}")
    elif dialect == "postgresql":
        for name, target in POSTGRES_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {target}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_VIEWS:
            op.execute(f"DROP VIEW IF EXISTS {name}")
        for suffix in ("titles", "aliases", "people", "reviews"):
            for event in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS search_{suffix}_{event}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == "postgresql":
        for name in POSTGRES_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
