"""The outbox worker: deliver due alerts at least once, retry with backoff, never lose one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.clock import utcnow
from monitor.errors import PermanentDeliveryError, TransientDeliveryError
from monitor.notify import Notifier
from storage import Database
from storage import outbox
from storage.records import AlertRecord

BASE_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 12  # about half a day of retries before an alert is declared dead


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


def deliver_due(
    db: Database,
    notifiers: Mapping[str, Notifier],
    now: Callable[[], datetime] = utcnow,
    limit: int = 100,
) -> DeliveryReport:
    """Claim due alerts (leased, so parallel workers do not double-send) and deliver them."""
    report = DeliveryReport()
    with db.transaction() as conn:
        due = outbox.claim_due(conn, now(), limit)
    for alert in due:
        _deliver_one(db, alert, notifiers.get(alert.channel), now(), report)
    return report


def _deliver_one(
    db: Database,
    alert: AlertRecord,
    notifier: Notifier | None,
    now: datetime,
    report: DeliveryReport,
) -> None:
    try:
        if notifier is None:
            raise PermanentDeliveryError(f"channel {alert.channel!r} is not configured")
        notifier.send(alert.payload, alert.idempotency_key)
    except PermanentDeliveryError as exc:
        _mark_dead(db, alert, str(exc), report)
    except TransientDeliveryError as exc:
        _retry_later(db, alert, str(exc), exc.retry_after, now, report)
    except Exception as exc:  # a notifier bug must not lose the alert: retry it later
        _retry_later(db, alert, f"{type(exc).__name__}: {exc}", None, now, report)
    else:
        with db.transaction() as conn:
            outbox.mark_sent(conn, alert.id, now)
        report.sent += 1


def _retry_later(
    db: Database,
    alert: AlertRecord,
    reason: str,
    retry_after: float | None,
    now: datetime,
    report: DeliveryReport,
) -> None:
    attempts = alert.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _mark_dead(db, alert, f"gave up after {attempts} attempts: {reason}", report)
        return
    next_at = now + backoff(attempts, retry_after)
    with db.transaction() as conn:
        outbox.mark_retry(conn, alert.id, next_attempt_at=next_at, error=reason)
    report.retried += 1
    report.errors.append(f"alert {alert.id} ({alert.channel}): {reason}")


def _mark_dead(db: Database, alert: AlertRecord, reason: str, report: DeliveryReport) -> None:
    with db.transaction() as conn:
        outbox.mark_dead(conn, alert.id, error=reason)
    report.dead += 1
    report.errors.append(f"alert {alert.id} ({alert.channel}) dead: {reason}")
