"""Search index: bigrams of each article's search_text, built for the stored articles.

SQLite: a contentless FTS5 table kept in step by triggers (scwatch registers the
scwatch_grams() they call on each connection). PostgreSQL: a GIN index over the immutable
function scwatch_grams(search_text). storage/search_index.py explains both.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE article_grams USING fts5(grams, content='', detail=full)",
    """CREATE TRIGGER article_grams_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_grams(rowid, grams) VALUES (new.id, scwatch_grams(new.search_text));
    END""",
    """CREATE TRIGGER article_grams_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_grams(article_grams, rowid, grams)
        VALUES ('delete', old.id, scwatch_grams(old.search_text));
    END""",
    """CREATE TRIGGER article_grams_update AFTER UPDATE OF id, search_text ON articles BEGIN
        INSERT INTO article_grams(article_grams, rowid, grams)
        VALUES ('delete', old.id, scwatch_grams(old.search_text));
        INSERT INTO article_grams(rowid, grams) VALUES (new.id, scwatch_grams(new.search_text));
    END""",
    # Covering indexes: a page's order and stories come from them, without reading the
    # articles' rows (whose text fills overflow pages) until the page is known.
    "CREATE INDEX ix_articles_search_id ON articles (id, cluster_id, published_at, first_seen_at)",
    "CREATE INDEX ix_articles_search_newest ON articles "
    "(coalesce(published_at, first_seen_at), id, cluster_id, published_at, first_seen_at)",
)
SQLITE_FILL = (
    "INSERT INTO article_grams(rowid, grams) SELECT id, scwatch_grams(search_text) FROM articles"
)
SQLITE_DROP = (
    "DROP INDEX IF EXISTS ix_articles_search_id",
    "DROP INDEX IF EXISTS ix_articles_search_newest",
    "DROP TRIGGER IF EXISTS article_grams_insert",
    "DROP TRIGGER IF EXISTS article_grams_delete",
    "DROP TRIGGER IF EXISTS article_grams_update",
    "DROP TABLE IF EXISTS article_grams",
)
# Bigrams and single letters, each once. IMMUTABLE and PARALLEL SAFE: usable in an index.
# PL/pgSQL on purpose: its array variable is indexed in constant time, where substr() on
# UTF-8 text or a subscripted array in plain SQL costs a pass over the text per letter.
POSTGRES_CREATE = (
    """CREATE OR REPLACE FUNCTION scwatch_grams(body text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        letters text[] := string_to_array(body, NULL);
        grams text[] := letters;
    BEGIN
        FOR i IN 1 .. cardinality(letters) - 1 LOOP
            grams := grams || (letters[i] || letters[i + 1]);
        END LOOP;
        RETURN ARRAY(SELECT DISTINCT unnest(grams));
    END
    $$""",
    "CREATE INDEX ix_articles_search_grams ON articles USING gin (scwatch_grams(search_text))",
)
POSTGRES_DROP = (
    "DROP INDEX IF EXISTS ix_articles_search_grams",
    "DROP FUNCTION IF EXISTS scwatch_grams(text)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_CREATE:
            op.execute(statement)
        return
    for statement in SQLITE_CREATE:
        op.execute(statement)
    op.execute(SQLITE_FILL)  # the articles stored before this version


def downgrade() -> None:
    drop = POSTGRES_DROP if op.get_bind().dialect.name == "postgresql" else SQLITE_DROP
    for statement in drop:
        op.execute(statement)
