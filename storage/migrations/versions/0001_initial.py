"""Initial schema: sources, fetches, clusters, articles, sightings, matches, alerts.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scwatch.storage.types import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

SLUG = sa.String(200)
HASH = sa.String(64)


def upgrade() -> None:
    create_sources_and_fetches()
    create_clusters_and_articles()
    create_article_indexes()
    create_sightings_and_matches()
    create_alerts()


def create_sources_and_fetches() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("slug", SLUG, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("interval_minutes", sa.Integer, nullable=False, server_default=sa.text("30")),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.text("true")),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("body_hash", HASH),
        sa.Column("last_attempt_at", UTCDateTime),
        sa.Column("last_success_at", UTCDateTime),
        sa.Column("last_new_at", UTCDateTime),
        sa.Column("failures", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_due_at", UTCDateTime),
        sa.Column("last_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("slug", name=op.f("uq_sources_slug")),
    )
    op.create_table(
        "fetches",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("source", SLUG, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("items", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("new_items", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("error", sa.Text),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetches")),
    )
    op.create_index("ix_fetches_source_started_at", "fetches", ["source", "started_at"])


def create_clusters_and_articles() -> None:
    # clusters.original_article_id has no foreign key: articles.cluster_id points the other
    # way and a cycle would make creates and deletes order-dependent.
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("original_article_id", sa.Integer, nullable=False),
        sa.Column("size", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("source", SLUG, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("canonical_url", sa.Text, nullable=False),
        sa.Column("url_key", HASH, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
        sa.Column("published_at", UTCDateTime),
        sa.Column("updated_at", UTCDateTime),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.Column("content_key", HASH, nullable=False),
        sa.Column("cluster_id", sa.Integer),
        sa.Column("extractor_version", sa.String(40), nullable=False, server_default=""),
        sa.Column("raw_sha256", HASH, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("url_key", name=op.f("uq_articles_url_key")),
        sa.UniqueConstraint("content_key", name=op.f("uq_articles_content_key")),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["clusters.id"], name=op.f("fk_articles_cluster_id_clusters")
        ),
    )


def create_article_indexes() -> None:
    op.create_index("ix_articles_first_seen_at", "articles", ["first_seen_at"])
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    # Same expression as scwatch.storage.tables.newest_first_key: "newest first" ordering.
    op.create_index(
        "ix_articles_newest", "articles", [sa.text("coalesce(published_at, first_seen_at)")]
    )


def create_sightings_and_matches() -> None:
    op.create_table(
        "article_sightings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("source", SLUG, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("url_key", HASH, nullable=False),
        sa.Column("seen_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_sightings")),
        sa.UniqueConstraint("url_key", name=op.f("uq_article_sightings_url_key")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_sightings_article_id_articles"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_article_sightings_article_id", "article_sightings", ["article_id"])
    op.create_table(
        "matches",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("rule", SLUG, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),
        sa.Column("matched_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matches")),
        sa.UniqueConstraint("rule", "article_id", name=op.f("uq_matches_rule_article_id")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_matches_article_id_articles"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_matches_article_id", "matches", ["article_id"])


def create_alerts() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("rule", SLUG, nullable=False),
        sa.Column("cluster_id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("channel", SLUG, nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_attempt_at", UTCDateTime, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("sent_at", UTCDateTime),
        sa.Column("idempotency_key", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False, server_default="{}"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_alerts_idempotency_key")),
        sa.UniqueConstraint(
            "rule", "cluster_id", "channel", name=op.f("uq_alerts_rule_cluster_id_channel")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'dead')", name=op.f("ck_alerts_status")
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["clusters.id"], name=op.f("fk_alerts_cluster_id_clusters")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_alerts_article_id_articles")
        ),
    )
    op.create_index(
        "ix_alerts_status_next_attempt_at", "alerts", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    # Children before parents so the foreign keys never dangle.
    for table in ("alerts", "matches", "article_sightings", "articles", "clusters"):
        op.drop_table(table)
    for table in ("fetches", "sources"):
        op.drop_table(table)
