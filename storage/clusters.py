"""Clusters: one story and every copy of it. For now a cluster is an article plus its
exact-content sightings; near-duplicate grouping will merge clusters later."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from scwatch.core.records import ClusterRecord
from scwatch.storage.tables import clusters

_create = insert(clusters).returning(clusters.c.id)


def create_cluster(conn: Connection, original_article_id: int, first_seen_at: datetime) -> int:
    """A new cluster of size 1 whose original is the given article; returns its id."""
    values = {"original_article_id": original_article_id, "size": 1, "first_seen_at": first_seen_at}
    return int(conn.execute(_create, values).scalar_one())


def grow_cluster(conn: Connection, cluster_id: int, by: int = 1) -> None:
    # Computed in SQL so two writers adding copies never lose an increment.
    conn.execute(
        update(clusters).where(clusters.c.id == cluster_id).values(size=clusters.c.size + by)
    )


def get_cluster(conn: Connection, cluster_id: int) -> ClusterRecord | None:
    row = conn.execute(select(clusters).where(clusters.c.id == cluster_id)).first()
    return ClusterRecord(**row._asdict()) if row else None
