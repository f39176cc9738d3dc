"""The alert outbox: alerts are queued in the ingest transaction and delivered later.

Delivery is at-least-once: a worker claims due alerts (a lease), sends them outside any
transaction, then marks each one sent, retry or dead in a short transaction of its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection, Row

from scwatch.core.records import AlertRecord, AlertStatus
from scwatch.storage.conflicts import insert_or_ignore
from scwatch.storage.tables import alerts, channel_pauses, clusters

# A claimed alert is hidden from other workers this long; if the worker dies it comes back.
# A live worker renews the lease while it sends (services.lease), so it can stay short.
DEFAULT_LEASE = timedelta(seconds=60)


def idempotency_key(rule: str, cluster_id: int, channel: str) -> str:
    """Stable per (rule, story, channel): receivers can drop repeats of an at-least-once send."""
    return hashlib.sha256(f"{rule}|{cluster_id}|{channel}".encode()).hexdigest()[:32]


def enqueue_alert(
    conn: Connection,
    *,
    rule: str,
    cluster_id: int,
    article_id: int,
    channel: str,
    payload: dict[str, Any],
    created_at: datetime,
    due_at: datetime | None = None,
) -> int | None:
    """Queue one alert, due at `due_at` (default: now; later for digests and quiet hours).
    None when this (rule, cluster, channel) alert already exists."""
    values = {
        "rule": rule,
        "cluster_id": cluster_id,
        "article_id": article_id,
        "channel": channel,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": due_at or created_at,
        "created_at": created_at,
        "idempotency_key": idempotency_key(rule, cluster_id, channel),
        "payload": json.dumps(payload, ensure_ascii=False, default=str),
    }
    stmt = insert_or_ignore(conn, alerts, returning=alerts.c.id)
    new_id = conn.execute(stmt, values).scalar_one_or_none()
    return int(new_id) if new_id is not None else None


def claim_due(
    conn: Connection,
    now: datetime,
    limit: int,
    lease: timedelta = DEFAULT_LEASE,
    owner: str | None = None,
) -> list[AlertRecord]:
    """Pending alerts due at `now` on channels not paused, oldest first, leased to `owner`
    until now + lease so that a second worker does not send them too. Call in its own
    transaction and commit before sending."""
    paused = select(channel_pauses.c.channel).where(channel_pauses.c.paused_until > now)
    query = (
        select(alerts.c.id)
        .where(
            alerts.c.status == "pending",
            alerts.c.next_attempt_at <= now,
            alerts.c.channel.not_in(paused),
        )
        .order_by(alerts.c.created_at, alerts.c.id)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        # SQLite serialises writers with BEGIN IMMEDIATE; PostgreSQL needs row locks.
        query = query.with_for_update(skip_locked=True)
    ids = list(conn.execute(query).scalars())
    if not ids:
        return []
    conn.execute(
        update(alerts)
        .where(alerts.c.id.in_(ids))
        .values(next_attempt_at=now + lease, lease_owner=owner)
    )
    claimed = select(alerts).where(alerts.c.id.in_(ids)).order_by(alerts.c.created_at, alerts.c.id)
    return [_to_record(row) for row in conn.execute(claimed)]


def renew_leases(conn: Connection, owner: str, until: datetime) -> int:
    """Extend the lease of every alert `owner` still holds; how many it holds."""
    held = select(alerts.c.id).where(alerts.c.lease_owner == owner, alerts.c.status == "pending")
    if conn.dialect.name == "postgresql":
        # Rows being marked right now are skipped (they are done): the renewal never waits
        # for the worker's own marking transaction, so the two cannot deadlock.
        held = held.order_by(alerts.c.id).with_for_update(skip_locked=True)
    ids = list(conn.execute(held).scalars())
    if ids:
        conn.execute(update(alerts).where(alerts.c.id.in_(ids)).values(next_attempt_at=until))
    return len(ids)


def release_leases(conn: Connection, owner: str, now: datetime) -> int:
    """Give back what `owner` holds but did not try (due again at `now`, no attempt)."""
    result = conn.execute(
        update(alerts)
        .where(alerts.c.lease_owner == owner, alerts.c.status == "pending")
        .values(lease_owner=None, next_attempt_at=now)
    )
    return result.rowcount


def next_due_at(conn: Connection, now: datetime) -> datetime | None:
    """When the next pending alert can be claimed (maybe already): on a channel not paused
    at its next attempt time, on a paused one when the pause ends."""
    paused = select(channel_pauses.c.channel).where(channel_pauses.c.paused_until > now)
    free = select(func.min(alerts.c.next_attempt_at)).where(
        alerts.c.status == "pending", alerts.c.channel.not_in(paused)
    )
    waiting = select(alerts.c.channel).where(alerts.c.status == "pending")
    resumes = select(func.min(channel_pauses.c.paused_until)).where(
        channel_pauses.c.paused_until > now, channel_pauses.c.channel.in_(waiting)
    )
    found = [conn.execute(query).scalar_one_or_none() for query in (free, resumes)]
    return min((moment for moment in found if moment is not None), default=None)


def defer_channel(
    conn: Connection,
    channel: str,
    *,
    start: datetime,
    spacing: timedelta,
    reason: str,
    owner: str | None = None,
    exclude: Sequence[int] = (),
) -> list[int]:
    """Move the channel's pending alerts due before `start` and those `owner` holds (but
    `exclude`) to `start + spacing`, `start + 2 × spacing`, ... (oldest first), so that
    they do not all fall due at one moment. Their attempts are not counted (they were not
    tried); alerts leased by another worker are left alone. Returns the ids moved."""
    query = (
        select(alerts.c.id)
        .where(
            alerts.c.channel == channel,
            alerts.c.status == "pending",
            # The caller's own claimed alerts, and those of nobody due before `start`.
            (alerts.c.lease_owner == owner)
            | (alerts.c.lease_owner.is_(None) & (alerts.c.next_attempt_at < start)),
            alerts.c.id.not_in(list(exclude)),
        )
        .order_by(alerts.c.created_at, alerts.c.id)
    )
    ids = list(conn.execute(query).scalars())
    if not ids:
        return []
    stmt = (
        update(alerts)
        .where(alerts.c.id == bindparam("alert_id"))
        .values(next_attempt_at=bindparam("due"), lease_owner=None, last_error=reason)
    )
    slots = [{"alert_id": i, "due": start + spacing * n} for n, i in enumerate(ids, start=1)]
    conn.execute(stmt, slots)
    return ids


def mark_sent(conn: Connection, alert_id: int, now: datetime) -> None:
    """Delivered. Each mark_* call counts one delivery attempt."""
    _set(conn, alert_id, status="sent", sent_at=now, last_error=None)


def mark_retry(
    conn: Connection,
    alert_id: int,
    *,
    next_attempt_at: datetime,
    error: str,
    count_attempt: bool = True,
) -> None:
    """Failed but worth retrying at `next_attempt_at`. A channel that is not set up yet
    (count_attempt=False) waits without using up the alert's attempts."""
    values: dict[str, Any] = {
        "status": "pending",
        "next_attempt_at": next_attempt_at,
        "last_error": error,
    }
    if not count_attempt:
        values["attempts"] = alerts.c.attempts
    _set(conn, alert_id, **values)


