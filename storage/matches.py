"""Rule matches with the sentences that made them fire."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from scwatch.core.records import ArticleRecord, MatchRecord
from scwatch.storage.articles import article_query
from scwatch.storage.conflicts import insert_or_ignore
from scwatch.storage.tables import articles, matches, newest_first_key


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


def recent_hits(
    conn: Connection, *, rule: str | None, since: datetime | None, limit: int
) -> list[tuple[str, datetime, ArticleRecord]]:
    """(rule, matched_at, article) of the newest matches, newest first; `rule` None: any."""
    query = (
        article_query()
        .add_columns(matches.c.rule.label("hit_rule"), matches.c.matched_at.label("hit_at"))
        .join_from(articles, matches, matches.c.article_id == articles.c.id)
        .order_by(matches.c.matched_at.desc(), matches.c.id.desc())
        .limit(limit)
    )
    if rule is not None:
        query = query.where(matches.c.rule == rule)
    if since is not None:
        query = query.where(matches.c.matched_at >= since)
    hits = []
    for row in conn.execute(query):
        values = row._asdict()
        rule_name, matched_at = values.pop("hit_rule"), values.pop("hit_at")
        hits.append((rule_name, matched_at, ArticleRecord(**values)))
    return hits


def story_firsts(conn: Connection, since: datetime | None) -> list[tuple[str, int, datetime]]:
    """(rule, story id, when) for every story a rule matched: the publication time (first
    seen when unknown) of the story's first matching article, at or after `since`."""
    first_seen = func.min(newest_first_key)
    query = (
        select(matches.c.rule, articles.c.cluster_id, first_seen)
        .join_from(matches, articles, matches.c.article_id == articles.c.id)
        .where(articles.c.cluster_id.is_not(None))
        .group_by(matches.c.rule, articles.c.cluster_id)
    )
    if since is not None:
        query = query.having(first_seen >= since)
    return [(str(r), int(c), at) for r, c, at in conn.execute(query)]
