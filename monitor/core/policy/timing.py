"""When an alert is due: instantly, after quiet hours, or at the next digest slot (KST).
Pure functions of the rule and the current time."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from scwatch.core.clock import KST
from scwatch.core.models import Rule

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_clock(text: str) -> time:
    """'08:30' -> time(8, 30); ValueError for anything else."""
    found = _CLOCK.match(text.strip())
    if not found:
        raise ValueError(f"expected a KST time like '08:30', got {text!r}")
    return time(int(found.group(1)), int(found.group(2)))


def parse_window(text: str) -> tuple[time, time]:
    """'22:00-07:00' -> (22:00, 07:00); the window may wrap past midnight."""
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"expected a KST window like '22:00-07:00', got {text!r}")
    return parse_clock(start), parse_clock(end)


def next_digest_at(now: datetime, period: str, at: str) -> datetime:
    """The first digest slot strictly after `now` (UTC-aware in, UTC-aware out)."""
    local = now.astimezone(KST)
    if period == "hourly":
        slot = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    else:
        slot = datetime.combine(local.date(), parse_clock(at), tzinfo=KST)
        if slot <= local:
            slot += timedelta(days=1)
    return slot.astimezone(now.tzinfo)


def end_of_quiet_hours(now: datetime, window: str) -> datetime:
    """`now` when outside the quiet window, else the moment the window ends."""
    if not window:
        return now
    start, end = parse_window(window)
    local = now.astimezone(KST)
    clock = local.time()
    wraps = start > end
    inside = (clock >= start or clock < end) if wraps else (start <= clock < end)
    if not inside:
        return now
    ends = datetime.combine(local.date(), end, tzinfo=KST)
    if ends <= local:
        ends += timedelta(days=1)
    return ends.astimezone(now.tzinfo)


def first_due_at(rule: Rule, now: datetime) -> datetime:
    """When a new alert of this rule should first be attempted."""
    if rule.mode == "digest":
        return end_of_quiet_hours(
            next_digest_at(now, rule.digest, rule.digest_at), rule.quiet_hours
        )
    return end_of_quiet_hours(now, rule.quiet_hours)
