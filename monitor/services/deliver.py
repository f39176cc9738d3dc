"""The outbox worker: deliver due alerts at least once, retry with backoff, never lose one.

Instant alerts go out one by one; digest alerts that fall due together are sent as one
message per (channel, rule), listing each story once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scwatch.core.clock import utcnow
from scwatch.core.errors import (
    ChannelNotReadyError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from scwatch.core.records import AlertRecord
from scwatch.notify import Notifier
from scwatch.storage import Database, outbox
from scwatch.storage import outlets as outlet_store

BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 16  # 1+2+4+8+16+32 min, then hourly: about 10 hours before an alert is dead
# A claimed alert is leased to this worker long enough for every send in the batch to hit
# its deadline (15-30 s), so a second worker never re-claims one that is still being sent.
LEASE_PER_ALERT = timedelta(seconds=40)
CHANNEL_WAIT = timedelta(minutes=10)  # re-check a channel whose secret is missing


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


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
    limit: int = 25,
) -> DeliveryReport:
    """Claim due alerts (leased, so parallel workers do not double-send) and deliver them."""
    report = DeliveryReport()
    with db.transaction() as conn:
        due = outbox.claim_due(conn, now(), limit, lease=LEASE_PER_ALERT * limit)
    if not due:
        return report
    outlets = _other_outlets(db, due)
    for batch in batches(due):
        payload, key = _message(batch, outlets)
        _deliver(db, batch, notifiers.get(batch[0].channel), payload, key, now(), report)
    return report


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


def _deliver(
    db: Database,
    batch: list[AlertRecord],
    notifier: Notifier | None,
    payload: Mapping[str, object],
    key: str,
    now: datetime,
    report: DeliveryReport,
) -> None:
    channel = batch[0].channel
    try:
        if notifier is None:
            raise PermanentDeliveryError(f"channel {channel!r} is not configured")
        notifier.send(payload, key)
    except PermanentDeliveryError as exc:
        _mark_dead(db, batch, str(exc), report)
    except ChannelNotReadyError as exc:
        _wait_for_channel(db, batch, str(exc), now, report)
    except TransientDeliveryError as exc:
        _retry_later(db, batch, str(exc), exc.retry_after, now, report)
    except Exception as exc:  # a notifier bug must not lose the alert: retry it later
        _retry_later(db, batch, f"{type(exc).__name__}: {exc}", None, now, report)
    else:
        with db.transaction() as conn:
            for alert in batch:
                outbox.mark_sent(conn, alert.id, now)
        report.sent += len(batch)


def _retry_later(
    db: Database,
    batch: list[AlertRecord],
    reason: str,
    retry_after: float | None,
    now: datetime,
    report: DeliveryReport,
) -> None:
    attempts = max(alert.attempts for alert in batch) + 1
    if attempts >= MAX_ATTEMPTS:
        _mark_dead(db, batch, f"gave up after {attempts} attempts: {reason}", report)
        return
    next_at = now + backoff(attempts, retry_after)
    with db.transaction() as conn:
        for alert in batch:
            outbox.mark_retry(conn, alert.id, next_attempt_at=next_at, error=reason)
    report.retried += len(batch)
    report.errors.append(f"{len(batch)} alert(s) on {batch[0].channel}: {reason}")


def _wait_for_channel(
    db: Database, batch: list[AlertRecord], reason: str, now: datetime, report: DeliveryReport
) -> None:
    with db.transaction() as conn:
        for alert in batch:
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
        for alert in batch:
            outbox.mark_dead(conn, alert.id, error=reason)
    report.dead += len(batch)
    report.errors.append(f"{len(batch)} alert(s) on {batch[0].channel} dead: {reason}")


def retry_alert(db: Database, alert_id: int, now: datetime) -> bool:
    """Queue a dead or pending alert for delivery at `now`; False when there is none."""
    with db.transaction() as conn:
        return outbox.retry_alert(conn, alert_id, now)
