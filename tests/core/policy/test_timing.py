"""Digest slots and quiet hours are computed in KST whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scwatch.core.models import Rule
from scwatch.core.policy.timing import (
    end_of_quiet_hours,
    first_due_at,
    next_digest_at,
    parse_window,
)


def utc(hour: int, minute: int = 0, day: int = 8) -> datetime:
    return datetime(2024, 11, day, hour, minute, tzinfo=UTC)


def test_daily_digest_slot_is_the_next_kst_time() -> None:
    # 23:00 UTC on the 7th is 08:00 KST on the 8th: the 08:30 slot is 30 minutes away.
    assert next_digest_at(utc(23, day=7), "daily", "08:30") == utc(23, 30, day=7)
    # 00:00 UTC is 09:00 KST, past the slot: tomorrow 08:30 KST.
    assert next_digest_at(utc(0), "daily", "08:30") == utc(23, 30, day=8)


def test_hourly_digest_slot_is_the_next_top_of_the_hour() -> None:
    assert next_digest_at(utc(5, 10), "hourly", "08:30") == utc(6)
    assert next_digest_at(utc(5, 0), "hourly", "08:30") == utc(6)


def test_digest_windows_split_at_kst_midnight() -> None:
    # 14:59 UTC = 23:59 KST; 15:00 UTC = 00:00 KST next day.
    assert next_digest_at(utc(14, 59), "daily", "00:00") == utc(15)
    assert next_digest_at(utc(15), "daily", "00:00") == utc(15, day=9)


def test_quiet_hours_hold_alerts_until_the_window_ends() -> None:
    # 14:00 UTC = 23:00 KST, inside 22:00-07:00 KST: due at 07:00 KST = 22:00 UTC.
    assert end_of_quiet_hours(utc(14), "22:00-07:00") == utc(22)
    # 03:00 UTC = 12:00 KST: outside, due now.
    assert end_of_quiet_hours(utc(3), "22:00-07:00") == utc(3)
    assert end_of_quiet_hours(utc(3), "") == utc(3)


def test_instant_rule_with_quiet_hours_and_digest_rule() -> None:
    instant = Rule("r", "q", quiet_hours="22:00-07:00")
    assert first_due_at(instant, utc(14)) == utc(22)
    digest = Rule("r", "q", mode="digest", digest="daily", digest_at="09:00")
    assert first_due_at(digest, utc(1)) == utc(0, day=9)


@pytest.mark.parametrize("bad", ["7-9", "25:00-07:00", "22:00"])
def test_bad_windows_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_window(bad)
