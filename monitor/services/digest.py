"""Empty digests, for rules that ask for them (`send_empty = true`): at each digest slot
with no story, say so, so silence means "nothing happened", not "scwatch is down".
Stories themselves travel through the outbox (scwatch.services.deliver)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from scwatch.core.errors import DeliveryError
from scwatch.core.models import Rule
from scwatch.core.policy.timing import end_of_quiet_hours, next_digest_at
from scwatch.notify import Notifier
from scwatch.services.deliver import digest_payload
from scwatch.storage import Database, outbox


def slots_between(rule: Rule, start: datetime, end: datetime) -> list[datetime]:
    """Moments in (start, end] when a digest of the rule goes out: each slot, moved past
    quiet hours the same way its stories are (scwatch.core.policy.timing.first_due_at)."""
    moments, slot = [], next_digest_at(start - timedelta(days=1), rule.digest, rule.digest_at)
    while slot <= end:
        due = end_of_quiet_hours(slot, rule.quiet_hours)
        if start < due <= end:
            moments.append(due)
        slot = next_digest_at(slot, rule.digest, rule.digest_at)
    return moments


def send_empty_digests(
    db: Database,
    notifiers: Mapping[str, Notifier],
    rules: Sequence[Rule],
    since: datetime,
    now: datetime,
) -> list[str]:
    """Send "no new stories" for each digest slot in (since, now] that carried none.
    Returns what was sent or failed, for the log; a failure is not retried (nothing is lost)."""
    log = []
    for rule in rules:
        if rule.mode != "digest" or not rule.send_empty:
            continue
        for slot in slots_between(rule, since, now)[-1:]:
            log += _send_if_empty(db, notifiers, rule, slot)
    return log


def _send_if_empty(
    db: Database, notifiers: Mapping[str, Notifier], rule: Rule, slot: datetime
) -> list[str]:
    log = []
    for channel in rule.channels:
        with db.read() as conn:
            sent = outbox.sent_count(
                conn, rule=rule.name, channel=channel, since=slot - timedelta(minutes=1)
            )
        notifier = notifiers.get(channel)
        if sent or notifier is None:
            continue
        try:
            notifier.send(digest_payload(rule.name, []), f"empty|{rule.name}|{slot.isoformat()}")
            log.append(f"empty digest for {rule.name} on {channel}")
        except DeliveryError as exc:
            log.append(f"empty digest for {rule.name} on {channel} failed: {exc}")
    return log
