"""Sources: configured fields mirrored from the config file, plus runtime state per fetch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from storage.conflicts import upsert
from storage.records import FetchRecord, FetchValues, SourceRecord
from storage.tables import fetches, sources

CONFIG_DEFAULTS: Mapping[str, Any] = {"name": "", "interval_minutes": 30, "enabled": True}
CONFIG_FIELDS = ("kind", "url", "name", "interval_minutes", "enabled")
# Fetch history: pruned down to KEEP_FETCHES rows once a source has more than PRUNE_AT, so the
# delete runs once every 70 fetches instead of on every fetch.
KEEP_FETCHES = 30
PRUNE_AT = 100


def sync_sources(conn: Connection, configured: Sequence[Mapping[str, Any]]) -> None:
    """Insert or update each configured source by slug (runtime state untouched) and disable
    sources that are no longer configured, keeping their history."""
    for source in configured:
        values = {"slug": source["slug"], "kind": source["kind"], "url": source["url"]}
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
