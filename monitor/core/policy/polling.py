"""When to poll a source next: backoff after failures, an interval that follows novelty,
jitter. Pure functions of the source's stored state and the current time; no I/O.

The `[schedule]` table of scwatch.toml is ScheduleSettings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from scwatch.core.records import FetchRecord, SourceRecord

# The share of new items per poll that keeps the configured interval: more novelty polls
# sooner, less polls later (within min_factor..max_factor of the interval).
TARGET_NOVELTY = 0.1
# Fewer successful fetches than this say nothing about a source's pace yet.
MIN_FETCHES_FOR_NOVELTY = 3
_RETRY_AFTER = re.compile(r"Retry-After:\s*(\d+)\b")


class ScheduleSettings(BaseModel):
    """`[schedule]`: how `scwatch run` paces the crawls."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tick_seconds: Annotated[int, Field(ge=1, le=600)] = 15
    jitter: Annotated[float, Field(ge=0, le=0.5)] = 0.1
    backoff_cap_hours: Annotated[float, Field(gt=0, le=168)] = 24
    min_factor: Annotated[float, Field(gt=0, le=1)] = 0.5
    max_factor: Annotated[float, Field(ge=1, le=100)] = 4.0
    novelty_window: Annotated[int, Field(ge=1, le=30)] = 5
    full_fetch_every: Annotated[int, Field(ge=1, le=1000)] = 10
    crawl_timeout_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 30
    parallel_crawls: Annotated[int, Field(ge=1, le=8)] = 2
    deliver_every_seconds: Annotated[int, Field(ge=5, le=3600)] = 60
    deliver_budget_seconds: Annotated[int, Field(ge=1, le=3600)] = 300

    @property
    def backoff_cap(self) -> timedelta:
        return timedelta(hours=self.backoff_cap_hours)

    @property
    def crawl_timeout(self) -> timedelta:
        return timedelta(minutes=self.crawl_timeout_minutes)

    @property
    def deliver_budget(self) -> timedelta:
        return timedelta(seconds=self.deliver_budget_seconds)


def novelty(fetches: Sequence[FetchRecord], window: int) -> float | None:
    """Mean share of new items over the last `window` successful fetches (newest first in
    `fetches`); an unchanged feed (304, same body) counts as nothing new. None: too few."""
    recent = [fetch for fetch in fetches if fetch.error is None][:window]
    if len(recent) < min(window, MIN_FETCHES_FOR_NOVELTY):
        return None
    shares = [min(1.0, fetch.new_items / fetch.items) if fetch.items else 0.0 for fetch in recent]
    return sum(shares) / len(shares)


def interval_factor(share: float | None, settings: ScheduleSettings) -> float:
    """How much to stretch (>1) or shrink (<1) the configured interval."""
    if share is None:
        return 1.0
    if share <= 0:
        return settings.max_factor
    return min(settings.max_factor, max(settings.min_factor, TARGET_NOVELTY / share))


def failure_delay(interval: timedelta, failures: int, cap: timedelta) -> timedelta:
    """interval × 2^failures, never more than the cap."""
    if failures <= 0:
        return interval
    doublings = min(failures, 32)  # 2^32 intervals is past any cap; avoids huge numbers
    return min(interval * (2**doublings), cap)


def retry_after_in(error: str | None) -> timedelta:
    """The Retry-After a server sent with the last failure (as the fetch log words it)."""
    found = _RETRY_AFTER.search(error or "")
    return timedelta(seconds=int(found.group(1))) if found else timedelta(0)


def plan_delay(
    source: SourceRecord, fetches: Sequence[FetchRecord], settings: ScheduleSettings
) -> timedelta:
    """The delay before the next poll, before jitter."""
    interval = timedelta(minutes=source.interval_minutes)
    if source.failures:
        backoff = failure_delay(interval, source.failures, settings.backoff_cap)
        return min(max(backoff, retry_after_in(source.last_error)), settings.backoff_cap)
    return interval * interval_factor(novelty(fetches, settings.novelty_window), settings)


def next_due(
    source: SourceRecord,
    fetches: Sequence[FetchRecord],
    now: datetime,
    settings: ScheduleSettings,
    random: Callable[[], float],
) -> datetime:
    """When the source is due again: the planned delay ± jitter (random() in [0, 1)),
    never sooner than one tick; a failing source never later than the backoff cap."""
    delay = plan_delay(source, fetches, settings)
    spread = delay * settings.jitter * (2 * random() - 1)
    total = max(delay + spread, timedelta(seconds=settings.tick_seconds))
    if source.failures:
        total = min(total, max(settings.backoff_cap, timedelta(seconds=settings.tick_seconds)))
    return now + total


def is_due(source: SourceRecord, now: datetime) -> bool:
    """Due: never planned (new source) or its planned time has come."""
    return source.next_due_at is None or source.next_due_at <= now
