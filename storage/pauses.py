"""Channel pauses: a receiver that answered 429 or 503 is left alone until the time it asked
for, by every worker, also one started later in another process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Row

from scwatch.core.records import ChannelPause
from scwatch.storage.conflicts import upsert
from scwatch.storage.tables import channel_pauses


def pause_channel(
    conn: Connection, channel: str, *, until: datetime, strikes: int, reason: str, now: datetime
) -> None:
    """Pause `channel` until `until` (replacing an earlier pause of it)."""
    stmt = upsert(
        conn,
        channel_pauses,
        key=["channel"],
        update=["paused_until", "strikes", "reason", "paused_at"],
    )
    values = {
        "channel": channel,
        "paused_until": until,
        "strikes": strikes,
        "reason": reason,
        "paused_at": now,
    }
    conn.execute(stmt, values)


def get_pause(conn: Connection, channel: str) -> ChannelPause | None:
    """The channel's pause, also one that has ended (its strikes still count)."""
    row = conn.execute(select(channel_pauses).where(channel_pauses.c.channel == channel)).first()
    return _to_record(row) if row else None


def list_pauses(conn: Connection, *, active_at: datetime | None = None) -> list[ChannelPause]:
    """Every stored pause by channel name; only those still running at `active_at` if given."""
    query = select(channel_pauses).order_by(channel_pauses.c.channel)
    if active_at is not None:
        query = query.where(channel_pauses.c.paused_until > active_at)
    return [_to_record(row) for row in conn.execute(query)]


def clear_pause(conn: Connection, channel: str) -> None:
    """The channel took a delivery again: forget its pause and its strikes."""
    conn.execute(delete(channel_pauses).where(channel_pauses.c.channel == channel))


def _to_record(row: Row[Any]) -> ChannelPause:
    return ChannelPause(**row._asdict())
