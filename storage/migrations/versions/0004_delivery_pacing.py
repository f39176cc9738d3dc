"""Delivery pacing: the worker holding an alert's lease, and channels paused by a 429/503.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from scwatch.storage.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table rebuild on SQLite, no rewrite on PostgreSQL.
    op.add_column("alerts", sa.Column("lease_owner", sa.String(64)))
    op.create_table(
        "channel_pauses",
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("paused_until", UTCDateTime, nullable=False),
        sa.Column("strikes", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("paused_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_channel_pauses")),
    )


def downgrade() -> None:
    op.drop_table("channel_pauses")
    op.drop_column("alerts", "lease_owner")
