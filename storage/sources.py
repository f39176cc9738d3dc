"""Sources: configured fields mirrored from the config file, plus runtime state per fetch,
the scheduler's leases and lock, and the health incidents of each source."""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from scwatch.core.records import FetchRecord, FetchValues, IncidentRecord, SourceRecord
from scwatch.storage.conflicts import upsert
from scwatch.storage.db import Database
from scwatch.storage.tables import article_sightings, articles, fetches, source_incidents, sources

CONFIG_DEFAULTS: Mapping[str, Any] = {"name": "", "interval_minutes": 30, "enabled": True}
CONFIG_FIELDS = ("kind", "url", "name", "interval_minutes", "enabled")
# Fetch history: pruned down to KEEP_FETCHES rows once a source has more than PRUNE_AT, so the
# delete runs once every 70 fetches instead of on every fetch.
# What a source starts afresh with when its kind or URL changes: the old errors and feed
# validators belonged to another feed.
FRESH_STATE: Mapping[str, Any] = {
    "failures": 0,
    "last_error": None,
    "etag": None,
    "last_modified": None,
    "body_hash": None,
}
KEEP_FETCHES = 30
PRUNE_AT = 100


def sync_sources(conn: Connection, configured: Sequence[Mapping[str, Any]]) -> None:
    """Insert or update each configured source by slug (runtime state untouched, unless its
    kind or URL changed) and disable sources that are no longer configured, keeping their
    history."""
    for source in configured:
        values = {"slug": source["slug"], "kind": source["kind"], "url": source["url"]}
        changed = or_(sources.c.kind != values["kind"], sources.c.url != values["url"])
        conn.execute(
            update(sources).where(sources.c.slug == values["slug"], changed).values(**FRESH_STATE)
        )
        values.update({key: source.get(key, default) for key, default in CONFIG_DEFAULTS.items()})
        conn.execute(upsert(conn, sources, key=["slug"], update=CONFIG_FIELDS), values)
    slugs = [source["slug"] for source in configured]
    conn.execute(update(sources).where(sources.c.slug.not_in(slugs)).values(enabled=False))


def record_fetch(conn: Connection, values: FetchValues) -> int:
    """Store one fetch and fold it into the source's state; returns the fetch id.

    The source's state only changes when the slug is known (sync_sources ran).
    """
    row = {key: value for key, value in asdict(values).items() if key in fetches.c}
    fetch_id = int(conn.execute(insert(fetches).values(row).returning(fetches.c.id)).scalar_one())
    state = _state_after(conn, values)
    if state:
        conn.execute(update(sources).where(sources.c.slug == values.source).values(**state))
    _prune_fetches(conn, values.source)
    return fetch_id


def _state_after(conn: Connection, fetch: FetchValues) -> dict[str, Any]:
    interval = conn.execute(
        select(sources.c.interval_minutes).where(sources.c.slug == fetch.source)
    ).scalar_one_or_none()
    if interval is None:
        return {}
    state: dict[str, Any] = {
        "last_attempt_at": fetch.started_at,
        "next_due_at": fetch.finished_at + timedelta(minutes=interval),
    }
    if fetch.error is not None:
        state.update(failures=sources.c.failures + 1, last_error=fetch.error)
        return state
    if fetch.full_fetch is not None:
        polls = 0 if fetch.full_fetch else sources.c.polls_since_full + 1
        state["polls_since_full"] = polls
    state.update(last_success_at=fetch.finished_at, failures=0, last_error=None)
    if fetch.new_items > 0:
        state["last_new_at"] = fetch.finished_at
    validators = {
        "etag": fetch.etag,
        "last_modified": fetch.last_modified,
        "body_hash": fetch.body_hash,
    }
    state.update({key: value for key, value in validators.items() if value is not None})
    return state


