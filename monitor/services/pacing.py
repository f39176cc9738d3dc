"""How fast the outbox worker goes: batch size, time budget, leases, and channel pauses.

A receiver answering 429 or 503 speaks for the whole channel: the channel is paused, in the
database so that every worker (another process, the next run) respects it, until the time
the receiver asked for (Retry-After, seconds or an HTTP-date) or, without one, 1, 2, 4 ...
minutes for pauses in a row, never over an hour. Its other waiting alerts are not tried and
not charged an attempt; they fall due one `resume_spacing` apart after the pause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from scwatch.core.clock import format_kst
from scwatch.storage import Database, outbox, pauses

PAUSE_BASE = timedelta(minutes=1)  # a 429/503 without Retry-After, the first time
MAX_PAUSE = timedelta(hours=1)  # a receiver asking for longer is asked again in an hour
MIN_PAUSE = timedelta(seconds=1)
# With nothing due now, the worker waits for an alert falling due this soon (a paused
# channel's alerts coming back one by one) instead of leaving it to the next run.
WAIT_HORIZON = timedelta(seconds=5)


@dataclass(frozen=True)
class Pacing:
    """One delivery run: claim `batch` alerts at a time until the queue is empty or
    `budget` has passed; leases of `lease`, renewed every `renew_every` seconds."""

    batch: int = 50
    budget: timedelta = timedelta(minutes=5)
    lease: timedelta = outbox.DEFAULT_LEASE
    renew_every: float = outbox.DEFAULT_LEASE.total_seconds() / 3
    resume_spacing: timedelta = timedelta(seconds=1)


def pause_length(strikes: int, retry_after: float | None) -> timedelta:
    """Retry-After when the receiver gave one, else 1, 2, 4 ... minutes; within 1 s..1 h."""
    if retry_after is not None:
        wait = timedelta(seconds=retry_after)
    else:
        wait = PAUSE_BASE * 2 ** min(max(strikes - 1, 0), 16)
    return min(MAX_PAUSE, max(MIN_PAUSE, wait))


def pause_channel(
    db: Database,
    channel: str,
    reason: str,
    retry_after: float | None,
    now: datetime,
    pacing: Pacing,
    owner: str,
    tried: Sequence[int] = (),
) -> tuple[datetime, list[int]]:
    """Pause `channel` and spread its waiting alerts (all but `tried`) after the pause;
    returns the end of the pause and the alerts moved."""
    with db.transaction() as conn:
        previous = pauses.get_pause(conn, channel)
        strikes = (previous.strikes if previous else 0) + 1
        until = now + pause_length(strikes, retry_after)
        pauses.pause_channel(conn, channel, until=until, strikes=strikes, reason=reason, now=now)
        note = f"not tried: channel {channel!r} paused until {until_text(until)} ({reason})"
        moved = outbox.defer_channel(
            conn,
            channel,
            start=until,
            spacing=pacing.resume_spacing,
            reason=note,
            owner=owner,
            exclude=tried,
        )
    return until, moved


def until_text(moment: datetime) -> str:
    return format_kst(moment, "%Y-%m-%d %H:%M:%S")


def wait_for_next(
    db: Database, now: Callable[[], datetime], sleep: Callable[[float], None]
) -> bool:
    """Nothing is due now: wait for the next alert if it falls due within WAIT_HORIZON.
    False when there is none that soon (or the clock did not move: a test's frozen clock)."""
    before = now()
    with db.read() as conn:
        due = outbox.next_due_at(conn, before)
    if due is None or due - before > WAIT_HORIZON:
        return False
    sleep(max(0.0, (due - before).total_seconds()))
    return now() > before
