"""Stories and deals: story state on clusters, how each article joined its story, LSH band
rows, story lookup keys, per-article story facts, and the deals table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scwatch.storage.types import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("clusters") as batch:
        batch.add_column(sa.Column("last_seen_at", UTCDateTime))
        batch.add_column(sa.Column("signature", sa.Text))
        batch.add_column(sa.Column("merged_into", sa.Integer))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_join", sa.String(10)))
        batch.add_column(sa.Column("story_score", sa.Float))
    # Every stored article started its own one-article (or exact-copy) story so far.
    op.execute("UPDATE articles SET story_join = 'original', story_score = 1.0")
    op.execute("UPDATE clusters SET last_seen_at = first_seen_at")
    op.create_index("ix_articles_cluster_id", "articles", ["cluster_id"])
    create_story_tables()
    create_deals()


def create_story_tables() -> None:
    op.create_table(
        "story_bands",
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("bucket", sa.BigInteger, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("cluster_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"],
            name=op.f("fk_story_bands_article_id_articles"), ondelete="CASCADE",
        ),
    )
    op.create_index("ix_story_bands_band_bucket", "story_bands", ["band", "bucket"])
    op.create_index("ix_story_bands_article_id", "story_bands", ["article_id"])
    op.create_table(
        "story_keys",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("cluster_id", sa.Integer, nullable=False),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_story_keys_key_first_seen_at", "story_keys", ["key", "first_seen_at"])
    op.create_index("ix_story_keys_cluster_id", "story_keys", ["cluster_id"])
    op.create_table(
        "article_minhashes",
        sa.Column("article_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("facts", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_minhashes")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"],
            name=op.f("fk_article_minhashes_article_id_articles"), ondelete="CASCADE",
        ),
    )


def create_deals() -> None:
    op.create_table(
        "deals",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("cluster_id", sa.Integer),
        sa.Column("position", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_cue", sa.Text, nullable=False, server_default=""),
        sa.Column("parties", sa.Text, nullable=False, server_default="[]"),
        sa.Column("country", sa.Text),
        sa.Column("city", sa.Text),
        sa.Column("amount_value", sa.Float),
        sa.Column("amount_currency", sa.String(3)),
        sa.Column("amount_krw", sa.Float),
        sa.Column("amount_text", sa.Text),
        sa.Column("event", sa.Text),
        sa.Column("project", sa.Text),
        sa.Column("deal_on", sa.String(10)),
        sa.Column("smartcity", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("sentences", sa.Text, nullable=False, server_default="{}"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"],
            name=op.f("fk_deals_article_id_articles"), ondelete="CASCADE",
        ),
    )
    op.create_index("ix_deals_article_id", "deals", ["article_id"])
    op.create_index("ix_deals_cluster_id", "deals", ["cluster_id"])
    op.create_index("ix_deals_kind_status", "deals", ["kind", "status"])


def downgrade() -> None:
    op.drop_table("deals")
    op.drop_table("article_minhashes")
    op.drop_table("story_keys")
    op.drop_table("story_bands")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): batch mode would rebuild clusters
    # and articles, and dropping a table that others reference fails with foreign keys on.
    op.drop_index("ix_articles_cluster_id", "articles")
    for column in ("story_score", "story_join"):
        op.drop_column("articles", column)
    for column in ("merged_into", "signature", "last_seen_at"):
        op.drop_column("clusters", column)