def _prune_fetches(conn: Connection, slug: str) -> None:
    count = conn.execute(
        select(func.count()).select_from(fetches).where(fetches.c.source == slug)
    ).scalar_one()
    if count <= PRUNE_AT:
        return
    newest = (
        select(fetches.c.id)
        .where(fetches.c.source == slug)
        .order_by(fetches.c.started_at.desc(), fetches.c.id.desc())
        .limit(KEEP_FETCHES)
    )
    conn.execute(delete(fetches).where(fetches.c.source == slug, fetches.c.id.not_in(newest)))


def list_sources(conn: Connection) -> list[SourceRecord]:
    rows = conn.execute(select(sources).order_by(sources.c.slug))
    return [SourceRecord(**row._asdict()) for row in rows]


def get_source(conn: Connection, slug: str) -> SourceRecord | None:
    row = conn.execute(select(sources).where(sources.c.slug == slug)).first()
    return SourceRecord(**row._asdict()) if row else None


def recent_fetches(conn: Connection, slug: str, limit: int = 30) -> list[FetchRecord]:
    """Newest first."""
    query = (
        select(fetches)
        .where(fetches.c.source == slug)
        .order_by(fetches.c.started_at.desc(), fetches.c.id.desc())
        .limit(limit)
    )
    return [FetchRecord(**row._asdict()) for row in conn.execute(query)]


# --- Scheduling state (migration 0002) ---------------------------------------------------


def set_next_due(conn: Connection, slug: str, next_due_at: datetime) -> None:
    """The scheduler's plan for the source's next crawl (backoff and adaptive interval)."""
    conn.execute(update(sources).where(sources.c.slug == slug).values(next_due_at=next_due_at))


def claim_sources(
    conn: Connection, slugs: Sequence[str], *, owner: str, now: datetime, until: datetime
) -> list[str]:
    """Lease the enabled sources among `slugs` to `owner` until `until`; returns the slugs
    claimed. A source leased to another owner whose lease has not expired is left out, so two
    schedulers on one database never crawl the same source at once."""
    if not slugs:
        return []
    free = or_(
        sources.c.lease_owner.is_(None),
        sources.c.lease_until.is_(None),
        sources.c.lease_until < now,
        _held_by(owner),
    )
    chosen = sources.c.slug.in_(list(slugs))
    conn.execute(
        update(sources)
        .where(chosen, sources.c.enabled.is_(True), free)
        .values(lease_owner=owner, lease_until=until)
    )
    claimed = select(sources.c.slug).where(chosen, _held_by(owner))
    return sorted(conn.execute(claimed).scalars())


def _held_by(owner: str) -> ColumnElement[bool]:
    """Leased to `owner`, with or without its crawler's pid (`owner:PID`, note_crawler)."""
    return or_(
        sources.c.lease_owner == owner,
        sources.c.lease_owner.startswith(f"{owner}:", autoescape=True),
    )


def note_crawler(conn: Connection, slugs: Sequence[str], *, owner: str, pid: int) -> None:
    """Record the pid of the crawler that now crawls `slugs` in their leases (`owner:PID`),
    so the next scheduler can tell whether that crawl still runs."""
    if slugs:
        conn.execute(
            update(sources)
            .where(sources.c.slug.in_(list(slugs)), _held_by(owner))
            .values(lease_owner=f"{owner}:{pid}")
        )


def list_leases(conn: Connection) -> dict[str, str]:
    """Every leased source's slug and lease owner."""
    rows = conn.execute(
        select(sources.c.slug, sources.c.lease_owner).where(sources.c.lease_owner.is_not(None))
    )
    return {slug: str(owner) for slug, owner in rows}


def clear_leases(conn: Connection, slugs: Sequence[str] | None = None) -> int:
    """Drop the leases of `slugs` (default: every lease). Only for the holder of the scheduler
    lock, for leases whose crawl is known to be over."""
    query = update(sources).where(sources.c.lease_owner.is_not(None))
    if slugs is not None:
        query = query.where(sources.c.slug.in_(list(slugs)))
    cleared = conn.execute(query.values(lease_owner=None, lease_until=None))
    return int(cleared.rowcount or 0)


