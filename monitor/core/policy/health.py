"""Source health: is each source crawled on time, succeeding, still publishing?

Statuses, most urgent first:
- FAILING: the last `fail_threshold` fetches or more failed in a row;
- LATE: its next crawl is overdue by more than `late_after_minutes` (one never crawled counts
  from when the scheduler began watching it): the scheduler is not running or is behind, so
  its other signals are stale;
- SILENT: nothing new for longer than its usual cadence allows: `silent_factor` × the median
  gap between its newest stories, and at least `silent_min_days`;
- RETRYING: its last fetch failed, fewer than `fail_threshold` times in a row (shown, not
  alerted: one bad fetch is not an incident);
- NEW: configured but never crawled yet (and not overdue);
- OK; DISABLED for sources switched off in the configuration.

`source_status` is the one decision: `scwatch sources list`, `sources health` and the
incidents all read it.

FAILING and SILENT are incidents: each raises one alert per channel through the alert outbox
when it opens and one recovery notice when it closes (rule "source-health:<slug>").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scwatch.core.records import SourceRecord

Status = Literal["OK", "NEW", "RETRYING", "LATE", "FAILING", "SILENT", "DISABLED"]
IncidentKind = Literal["FAILING", "SILENT"]
HEALTH_RULE_PREFIX = "source-health:"
RECOVERY_SUFFIX = "/recovered"
STORIES_FOR_CADENCE = 20


class HealthSettings(BaseModel):
    """`[health]`: when a source counts as failing, late or silent, and who is told."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fail_threshold: Annotated[int, Field(ge=1, le=100)] = 3
    silent_factor: Annotated[float, Field(ge=1, le=100)] = 3.0
    silent_min_days: Annotated[float, Field(gt=0, le=365)] = 2.0
    late_after_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 15
    check_every_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 5
    # Channel names for health alerts; None: every configured channel.
    channels: list[str] | None = None


@dataclass(frozen=True)
class SourceHealth:
    slug: str
    name: str
    kind: str
    url: str
    status: Status
    last_success_at: datetime | None
    last_new_at: datetime | None
    failures: int
    next_due_at: datetime | None
    last_error: str | None
    # How long the source may stay quiet before it counts as SILENT, and how long it has.
    silent_after: timedelta
    quiet_for: timedelta | None = None
    failing: bool = False  # FAILING incident warranted
    silent: bool = False  # SILENT incident warranted (not failing, not late)
    quiet: bool = False  # nothing new for too long, whatever else is wrong


@dataclass
class HealthReport:
    sources: list[SourceHealth] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)  # "FAILING molit"
    closed: list[str] = field(default_factory=list)
    alerts: int = 0


def median_gap(published: Sequence[datetime]) -> timedelta | None:
    """The median time between consecutive stories; None with fewer than three."""
    ordered = sorted(published)
    gaps = sorted((later - earlier).total_seconds() for earlier, later in pairwise(ordered))
    if len(gaps) < 2:
        return None
    # The median by hand: the statistics module (fractions, decimal) costs more to import
    # than every health check of a run takes.
    middle = len(gaps) // 2
    seconds = gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2
    return timedelta(seconds=seconds)


def silence_allowed(published: Sequence[datetime], settings: HealthSettings) -> timedelta:
    floor = timedelta(days=settings.silent_min_days)
    gap = median_gap(published)
    return max(floor, gap * settings.silent_factor) if gap is not None else floor


def assess(
    source: SourceRecord,
    stories: Sequence[tuple[datetime, datetime]],
    now: datetime,
    settings: HealthSettings,
) -> SourceHealth:
    """The health of one source from its stored state and its newest stories (pure)."""
    stored = [at for at, _ in stories]
    last_new = max([at for at in [source.last_new_at, *stored] if at is not None], default=None)
    allowed = silence_allowed([published for _, published in stories], settings)
    quiet_since = last_new or source.watched_since
    quiet_for = now - quiet_since if quiet_since is not None else None
    quiet = quiet_for is not None and quiet_for > allowed
    status = source_status(source, now, settings, quiet=quiet)
    return SourceHealth(
        slug=source.slug,
        name=source.name or source.slug,
        kind=source.kind,
        url=source.url,
        status=status,
        last_success_at=source.last_success_at,
        last_new_at=last_new,
        failures=source.failures,
        next_due_at=source.next_due_at,
        last_error=source.last_error,
        silent_after=allowed,
        quiet_for=quiet_for,
        failing=status == "FAILING",
        silent=status == "SILENT",
        quiet=source.enabled and quiet,
    )


def source_status(
    source: SourceRecord, now: datetime, settings: HealthSettings, *, quiet: bool = False
) -> Status:
    """The most urgent status that applies to a source's stored state (`quiet`: nothing new
    for longer than its cadence allows)."""
    if not source.enabled:
        return "DISABLED"
    if source.failures >= settings.fail_threshold:
        return "FAILING"
    due = source.next_due_at or source.watched_since
    if due is not None and now - due > timedelta(minutes=settings.late_after_minutes):
        return "LATE"
    if source.last_attempt_at is None:
        return "NEW"
    if quiet:
        return "SILENT"
    # Failed lately, not yet an incident: shown, not alerted.
    return "RETRYING" if source.failures else "OK"


def incident_resolved(health: SourceHealth, kind: IncidentKind) -> bool:
    """A FAILING incident ends with a success; a SILENT one when something new arrived.
    A source switched off ends its incidents too, without a notice (its owner knows)."""
    if health.status == "DISABLED":
        return True
    return not health.failing if kind == "FAILING" else not health.quiet


def incident_detail(health: SourceHealth, kind: IncidentKind) -> str:
    if kind == "FAILING":
        return f"{health.failures} failures in a row — last error: {health.last_error or 'unknown'}"
    quiet = span_text(health.quiet_for or health.silent_after)
    usual = f"usual limit {span_text(health.silent_after)}"
    if health.last_new_at is None:
        return f"nothing new in the {quiet} since watching began ({usual})"
    return f"nothing new for {quiet} ({usual})"


def recovery_text(kind: IncidentKind, lasted: timedelta) -> str:
    what = "fetched successfully again" if kind == "FAILING" else "publishing again"
    return f"{what} after {span_text(lasted)}"


def span_text(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{max(hours, 0):.1f} h"


def health_payload(
    health: SourceHealth, incident_id: int, status: str, title: str, rule: str, now: datetime
) -> dict[str, Any]:
    """An alert payload the notifiers render like a story: title, source, link, time."""
    return {
        "rule": rule,
        "mode": "instant",
        "kind": "source-health",
        "status": status,
        "incident_id": incident_id,
        "title": title,
        "url": health.url,
        "source": health.slug,
        "source_name": health.name,
        "first_seen_at": now.isoformat(),
        "failures": health.failures,
        "last_error": health.last_error,
        "evidence": [],
    }
