"""Reading the archive: search, one article with its copies and matches, the outbox, the
sources as configured. Every function here only reads (Database.read()), so it works on
a read-only Database and never takes the write lock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from scwatch.core.models import Source
from scwatch.core.records import (
    AlertRecord,
    AlertStatus,
    ArticleRecord,
    ChannelPause,
    DealQuery,
    DealRecord,
    MatchRecord,
    SightingRecord,
    SourceRecord,
)
from scwatch.core.text.query import search_terms as query_terms
from scwatch.services.story_archive import StoryDetail, story_detail
from scwatch.storage import Database, outbox, pauses
from scwatch.storage import articles as article_store
from scwatch.storage import deals as deal_store
from scwatch.storage import matches as match_store
from scwatch.storage import search as search_store
from scwatch.storage import sources as source_store


@dataclass(frozen=True)
class ArticleDetail:
    """One stored article, the other URLs that carried it, the rules it matched, the deals
    it reports (main deal first) and its story."""

    article: ArticleRecord
    sightings: list[SightingRecord]
    matches: list[MatchRecord]
    deals: list[DealRecord] = field(default_factory=list)
    story: StoryDetail | None = None


def search_terms(query: str) -> list[str]:
    """Words are ANDed; a "quoted phrase" is one term. Spacing, case and a particle after a
    Korean word do not matter (scwatch.core.text.query, the folding the rules use)."""
    return query_terms(query)


def search_archive(
    db: Database,
    terms: Sequence[str],
    *,
    since: datetime | None = None,
    source: str | None = None,
    deal: DealQuery | None = None,
    limit: int = 50,
    published_since: datetime | None = None,
) -> list[ArticleRecord]:
    """Articles holding every (squeezed) term, newest first by publication time; `since`
    is first-seen time, `published_since` publication time."""
    with db.read() as conn:
        return search_store.search_articles(
            conn,
            list(terms),
            since=since,
            source=source,
            deal=deal,
            limit=limit,
            published_since=published_since,
        )


def article_detail(db: Database, article_id: int) -> ArticleDetail | None:
    with db.read() as conn:
        article = article_store.get_article(conn, article_id)
        if article is None:
            return None
        sightings = article_store.sightings_of(conn, article_id)
        matches = match_store.matches_for(conn, article_id)
        deals = deal_store.list_deals(conn, DealQuery(article_id=article_id))
    story = story_detail(db, article.cluster_id) if article.cluster_id else None
    return ArticleDetail(article, sightings, matches, deals, story)


def iter_archive(db: Database, *, since: datetime | None = None) -> Iterator[ArticleRecord]:
    """Every article in storage order (first seen at or after `since`), streamed."""
    with db.read() as conn:
        yield from article_store.iter_articles(conn, since=since)


def list_alerts(
    db: Database, *, status: AlertStatus | None = None, limit: int = 50
) -> list[AlertRecord]:
    with db.read() as conn:
        return outbox.list_alerts(conn, status=status, limit=limit)


def channel_pauses(db: Database, now: datetime) -> list[ChannelPause]:
    """Channels paused at `now` because their receiver answered 429 or 503."""
    with db.read() as conn:
        return pauses.list_pauses(conn, active_at=now)


def configured_sources(db: Database, configured: Sequence[Source]) -> list[SourceRecord]:
    """The configured sources with their stored state, in configuration order. A source the
    database has not seen yet is shown as never run; one no longer configured is left out.
    Read-only: the table is brought in line with the file by the next crawl, not here."""
    with db.read() as conn:
        stored = {record.slug: record for record in source_store.list_sources(conn)}
    return [as_configured(stored.get(source.slug), source) for source in configured]


def as_configured(record: SourceRecord | None, source: Source) -> SourceRecord:
    """The stored state under the configured fields (kind, URL, name, interval, enabled)."""
    base = record or SourceRecord(
        id=0,
        slug=source.slug,
        kind=source.kind,
        url=source.url,
        name=source.name,
        interval_minutes=source.interval_minutes,
        enabled=source.enabled,
        etag=None,
        last_modified=None,
        body_hash=None,
        last_attempt_at=None,
        last_success_at=None,
        last_new_at=None,
        failures=0,
        next_due_at=None,
        last_error=None,
    )
    if base.kind != source.kind or base.url != source.url:
        # Another feed now: its old errors are not this one's (the next crawl agrees).
        base = replace(base, failures=0, last_error=None)
    return replace(
        base,
        kind=source.kind,
        url=source.url,
        name=source.name,
        interval_minutes=source.interval_minutes,
        enabled=source.enabled,
    )
