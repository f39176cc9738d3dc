"""Source bookkeeping services: which URLs are stored, the fetch log, config sync."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.dedup import url_key
from monitor.models import Source
from storage import Database
from storage import articles as article_store
from storage import sources as source_store
from storage.records import FetchValues, SourceRecord


@dataclass(frozen=True)
class FetchLog:
    """One fetch of a source (feed or list page), as the spiders report it."""

    source: str
    url: str
    started_at: datetime
    finished_at: datetime
    status: int | None
    items: int
    new_items: int
    error: str | None


def known_urls(db: Database, urls: Sequence[str]) -> set[str]:
    """The subset of `urls` already stored (by canonical URL key, sightings included)."""
    keys = {url: url_key(url) for url in urls}
    with db.read() as conn:
        stored = article_store.known_url_keys(conn, set(keys.values()))
    return {url for url, key in keys.items() if key in stored}


def record_fetch(db: Database, log: FetchLog) -> None:
    values = FetchValues(
        source=log.source,
        url=log.url,
        started_at=log.started_at,
        finished_at=log.finished_at,
        status=log.status,
        items=log.items,
        new_items=log.new_items,
        error=log.error,
    )
    with db.transaction() as conn:
        source_store.record_fetch(conn, values)


def sync_sources(db: Database, sources: Sequence[Source]) -> None:
    """Make the sources table match the configuration (runtime state is kept)."""
    rows = [
        {
            "slug": s.slug,
            "kind": s.kind,
            "url": s.url,
            "name": s.name,
            "interval_minutes": s.interval_minutes,
            "enabled": s.enabled,
        }
        for s in sources
    ]
    with db.transaction() as conn:
        source_store.sync_sources(conn, rows)


def list_sources(db: Database) -> list[SourceRecord]:
    with db.read() as conn:
        return source_store.list_sources(conn)
