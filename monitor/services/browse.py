"""Browsing the archive as the web UI does: recent hits of each rule, a source's fetch log,
matching stories per week by rule or by deal country. Read-only, like services.archive."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scwatch.core.clock import to_kst
from scwatch.core.records import ArticleRecord, DealQuery, FetchRecord
from scwatch.storage import Database
from scwatch.storage import deals as deal_store
from scwatch.storage import matches as match_store
from scwatch.storage import sources as source_store


@dataclass(frozen=True)
class RuleHit:
    """An article a rule matched, when it matched."""

    rule: str
    matched_at: datetime
    article: ArticleRecord


@dataclass(frozen=True)
class WeekCount:
    """How many stories `key` (a rule name, or a deal country) counts in the KST week
    starting on `week` (a Monday), by the publication time of their first article."""

    week: date
    key: str
    stories: int


def rule_hits(
    db: Database, *, rule: str | None, since: datetime | None, limit: int
) -> list[RuleHit]:
    with db.read() as conn:
        found = match_store.recent_hits(conn, rule=rule, since=since, limit=limit)
    return [RuleHit(name, at, article) for name, at, article in found]


def fetch_log(db: Database, slug: str, limit: int) -> list[FetchRecord]:
    with db.read() as conn:
        return source_store.recent_fetches(conn, slug, limit)


def week_of(moment: datetime) -> date:
    """The Monday (KST) of the week holding `moment`."""
    day = (to_kst(moment) or moment).date()
    return day - timedelta(days=day.weekday())


def weekly_by_rule(db: Database, since: datetime | None) -> list[WeekCount]:
    with db.read() as conn:
        firsts = match_store.story_firsts(conn, since)
    return _counted((week_of(at), rule) for rule, _story, at in firsts)


def weekly_by_country(db: Database, since: datetime | None) -> list[WeekCount]:
    """Stories reporting a deal, per country and per week of their first deal article's
    publication (first seen when unknown); each story counted once per country."""
    first: dict[tuple[str, int], datetime] = {}
    with db.read() as conn:
        for record in deal_store.iter_deals(conn, DealQuery()):
            country, when = record.deal.country, record.published_at or record.first_seen_at
            if not country or record.story_id is None or (since and when < since):
                continue
            key = (country, record.story_id)
            if key not in first or when < first[key]:
                first[key] = when
    return _counted((week_of(at), country) for (country, _story), at in first.items())


def _counted(pairs: Iterable[tuple[date, str]]) -> list[WeekCount]:
    counts = Counter(pairs)
    return [WeekCount(week, key, n) for (week, key), n in sorted(counts.items())]
