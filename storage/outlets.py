"""The outlets that carried a story: its articles' sources and the other URLs that ran an
identical copy (article_sightings)."""

from __future__ import annotations

from sqlalchemy import select, union
from sqlalchemy.engine import Connection

from scwatch.storage.tables import article_sightings, articles


def story_outlets(conn: Connection, story_id: int) -> set[str]:
    """Every source slug that ran the story, as an article or as a sighting."""
    members = select(articles.c.source).where(articles.c.cluster_id == story_id)
    sightings = (
        select(article_sightings.c.source)
        .join(articles, articles.c.id == article_sightings.c.article_id)
        .where(articles.c.cluster_id == story_id)
    )
    return {row[0] for row in conn.execute(union(members, sightings))}


def other_outlets(conn: Connection, story_id: int, source: str) -> int:
    """How many outlets besides `source` ran the story ("also in N outlets")."""
    return len(story_outlets(conn, story_id) - {source})
