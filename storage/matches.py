"""Rule matches with the sentences that made them fire."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from scwatch.core.records import MatchRecord
from scwatch.storage.conflicts import insert_or_ignore
from scwatch.storage.tables import matches


def add_match(
    conn: Connection,
    rule: str,
    article_id: int,
    evidence: list[dict[str, Any]],
    matched_at: datetime,
) -> int | None:
    """Record that `rule` matched the article; returns the new id, or None when that match
    was already recorded (re-ingesting an article never duplicates matches)."""
    values = {
        "rule": rule,
        "article_id": article_id,
        "evidence": json.dumps(evidence, ensure_ascii=False),
        "matched_at": matched_at,
    }
    stmt = insert_or_ignore(conn, matches, ["rule", "article_id"], matches.c.id)
    new_id = conn.execute(stmt, values).scalar_one_or_none()
    return int(new_id) if new_id is not None else None


def matches_for(conn: Connection, article_id: int) -> list[MatchRecord]:
    query = (
        select(matches)
        .where(matches.c.article_id == article_id)
        .order_by(matches.c.rule, matches.c.id)
    )
    return [
        MatchRecord(**{**row._asdict(), "evidence": json.loads(row.evidence)})
        for row in conn.execute(query)
    ]
