"""Source bookkeeping services: which URLs are stored, the fetch log, config sync."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from scwatch.core.models import Source
from scwatch.core.records import FetchValues, SourceRecord, SourceSummary
from scwatch.core.text.keys import url_key
from scwatch.storage import Database
from scwatch.storage import articles as article_store
from scwatch.storage import sources as source_store

# One fetch of a source (feed or list page), as the spiders report it.
FetchLog = FetchValues


def known_urls(db: Database, urls: Sequence[str]) -> set[str]:
    """The subset of `urls` already stored (by canonical URL key, sightings included)."""
    keys = {url: url_key(url) for url in urls}
    with db.read() as conn:
        stored = article_store.known_url_keys(conn, set(keys.values()))
    return {url for url, key in keys.items() if key in stored}


def record_fetch(db: Database, log: FetchLog) -> None:
    with db.transaction() as conn:
        source_store.record_fetch(conn, log)


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


def write_summaries(path: Path, summaries: Sequence[SourceSummary]) -> None:
    """The crawl's per-source summary as JSON, for the process that started the crawl."""
    path.write_text(json.dumps([asdict(s) for s in summaries], ensure_ascii=False), "utf-8")


def read_summaries(path: Path) -> list[SourceSummary]:
    """What write_summaries wrote; nothing when the crawl ended before writing it."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [SourceSummary(**row) for row in rows]
