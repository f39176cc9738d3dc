"""When a source is polled next: backoff, Retry-After, novelty, jitter (pure functions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from support.records import molit_record

from scwatch.core.policy.polling import (
    ScheduleSettings,
    failure_delay,
    interval_factor,
    is_due,
    next_due,
    novelty,
    plan_delay,
    retry_after_in,
)
from scwatch.core.records import FetchRecord

NOW = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
SETTINGS = ScheduleSettings()
SOURCE = molit_record(last_attempt_at=NOW, last_success_at=NOW, last_new_at=NOW)


def fetches(*pairs: tuple[int, int], error: str | None = None) -> list[FetchRecord]:
    """(items, new_items) per fetch, newest first."""
    return [
        FetchRecord(n, "molit", SOURCE.url, NOW, NOW, 200, items, new, error)
        for n, (items, new) in enumerate(pairs)
    ]


def test_failures_double_the_interval_up_to_a_day() -> None:
    interval = timedelta(minutes=30)
    cap = timedelta(hours=24)
    delays = [failure_delay(interval, n, cap) for n in range(1, 8)]
    assert delays[:5] == [timedelta(minutes=30 * 2**n) for n in range(1, 6)]
    assert delays[5:] == [cap, cap]
    assert failure_delay(interval, 10_000, cap) == cap


def test_a_failing_source_is_never_planned_past_the_cap_even_with_jitter() -> None:
    failing = replace(SOURCE, failures=9, last_error="HTTP 500 Internal Server Error")
    latest = next_due(failing, [], NOW, SETTINGS, lambda: 0.999)
    assert latest - NOW == timedelta(hours=24)
    assert next_due(failing, [], NOW, SETTINGS, lambda: 0.0) - NOW < timedelta(hours=24)


def test_retry_after_from_the_last_error_is_honoured() -> None:
    assert retry_after_in("HTTP 429 Too Many Requests (Retry-After: 7200)") == timedelta(hours=2)
    assert retry_after_in("HTTP 500 Internal Server Error") == timedelta(0)
    busy = replace(
        SOURCE, failures=1, last_error="HTTP 503 Service Unavailable (Retry-After: 7200)"
    )
    assert plan_delay(busy, [], SETTINGS) == timedelta(hours=2)


def test_novelty_needs_a_few_successful_fetches() -> None:
    assert novelty(fetches((10, 5), (10, 5)), window=5) is None
    assert novelty(fetches((10, 5), (10, 5), (10, 5)), window=5) == pytest.approx(0.5)
    assert novelty(fetches((0, 0), (0, 0), (0, 0)), window=5) == 0.0  # 304s: nothing new
    assert novelty(fetches((10, 1), (10, 1), (10, 1), error="timed out"), window=5) is None


def test_interval_follows_novelty_within_bounds() -> None:
    busy = fetches((20, 20), (20, 15), (20, 18))
    steady = fetches((20, 2), (20, 2), (20, 2))
    quiet = fetches((0, 0), (20, 0), (0, 0), (0, 0))
    assert plan_delay(SOURCE, busy, SETTINGS) == timedelta(minutes=15)  # 0.5 ×
    assert plan_delay(SOURCE, steady, SETTINGS) == timedelta(minutes=30)
    assert plan_delay(SOURCE, quiet, SETTINGS) == timedelta(minutes=120)  # 4 ×
    assert plan_delay(SOURCE, fetches((20, 20)), SETTINGS) == timedelta(minutes=30)
    assert interval_factor(0.05, SETTINGS) == pytest.approx(2.0)


def test_jitter_spreads_within_the_configured_share() -> None:
    def fixed(value: float) -> Callable[[], float]:
        return lambda: value

    plans = [next_due(SOURCE, [], NOW, SETTINGS, fixed(r)) - NOW for r in (0.0, 0.5, 0.999)]
    assert plans[1] == timedelta(minutes=30)
    assert timedelta(minutes=27) <= plans[0] < plans[1] < plans[2] <= timedelta(minutes=33)


def test_due_when_never_planned_or_time_has_come() -> None:
    assert is_due(SOURCE, NOW)
    assert is_due(replace(SOURCE, next_due_at=NOW), NOW)
    assert not is_due(replace(SOURCE, next_due_at=NOW + timedelta(seconds=1)), NOW)


def test_settings_keep_the_factors_around_the_configured_interval() -> None:
    with pytest.raises(ValidationError):
        ScheduleSettings(min_factor=1.5)
    with pytest.raises(ValidationError):
        ScheduleSettings(max_factor=0.9)
    with pytest.raises(ValidationError):
        ScheduleSettings(unknown_key=1)  # type: ignore[call-arg]
