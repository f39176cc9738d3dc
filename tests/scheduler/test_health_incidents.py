"""Source health incidents, driven through the scheduler: one alert per incident, one
recovery notice, and how the channels render a health alert (the statuses themselves:
tests/core/policy/test_health.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from support.scheduling import Clock, FakeCrawler

from scwatch.core.records import AlertRecord
from scwatch.notify.email import render_alert
from scwatch.notify.render import render_text
from scwatch.notify.slack import build_slack_message
from scwatch.scheduler.service import SchedulerService
from scwatch.services.runtime import Runtime
from scwatch.storage import outbox
from scwatch.storage import sources as source_store


def health_alerts(runtime: Runtime) -> list[AlertRecord]:
    with runtime.db.read() as conn:
        found = outbox.list_alerts(conn, limit=1000)
    return sorted(
        (a for a in found if a.rule.startswith("source-health:")),
        key=lambda a: (a.created_at, a.id),
    )


def service_for(
    runtime: Runtime, clock: Clock, crawler: FakeCrawler, tmp_path: Path
) -> SchedulerService:
    return SchedulerService(
        runtime.config, runtime.db, log_dir=tmp_path, runner=crawler, clock=clock, rng=lambda: 0.5
    )


def crawl(service: SchedulerService, *slugs: str) -> None:
    service.poller.enqueue(*slugs)
    service.poller.dispatch()


def failed_three_times(
    runtime: Runtime, clock: Clock, tmp_path: Path, error: str
) -> SchedulerService:
    """feed-0 failed three crawls in a row with `error`; the health check has run since."""
    crawler = FakeCrawler(runtime, clock, outcome={"feed-0": (0, 0, error)})
    service = service_for(runtime, clock, crawler, tmp_path)
    for _ in range(3):
        crawl(service, "feed-0")
    service.check()
    return service


def test_failing_raises_one_alert_per_channel_and_one_recovery(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    error = "HTTP 500 Internal Server Error"
    crawler = FakeCrawler(runtime, clock, outcome={"feed-0": (0, 0, error)})
    service = service_for(runtime, clock, crawler, tmp_path)
    for _ in range(2):
        crawl(service, "feed-0")
        assert service.check().opened == []
    for _ in range(3):  # the third failure in a row opens the incident, later ones repeat nothing
        crawl(service, "feed-0")
        service.check()
    alerts = health_alerts(runtime)
    assert [(a.rule, a.channel) for a in alerts] == [
        ("source-health:feed-0", "console"),
        ("source-health:feed-0", "audit"),
    ]
    assert alerts[0].payload["title"] == (
        "[FAILING] 시험 피드 0: 3 failures in a row — last error: HTTP 500 Internal Server Error"
    )
    assert alerts[0].payload["url"] == "http://127.0.0.1:9/feed-0.xml"

    crawler.outcome.clear()
    crawl(service, "feed-0")
    report = service.check()
    assert report.closed == ["FAILING feed-0"]
    service.check()
    recovered = health_alerts(runtime)[2:]
    assert [(a.rule, a.channel) for a in recovered] == [
        ("source-health:feed-0/recovered", "console"),
        ("source-health:feed-0/recovered", "audit"),
    ]
    assert recovered[0].payload["title"].startswith("[OK] 시험 피드 0: fetched successfully again")
    assert recovered[0].cluster_id == alerts[0].cluster_id  # the same incident


def test_a_second_incident_alerts_again(runtime: Runtime, clock: Clock, tmp_path: Path) -> None:
    crawler = FakeCrawler(runtime, clock)
    service = service_for(runtime, clock, crawler, tmp_path)
    for outcome in ("fail", "ok", "fail"):
        crawler.outcome = {"feed-1": (0, 0, "timed out")} if outcome == "fail" else {}
        for _ in range(3 if outcome == "fail" else 1):
            crawl(service, "feed-1")
            service.check()
    rules = [a.rule for a in health_alerts(runtime) if a.channel == "console"]
    assert rules == [
        "source-health:feed-1",
        "source-health:feed-1/recovered",
        "source-health:feed-1",
    ]


def test_silent_raises_one_alert_and_one_recovery(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    crawler = FakeCrawler(runtime, clock, outcome={"feed-2": (10, 0, None)})
    service = service_for(runtime, clock, crawler, tmp_path)
    crawl(service, "feed-2")
    service.check()  # watching begins
    opened: list[str] = []
    while clock.now < datetime(2025, 3, 6, tzinfo=UTC):  # three days of polls, nothing new
        planned = {s.slug: s for s in service.poller.sources()}["feed-2"].next_due_at
        assert planned is not None
        clock.now = planned
        crawl(service, "feed-2")
        opened += service.check().opened
    assert opened == ["SILENT feed-2"]
    [alert] = [a for a in health_alerts(runtime) if a.channel == "console"]
    assert alert.payload["title"].startswith("[SILENT] 시험 피드 2: nothing new in the 2.0 days")

    crawler.outcome["feed-2"] = (10, 2, None)
    clock.advance(hours=2)
    crawl(service, "feed-2")
    assert service.check().closed == ["SILENT feed-2"]
    titles = [a.payload["title"] for a in health_alerts(runtime) if a.channel == "console"]
    assert titles[1].startswith("[OK] 시험 피드 2: publishing again")


def test_health_alerts_are_delivered_and_read_well(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    service = failed_three_times(runtime, clock, tmp_path, "HTTP 404 Not Found")
    assert service.deliver().sent == 2
    [line] = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    payload = json.loads(line)
    assert payload["status"] == "FAILING" and payload["source"] == "feed-0"

    text = render_text(payload)
    assert "[FAILING] 시험 피드 0: 3 failures in a row — last error: HTTP 404 Not Found" in text
    assert "http://127.0.0.1:9/feed-0.xml" in text and "None" not in text
    slack = json.dumps(build_slack_message(payload), ensure_ascii=False)
    assert "3 failures in a row" in slack and "feed-0.xml" in slack
    mail = render_alert(payload)
    assert "3 failures in a row" in mail.subject + mail.text
    assert "feed-0.xml" in mail.html


def test_a_disabled_source_ends_its_incident_quietly(
    runtime: Runtime, clock: Clock, tmp_path: Path
) -> None:
    service = failed_three_times(runtime, clock, tmp_path, "timed out")
    with runtime.db.transaction() as conn:
        source_store.sync_sources(
            conn, [{"slug": "feed-1", "kind": "rss", "url": "http://127.0.0.1:9/feed-1.xml"}]
        )
    assert service.check().closed == ["FAILING feed-0"]
    assert [a.rule for a in health_alerts(runtime)] == ["source-health:feed-0"] * 2
