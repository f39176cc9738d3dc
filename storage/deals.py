"""Deals found in articles: one row per deal, the main deal at position 0.

The story a deal belongs to is read through its article (articles.cluster_id), so merging
and splitting stories never leaves a deal behind; deals.cluster_id is the story at insert
time, kept for the index.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, delete, func, select
from sqlalchemy.engine import Connection, Row

from scwatch.core.deals.models import EXPORT_KINDS, Amount, Deal, Party
from scwatch.core.records import DealQuery, DealRecord
from scwatch.storage.tables import articles, deals


def store_deals(conn: Connection, article_id: int, story_id: int, found: Sequence[Deal]) -> None:
    """Replace the article's deals with `found` (position 0 is the main deal)."""
    conn.execute(delete(deals).where(deals.c.article_id == article_id))
    rows = [_deal_row(article_id, story_id, n, deal) for n, deal in enumerate(found)]
    if rows:
        conn.execute(deals.insert(), rows)


def _deal_row(article_id: int, story_id: int, position: int, deal: Deal) -> dict[str, Any]:
    amount = deal.amount
    return {
        "article_id": article_id,
        "cluster_id": story_id,
        "position": position,
        "kind": deal.kind,
        "status": deal.status,
        "status_cue": deal.status_cue,
        "parties": json.dumps(
            [{"name": p.name, "side": p.side, "kind": p.kind} for p in deal.parties],
            ensure_ascii=False,
        ),
        "country": deal.country,
        "city": deal.city,
        "amount_value": amount.value if amount else None,
        "amount_currency": amount.currency if amount else None,
        "amount_krw": amount.krw if amount else None,
        "amount_text": amount.text if amount else None,
        "event": deal.event,
        "project": deal.project,
        "deal_on": deal.on.isoformat() if deal.on else None,
        "smartcity": deal.smartcity,
        "sentences": json.dumps(dict(deal.sentences), ensure_ascii=False),
    }


def list_deals(conn: Connection, query: DealQuery) -> list[DealRecord]:
    return list(iter_deals(conn, query))


def iter_deals(conn: Connection, query: DealQuery) -> Iterator[DealRecord]:
    """Deals with their article's title, URL and story, oldest article first."""
    for row in conn.execute(_select(query)):
        yield _to_record(row)


def _select(query: DealQuery) -> Select[Any]:
    stmt = (
        select(
            deals,
            articles.c.cluster_id.label("story_id"),
            articles.c.title,
            articles.c.url,
            articles.c.source,
            articles.c.published_at,
            articles.c.first_seen_at,
        )
        .join(articles, articles.c.id == deals.c.article_id)
        .where(and_(True, *deal_conditions(query)))
        .order_by(articles.c.first_seen_at, deals.c.article_id, deals.c.position)
    )
    return stmt.limit(query.limit) if query.limit else stmt


def deal_conditions(query: DealQuery) -> list[Any]:
    """The WHERE terms of a deal query (on deals, joined to articles for time and story)."""
    found: list[Any] = []
    if query.kinds:
        kinds = set(query.kinds)
        if "export" in kinds:
            kinds |= set(EXPORT_KINDS)
        found.append(deals.c.kind.in_(sorted(kinds)))
    if query.statuses:
        found.append(deals.c.status.in_(list(query.statuses)))
    if query.country:
        found.append(deals.c.country == query.country)
    if query.party:
        found.append(func.lower(deals.c.parties).contains(query.party.lower(), autoescape=True))
    if query.since is not None:
        found.append(articles.c.first_seen_at >= query.since)
    if query.story_id is not None:
        found.append(articles.c.cluster_id == query.story_id)
    if query.article_id is not None:
        found.append(deals.c.article_id == query.article_id)
    return found


def _to_record(row: Row[Any]) -> DealRecord:
    return DealRecord(
        id=row.id,
        article_id=row.article_id,
        story_id=row.story_id,
        position=row.position,
        deal=deal_of(row),
        title=row.title,
        url=row.url,
        source=row.source,
        published_at=row.published_at,
        first_seen_at=row.first_seen_at,
    )


def deal_of(row: Row[Any]) -> Deal:
    """The Deal value a stored row holds."""
    amount = None
    if row.amount_value is not None:
        amount = Amount(row.amount_value, row.amount_currency, row.amount_krw, row.amount_text)
    return Deal(
        kind=row.kind,
        status=row.status,
        status_cue=row.status_cue or "",
        parties=tuple(Party(**p) for p in json.loads(row.parties or "[]")),
        country=row.country,
        city=row.city,
        amount=amount,
        event=row.event,
        project=row.project,
        on=date.fromisoformat(row.deal_on) if row.deal_on else None,
        smartcity=bool(row.smartcity),
        sentences=json.loads(row.sentences or "{}"),
    )
