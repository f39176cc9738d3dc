"""The outbox worker: deliver due alerts at least once, retry with backoff, never lose one.

One call drains the whole due queue, batch after batch, within a time budget. Instant
alerts go out one by one; digest alerts that fall due together are sent as one message per
(channel, rule), listing each story once. Claimed alerts are leased to the worker for a
minute and the lease is renewed while it sends (services.lease): a killed worker's alerts
come back within about a minute. A receiver answering 429 or 503 pauses its channel for
every worker (services.pacing); the other channels go on.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scwatch.core.clock import utcnow
from scwatch.core.errors import (
    ChannelNotReadyError,
    ChannelThrottledError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from scwatch.core.records import AlertRecord
from scwatch.notify import Notifier
from scwatch.services.lease import LeaseKeeper, worker_id
from scwatch.services.pacing import Pacing, pause_channel, until_text, wait_for_next
from scwatch.storage import Database, outbox, pauses
from scwatch.storage import outlets as outlet_store

BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 16  # 1+2+4+8+16+32 min, then hourly: about 10 hours before an alert is dead
CHANNEL_WAIT = timedelta(minutes=10)  # re-check a channel whose secret is missing

__all__ = [
    "MAX_ATTEMPTS",
    "DeliveryReport",
    "Pacing",
    "backoff",
    "batches",
    "deliver_due",
    "digest_payload",
    "retry_alert",
]


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)
    paused: dict[str, datetime] = field(default_factory=dict)  # channel -> paused until


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """Exponential delay after the n-th failed attempt; Retry-After wins when longer."""
    delay = min(BASE_DELAY * (2 ** max(0, attempts - 1)), MAX_DELAY)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return delay


def batches(alerts: Sequence[AlertRecord]) -> list[list[AlertRecord]]:
    """Instant alerts alone; digest alerts grouped per (channel, rule), oldest first."""
    groups: dict[tuple[str, str], list[AlertRecord]] = {}
    single: list[list[AlertRecord]] = []
    for alert in alerts:
        if alert.payload.get("mode") == "digest":
            groups.setdefault((alert.channel, alert.rule), []).append(alert)
        else:
            single.append([alert])
    return single + list(groups.values())


def digest_payload(rule: str, items: Sequence[Mapping[str, object]]) -> dict[str, object]:
    """One message for several stories of a rule; notifiers render `items` as a list."""
    return {
        "digest": True,
        "rule": rule,
        "title": f"{rule}: {len(items)} new stor{'y' if len(items) == 1 else 'ies'}",
        "count": len(items),
        "items": list(items),
    }


def deliver_due(
    db: Database,
    notifiers: Mapping[str, Notifier],
    now: Callable[[], datetime] = utcnow,
    pacing: Pacing | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """Deliver every due alert: claim a batch (leased, so parallel workers do not
    double-send), send it, and again until nothing is due or the time budget is spent.
    Past the budget, the claimed alerts not tried yet are released for the next run."""
    pacing = pacing or Pacing()
    worker = _Worker(db, notifiers, now, pacing)
    with LeaseKeeper(db, worker.owner, lease=pacing.lease, every=pacing.renew_every, now=now):
        while not worker.over_budget():
            with db.transaction() as conn:
                due = outbox.claim_due(
                    conn, now(), pacing.batch, lease=pacing.lease, owner=worker.owner
                )
            if due:
                worker.send(due)
            elif not wait_for_next(db, now, sleep):
                break
    return worker.report


@dataclass
class _Worker:
    db: Database
    notifiers: Mapping[str, Notifier]
    now: Callable[[], datetime]
    pacing: Pacing
    owner: str = field(default_factory=worker_id)
    report: DeliveryReport = field(default_factory=DeliveryReport)
    # Channels with a stored pause (maybe ended): a delivery that goes through clears it.
    struck: set[str] = field(init=False)
    deferred: set[int] = field(default_factory=set)  # of this batch, moved on by a pause
    tried: int = 0
    started: float = field(default_factory=time.monotonic)
    deadline: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = self.now() + self.pacing.budget
        with self.db.read() as conn:
            self.struck = {pause.channel for pause in pauses.list_pauses(conn)}

    def over_budget(self) -> bool:
        """Past the budget (real time, or the injected clock's); a run tries one at least."""
        spent = time.monotonic() - self.started
        late = spent >= self.pacing.budget.total_seconds() or self.now() >= self.deadline
        return late and self.tried > 0

    def send(self, due: Sequence[AlertRecord]) -> None:
        outlets = _other_outlets(self.db, due)
        self.deferred.clear()  # a later claim of a deferred alert is a fresh one
        for batch in batches(due):
            if any(alert.id in self.deferred for alert in batch):
                continue  # its channel paused meanwhile: these alerts wait for the pause
            if self.over_budget():
                with self.db.transaction() as conn:
                    outbox.release_leases(conn, self.owner, self.now())
                return
            payload, key = _message(batch, outlets)
            self.tried += 1
            self.deliver(batch, payload, key)

    def deliver(self, batch: list[AlertRecord], payload: Mapping[str, object], key: str) -> None:
        db, report, now = self.db, self.report, self.now()
        channel = batch[0].channel
        try:
            notifier = self.notifiers.get(channel)
            if notifier is None:
                raise PermanentDeliveryError(f"channel {channel!r} is not configured")
            notifier.send(payload, key)
        except PermanentDeliveryError as exc:
            _mark_dead(db, batch, str(exc), report)
        except ChannelNotReadyError as exc:
            _wait_for_channel(db, batch, str(exc), now, report)
        except ChannelThrottledError as exc:
            tried = [alert.id for alert in batch]
            until, moved = pause_channel(
                db, channel, str(exc), exc.retry_after, now, self.pacing, self.owner, tried
            )
            self.deferred.update(moved)
            report.paused[channel] = until
            report.errors.append(f"channel {channel!r} paused until {until_text(until)}")
            self.struck.add(channel)
            _retry_later(db, batch, str(exc), until, report)
        except TransientDeliveryError as exc:
            attempts = _next_attempt(batch)
            _retry_later(db, batch, str(exc), now + backoff(attempts, exc.retry_after), report)
        except Exception as exc:  # a notifier bug must not lose the alert: retry it later
            reason = f"{type(exc).__name__}: {exc}"
            _retry_later(db, batch, reason, now + backoff(_next_attempt(batch)), report)
        else:
            self.sent(batch, now)

    def sent(self, batch: list[AlertRecord], now: datetime) -> None:
        channel = batch[0].channel
        with self.db.transaction() as conn:
            for alert in sorted(batch, key=lambda a: a.id):
                outbox.mark_sent(conn, alert.id, now)
            if channel in self.struck:
                pauses.clear_pause(conn, channel)
        self.struck.discard(channel)
        self.report.sent += len(batch)


def _other_outlets(db: Database, alerts: Sequence[AlertRecord]) -> dict[int, int]:
    """How many other outlets ran each alerted story, counted at delivery so a digest or a
    retried alert reports the copies that arrived meanwhile ("also in N outlets")."""
    with db.read() as conn:
        return {
            a.id: outlet_store.other_outlets(conn, a.cluster_id, str(a.payload.get("source", "")))
            for a in alerts
        }


def _message(batch: list[AlertRecord], outlets: Mapping[int, int]) -> tuple[dict[str, object], str]:
    items = [{**a.payload, "also_in": outlets.get(a.id, 0)} for a in batch]
    if len(batch) == 1 and batch[0].payload.get("mode") != "digest":
        return items[0], batch[0].idempotency_key
    keys = "|".join(sorted(a.idempotency_key for a in batch))
    return digest_payload(batch[0].rule, items), hashlib.sha256(keys.encode()).hexdigest()[:32]


def _next_attempt(batch: Sequence[AlertRecord]) -> int:
    return max(alert.attempts for alert in batch) + 1


def _retry_later(
    db: Database,
    batch: list[AlertRecord],
    reason: str,
    next_at: datetime,
    report: DeliveryReport,
) -> None:
    attempts = _next_attempt(batch)
    if attempts >= MAX_ATTEMPTS:
        _mark_dead(db, batch, f"gave up after {attempts} attempts: {reason}", report)
        return
    with db.transaction() as conn:
        for alert in sorted(batch, key=lambda a: a.id):
            outbox.mark_retry(conn, alert.id, next_attempt_at=next_at, error=reason)
    report.retried += len(batch)
    report.errors.append(f"{len(batch)} alert(s) on {batch[0].channel}: {reason}")


def _wait_for_channel(
    db: Database, batch: list[AlertRecord], reason: str, now: datetime, report: DeliveryReport
) -> None:
    with db.transaction() as conn:
        for alert in sorted(batch, key=lambda a: a.id):
            outbox.mark_retry(
                conn,
                alert.id,
                next_attempt_at=now + CHANNEL_WAIT,
                error=reason,
                count_attempt=False,
            )
    report.retried += len(batch)
    report.errors.append(f"{len(batch)} alert(s) on {batch[0].channel} waiting: {reason}")


def _mark_dead(db: Database, batch: list[AlertRecord], reason: str, report: DeliveryReport) -> None:
    with db.transaction() as conn:
        for alert in sorted(batch, key=lambda a: a.id):
            outbox.mark_dead(conn, alert.id, error=reason)
    report.dead += len(batch)
    report.errors.append(f"{len(batch)} alert(s) on {batch[0].channel} dead: {reason}")


def retry_alert(db: Database, alert_id: int, now: datetime) -> bool:
    """Queue a dead or pending alert for delivery at `now`; False when there is none."""
    with db.transaction() as conn:
        return outbox.retry_alert(conn, alert_id, now)
