"""Source-health incidents: assess every source, open and close FAILING and SILENT
incidents, and queue one alert per channel when one opens and one when it closes.

The judgement itself is pure (scwatch.core.policy.health); this module reads the sources and
writes incidents and alerts, in one transaction per check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from scwatch.core.clock import utcnow
from scwatch.core.policy.health import (
    HEALTH_RULE_PREFIX,
    RECOVERY_SUFFIX,
    STORIES_FOR_CADENCE,
    HealthReport,
    HealthSettings,
    IncidentKind,
    SourceHealth,
    assess,
    health_payload,
    incident_detail,
    incident_resolved,
    recovery_text,
)
from scwatch.core.records import IncidentRecord, SourceRecord
from scwatch.storage import Connection, Database, outbox
from scwatch.storage import sources as source_store


def assess_all(
    db: Database,
    settings: HealthSettings,
    now: datetime | None = None,
    sources: Sequence[SourceRecord] | None = None,
) -> list[SourceHealth]:
    """The health of `sources` (default: every stored source). Read-only."""
    moment = now or utcnow()
    with db.read() as conn:
        records = source_store.list_sources(conn) if sources is None else sources
        return [
            assess(s, source_store.story_times(conn, s.slug, STORIES_FOR_CADENCE), moment, settings)
            for s in records
        ]


def check_health(
    db: Database,
    settings: HealthSettings,
    channels: Iterable[str],
    now: Callable[[], datetime] = utcnow,
) -> HealthReport:
    """Open and close incidents; each opening and closing queues one alert per channel."""
    moment = now()
    with db.transaction() as conn:
        source_store.start_watching(conn, moment)
    report = HealthReport(sources=assess_all(db, settings, moment))
    targets = _channels(settings, channels)
    with db.transaction() as conn:
        opened = {(i.source, i.kind): i for i in source_store.open_incidents(conn)}
        for health in report.sources:
            _update_incidents(conn, health, opened, targets, moment, report)
    return report


def _channels(settings: HealthSettings, configured: Iterable[str]) -> list[str]:
    known = list(configured)
    if settings.channels is None:
        return known
    return [name for name in settings.channels if name in known]


def _update_incidents(
    conn: Connection,
    health: SourceHealth,
    opened: dict[tuple[str, IncidentKind], IncidentRecord],
    channels: Sequence[str],
    now: datetime,
    report: HealthReport,
) -> None:
    active: dict[IncidentKind, bool] = {"FAILING": health.failing, "SILENT": health.silent}
    for kind, is_active in active.items():
        incident = opened.get((health.slug, kind))
        if is_active and incident is None:
            detail = incident_detail(health, kind)
            incident_id = source_store.open_incident(
                conn, source=health.slug, kind=kind, opened_at=now, detail=detail
            )
            title = f"[{kind}] {health.name}: {detail}"
            report.alerts += _notify(conn, health, incident_id, kind, title, "", channels, now)
            report.opened.append(f"{kind} {health.slug}")
        elif incident is not None and incident_resolved(health, kind):
            source_store.close_incident(conn, incident.id, now)
            report.closed.append(f"{kind} {health.slug}")
            if health.status == "DISABLED":
                continue  # switched off on purpose: no recovery to announce
            title = f"[OK] {health.name}: {recovery_text(kind, now - incident.opened_at)}"
            report.alerts += _notify(
                conn, health, incident.id, "OK", title, RECOVERY_SUFFIX, channels, now
            )


def _notify(
    conn: Connection,
    health: SourceHealth,
    incident_id: int,
    status: str,
    title: str,
    rule_suffix: str,
    channels: Sequence[str],
    now: datetime,
) -> int:
    rule = f"{HEALTH_RULE_PREFIX}{health.slug}{rule_suffix}"
    payload = health_payload(health, incident_id, status, title, rule, now)
    queued = 0
    for channel in channels:
        alert_id = outbox.enqueue_alert(
            conn,
            rule=rule,
            cluster_id=incident_id,
            article_id=0,
            channel=channel,
            payload=payload,
            created_at=now,
        )
        queued += alert_id is not None
    return queued
