"""Source health from stored state: OK, RETRYING, FAILING, LATE, SILENT and DISABLED, and
silence judged against the source's own cadence (pure functions)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from support.records import molit_record

from scwatch.core.policy.health import HealthSettings, assess, median_gap, silence_allowed

NOW = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
SETTINGS = HealthSettings()
HEALTHY = molit_record(
    last_attempt_at=NOW - timedelta(minutes=10),
    last_success_at=NOW - timedelta(minutes=10),
    last_new_at=NOW - timedelta(hours=5),
    next_due_at=NOW + timedelta(minutes=20),
    watched_since=NOW - timedelta(days=30),
)


def daily(count: int, last: datetime) -> list[tuple[datetime, datetime]]:
    return [(last - timedelta(days=n), last - timedelta(days=n)) for n in range(count)]


def test_statuses_from_stored_state() -> None:
    stories = daily(10, NOW - timedelta(hours=5))
    assert assess(HEALTHY, stories, NOW, SETTINGS).status == "OK"
    failing = replace(HEALTHY, failures=3, last_error="HTTP 500 Internal Server Error")
    assert assess(failing, stories, NOW, SETTINGS).status == "FAILING"
    assert assess(replace(HEALTHY, failures=2), stories, NOW, SETTINGS).status == "RETRYING"  # shown, not an incident
    late = replace(HEALTHY, next_due_at=NOW - timedelta(hours=1))
    assert assess(late, stories, NOW, SETTINGS).status == "LATE"
    never = replace(HEALTHY, last_attempt_at=None, next_due_at=None)
    assert assess(never, [], NOW, SETTINGS).status == "LATE"  # watched for 30 days
    just_added = replace(never, watched_since=None)
    assert assess(just_added, [], NOW, SETTINGS).status == "NEW"
    assert assess(replace(just_added, enabled=False), [], NOW, SETTINGS).status == "DISABLED"
    assert assess(replace(HEALTHY, enabled=False), stories, NOW, SETTINGS).status == "DISABLED"


def test_silence_is_judged_against_the_source_cadence() -> None:
    # A story a day: three quiet days are allowed, four are not.
    stories = daily(10, NOW - timedelta(days=3, hours=1))
    assert silence_allowed([p for _, p in stories], SETTINGS) == timedelta(days=3)
    quiet = replace(HEALTHY, last_new_at=stories[0][0])
    assert assess(quiet, stories, NOW, SETTINGS).status == "SILENT"
    assert assess(quiet, stories, NOW - timedelta(hours=2), SETTINGS).status == "OK"
    # Many stories an hour: the two-day floor applies.
    busy = [(NOW - timedelta(hours=n), NOW - timedelta(hours=n)) for n in range(20)]
    assert silence_allowed([p for _, p in busy], SETTINGS) == timedelta(days=2)
    assert median_gap([NOW]) is None
