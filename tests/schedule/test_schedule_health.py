"""Source health: statuses, one alert per incident, one recovery notice, and how the
channels render a health alert."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from schedule_helpers import Clock, FakeCrawler

from scwatch.core.policy.health import HealthSettings, assess, median_gap, silence_allowed
from scwatch.core.records import AlertRecord, SourceRecord
from scwatch.notify.email import render_alert
from scwatch.notify.render import render_text
from scwatch.notify.slack import build_slack_message
from scwatch.scheduler.service import SchedulerService
from scwatch.services.runtime import Runtime
from scwatch.storage import outbox
from scwatch.storage import sources as source_store

NOW = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
SETTINGS = HealthSettings()
HEALTHY = SourceRecord(
    id=1,
    slug="molit",
    kind="rss",
    url="https://molit.example.kr/rss",
    name="국토교통부",
    interval_minutes=30,
    enabled=True,
    etag=None,
    last_modified=None,
    body_hash=None,
    last_attempt_at=NOW - timedelta(minutes=10),
    last_success_at=NOW - timedelta(minutes=10),
    last_new_at=NOW - timedelta(hours=5),
    failures=0,
    next_due_at=NOW + timedelta(minutes=20),
    last_error=None,
    watched_since=NOW - timedelta(days=30),
)


def daily(count: int, last: datetime) -> list[tuple[datetime, datetime]]:
    return [(last - timedelta(days=n), last - timedelta(days=n)) for n in range(count)]


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


def test_statuses_from_stored_state() -> None:
    stories = daily(10, NOW - timedelta(hours=5))
    assert assess(HEALTHY, stories, NOW, SETTINGS).status == "OK"
    failing = replace(HEALTHY, failures=3, last_error="HTTP 500 Internal Server Error")
    assert assess(failing, stories, NOW, SETTINGS).status == "FAILING"
    assert assess(replace(HEALTHY, failures=2), stories, NOW, SETTINGS).status == "RETRYING"  # shown, not an incident
    late = replace(HEALTHY, next_due_at=NOW - timedelta(hours=1))
    assert assess(late, stories, NOW, SETTINGS).status == "LATE"
    never = replace(HEALTHY, last_attempt_at=None, next_due_at=None)
    assert assess(never, [], NOW, SETTINGS).status == "LATE"
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
    crawler = FakeCrawler(runtime, clock, outcome={"feed-0": (0, 0, "HTTP 404 Not Found")})
    service = service_for(runtime, clock, crawler, tmp_path)
    for _ in range(3):
        crawl(service, "feed-0")
    service.check()
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
    crawler = FakeCrawler(runtime, clock, outcome={"feed-0": (0, 0, "timed out")})
    service = service_for(runtime, clock, crawler, tmp_path)
    for _ in range(3):
        crawl(service, "feed-0")
    service.check()
    with runtime.db.transaction() as conn:
        source_store.sync_sources(
            conn, [{"slug": "feed-1", "kind": "rss", "url": "http://127.0.0.1:9/feed-1.xml"}]
        )
    assert service.check().closed == ["FAILING feed-0"]
    assert [a.rule for a in health_alerts(runtime)] == ["source-health:feed-0"] * 2
