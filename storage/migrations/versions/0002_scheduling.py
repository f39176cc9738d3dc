"""Scheduling and source health: scheduling state on sources, source_incidents, arrival
indexes, and alerts without foreign keys (source-health alerts have no article).

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-12
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

from scwatch.storage.types import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

SLUG = sa.String(200)
ALERT_FOREIGN_KEYS = {
    "fk_alerts_cluster_id_clusters": ("cluster_id", "clusters"),
    "fk_alerts_article_id_articles": ("article_id", "articles"),
}


def upgrade() -> None:
    add_source_scheduling_state()
    create_source_incidents()
    op.create_index("ix_articles_source_first_seen_at", "articles", ["source", "first_seen_at"])
    op.create_index(
        "ix_article_sightings_source_seen_at", "article_sightings", ["source", "seen_at"]
    )
    # SQLite cannot drop a constraint in place; batch mode rebuilds the table (data kept).
    # Reflecting it also reflects the tables it pointed to, and SQLAlchemy warns that the
    # expression index on articles cannot be reflected: true and irrelevant here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index")
        with op.batch_alter_table("alerts") as batch:
            for name in ALERT_FOREIGN_KEYS:
                batch.drop_constraint(name, type_="foreignkey")


def add_source_scheduling_state() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(
            sa.Column(
                "polls_since_full", sa.Integer, nullable=False, server_default=sa.text("0")
            )
        )
        batch.add_column(sa.Column("watched_since", UTCDateTime))
        batch.add_column(sa.Column("lease_owner", sa.String(64)))
        batch.add_column(sa.Column("lease_until", UTCDateTime))


def create_source_incidents() -> None:
    op.create_table(
        "source_incidents",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("source", SLUG, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("opened_at", UTCDateTime, nullable=False),
        sa.Column("closed_at", UTCDateTime),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_incidents")),
        sa.CheckConstraint(
            "kind IN ('FAILING', 'SILENT')", name=op.f("ck_source_incidents_kind")
        ),
    )
    op.create_index(
        "ix_source_incidents_source_closed_at", "source_incidents", ["source", "closed_at"]
    )


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        for name, (column, table) in ALERT_FOREIGN_KEYS.items():
            batch.create_foreign_key(name, table, [column], ["id"])
    op.drop_index("ix_article_sightings_source_seen_at", "article_sightings")
    op.drop_index("ix_articles_source_first_seen_at", "articles")
    op.drop_table("source_incidents")
    with op.batch_alter_table("sources") as batch:
        for column in ("lease_until", "lease_owner", "watched_since", "polls_since_full"):
            batch.drop_column(column)