def release_sources(conn: Connection, slugs: Sequence[str], *, owner: str) -> None:
    if slugs:
        conn.execute(
            update(sources)
            .where(sources.c.slug.in_(list(slugs)), _held_by(owner))
            .values(lease_owner=None, lease_until=None)
        )


def start_watching(conn: Connection, now: datetime) -> None:
    """Note when health watching began for sources that have no such moment yet."""
    conn.execute(update(sources).where(sources.c.watched_since.is_(None)).values(watched_since=now))


def story_times(conn: Connection, slug: str, limit: int = 20) -> list[tuple[datetime, datetime]]:
    """(stored at, published at) of the source's newest stories: its articles and its
    sightings of stories first stored from elsewhere, newest first. Without a publication
    date, the time it was stored stands in."""
    own = (
        select(
            articles.c.first_seen_at,
            func.coalesce(articles.c.published_at, articles.c.first_seen_at),
        )
        .where(articles.c.source == slug)
        .order_by(articles.c.first_seen_at.desc())
        .limit(limit)
    )
    seen = (
        select(article_sightings.c.seen_at, article_sightings.c.seen_at)
        .where(article_sightings.c.source == slug)
        .order_by(article_sightings.c.seen_at.desc())
        .limit(limit)
    )
    rows = [(row[0], row[1]) for query in (own, seen) for row in conn.execute(query)]
    return sorted(rows, reverse=True)[:limit]


# --- Health incidents --------------------------------------------------------------------


def open_incidents(conn: Connection) -> list[IncidentRecord]:
    query = (
        select(source_incidents)
        .where(source_incidents.c.closed_at.is_(None))
        .order_by(source_incidents.c.id)
    )
    return [IncidentRecord(**row._asdict()) for row in conn.execute(query)]


def open_incident(
    conn: Connection, *, source: str, kind: str, opened_at: datetime, detail: str = ""
) -> int:
    values = {"source": source, "kind": kind, "opened_at": opened_at, "detail": detail}
    stmt = insert(source_incidents).values(values).returning(source_incidents.c.id)
    return int(conn.execute(stmt).scalar_one())


def close_incident(conn: Connection, incident_id: int, closed_at: datetime) -> None:
    conn.execute(
        update(source_incidents)
        .where(source_incidents.c.id == incident_id)
        .values(closed_at=closed_at)
    )


# --- One scheduler per database ----------------------------------------------------------

# Any constant works; it only has to be the same in every scwatch process.
_PG_SCHEDULER_LOCK = 0x5C_5C4E


class SchedulerLock:
    """Held while a scheduler runs; released by release() or when the process dies (a file
    lock next to the SQLite file, a session advisory lock on PostgreSQL)."""

    def __init__(self, release: Callable[[], None]) -> None:
        self._release: Callable[[], None] | None = release

    def release(self) -> None:
        release = self._release
        if release is not None:
            self._release = None
            release()


def acquire_scheduler_lock(db: Database) -> SchedulerLock | None:
    """The database's scheduler lock, or None when another process holds it."""
    if db.backend == "postgresql":
        return _advisory_lock(db)
    database = db.url.database
    if not database or database == ":memory:":
        return SchedulerLock(lambda: None)
    return _file_lock(Path(f"{database}.scheduler.lock"))


def _file_lock(path: Path) -> SchedulerLock | None:
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return SchedulerLock(handle.close)


def _advisory_lock(db: Database) -> SchedulerLock | None:
    conn = db.engine.connect()
    try:
        held = conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": _PG_SCHEDULER_LOCK})
        got = bool(held.scalar_one())
        conn.commit()
    except Exception:
        conn.close()
        raise
    if not got:
        conn.close()
        return None

    def release() -> None:
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_SCHEDULER_LOCK})
            conn.commit()
        finally:
            conn.close()

    return SchedulerLock(release)