def mark_dead(conn: Connection, alert_id: int, *, error: str) -> None:
    """Failed for good; only retry_alert (an operator) brings it back."""
    _set(conn, alert_id, status="dead", last_error=error)


def _set(conn: Connection, alert_id: int, **values: Any) -> None:
    conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id)
        .values(**{"attempts": alerts.c.attempts + 1, "lease_owner": None, **values})
    )


def retry_alert(conn: Connection, alert_id: int, now: datetime) -> bool:
    """Make a dead or pending alert due now with a fresh attempt count. False when the alert
    does not exist or was already sent."""
    result = conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.status.in_(("dead", "pending")))
        .values(status="pending", next_attempt_at=now, attempts=0, lease_owner=None)
    )
    return result.rowcount > 0


def list_alerts(
    conn: Connection, status: AlertStatus | None = None, limit: int = 50
) -> list[AlertRecord]:
    """Newest first."""
    query = select(alerts).order_by(alerts.c.created_at.desc(), alerts.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(alerts.c.status == status)
    return [_to_record(row) for row in conn.execute(query)]


def get_alert(conn: Connection, alert_id: int) -> AlertRecord | None:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    return _to_record(row) if row else None


def count_alerts(conn: Connection, status: AlertStatus | None = None) -> int:
    query = select(func.count()).select_from(alerts)
    if status is not None:
        query = query.where(alerts.c.status == status)
    return int(conn.execute(query).scalar_one())


def _to_record(row: Row[Any]) -> AlertRecord:
    values = row._asdict()
    values.pop("lease_owner", None)  # the worker's business, not the alert's
    return AlertRecord(**{**values, "payload": json.loads(row.payload)})


def sent_count(conn: Connection, *, rule: str, channel: str, since: datetime) -> int:
    """How many alerts of this rule went out on this channel since a moment."""
    query = (
        select(func.count())
        .select_from(alerts)
        .where(
            alerts.c.rule == rule,
            alerts.c.channel == channel,
            alerts.c.status == "sent",
            alerts.c.sent_at >= since,
        )
    )
    return int(conn.execute(query).scalar_one())


def count_alerts_for(conn: Connection, *, rule: str, channel: str, status: AlertStatus) -> int:
    """Alerts of one rule on one channel in a status (e.g. digest stories still pending)."""
    query = (
        select(func.count())
        .select_from(alerts)
        .where(alerts.c.rule == rule, alerts.c.channel == channel, alerts.c.status == status)
    )
    return int(conn.execute(query).scalar_one())


def payload_for(
    conn: Connection, *, rule: str, cluster_id: int, channel: str
) -> dict[str, Any] | None:
    """The payload of the story's alert for (rule, channel), or None when there is none.
    A story merged into this one counts as this story: its alert was this story's alert."""
    family = story_family(conn, cluster_id)
    query = (
        select(alerts.c.payload)
        .where(alerts.c.rule == rule, alerts.c.cluster_id.in_(family), alerts.c.channel == channel)
        .order_by(alerts.c.id)
        .limit(1)
    )
    raw = conn.execute(query).scalar_one_or_none()
    return json.loads(raw) if raw is not None else None


def story_family(conn: Connection, story_id: int) -> list[int]:
    """The story and every story merged into it, directly or through another merge."""
    family, frontier = [story_id], [story_id]
    while frontier:
        query = select(clusters.c.id).where(clusters.c.merged_into.in_(frontier))
        frontier = [row[0] for row in conn.execute(query) if row[0] not in family]
        family += frontier
    return family


def alerts_for_story(conn: Connection, cluster_id: int) -> list[AlertRecord]:
    """Every alert of one story (and of stories merged into it), oldest first."""
    family = story_family(conn, cluster_id)
    query = select(alerts).where(alerts.c.cluster_id.in_(family)).order_by(alerts.c.id)
    return [_to_record(row) for row in conn.execute(query)]
