"""Ingest stores each story once and queues one alert per (rule, story, channel);
the outbox worker delivers at least once and never loses an alert."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.articles import make_article

from scwatch.core.errors import PermanentDeliveryError, TransientDeliveryError
from scwatch.core.models import Article, Channel, Rule
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules
from scwatch.notify import JsonlNotifier
from scwatch.services.deliver import MAX_ATTEMPTS, backoff, deliver_due
from scwatch.services.ingest import Ingestor
from scwatch.storage import Database, open_database, outbox

NOW = datetime(2024, 11, 8, 5, 0, tzinfo=UTC)
EXPORT_BODY = (
    "국토교통부는 8일 한국형 스마트시티 기술을 중동 지역에 수출하는 1,200억원 규모의 계약을 "
    "체결했다고 밝혔다. 이번 계약은 도시 통합관제 플랫폼과 교통 신호 체계를 묶은 것이다. "
    "정부는 앞으로 중남미 시장으로 진출을 넓힐 계획이다."
)
WEATHER_BODY = (
    "기상청은 8일 전국이 대체로 맑겠으나 아침 기온이 영하로 떨어지는 곳이 많겠다고 예보했다. "
    "낮 최고기온은 10도에서 15도 사이로 예상된다. 일교차가 커 건강 관리에 유의해야 한다."
)


def article(url: str, title: str, body: str, source: str = "gukje") -> Article:
    published = NOW - timedelta(hours=1)
    return make_article(url, title, body, source=source, first_seen_at=NOW, published_at=published)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'test.db'}")
    yield database
    database.dispose()


@pytest.fixture
def ingestor(db: Database, tmp_path: Path) -> Ingestor:
    rules = [replace(rule, channels=("jsonl",)) for rule in DEFAULT_RULES]
    channels = {"jsonl": Channel("jsonl", "jsonl", {"path": str(tmp_path / "alerts.jsonl")})}
    return Ingestor(db, compile_rules(rules, DEFAULT_ALIASES), rules, channels, clock=lambda: NOW)


def test_export_story_is_stored_and_alerted_once(ingestor: Ingestor, db: Database) -> None:
    first = ingestor.ingest(
        article(
            "https://a.example/news/articleView.html?idxno=1",
            "韓 스마트시티, 중동에 1200억 수출 계약",
            EXPORT_BODY,
        )
    )
    assert first.status == "new"
    assert "smart-city export" in first.matched_rules
    assert first.alerts >= 1
    again = ingestor.ingest(
        article(
            "https://a.example/news/articleView.html?idxno=1&utm_source=x",
            "韓 스마트시티, 중동에 1200억 수출 계약",
            EXPORT_BODY,
        )
    )
    assert again.status == "duplicate_url"
    assert again.alerts == 0
    with db.read() as conn:
        assert outbox.count_alerts(conn) == first.alerts


def test_wire_copy_in_second_outlet_is_a_sighting_without_new_alert(
    ingestor: Ingestor, db: Database
) -> None:
    title = "韓 스마트시티, 중동에 1200억 수출 계약"
    first = ingestor.ingest(article("https://a.example/1", title, EXPORT_BODY))
    copy = ingestor.ingest(article("https://b.example/news/9", title, EXPORT_BODY, source="econ"))
    assert copy.status == "duplicate_content"
    assert copy.article_id == first.article_id
    assert copy.alerts == 0


def test_off_topic_article_stores_without_alert(ingestor: Ingestor) -> None:
    result = ingestor.ingest(article("https://a.example/2", "전국 맑고 아침 쌀쌀", WEATHER_BODY))
    assert result.status == "new"
    assert result.alerts == 0


class FlakyNotifier:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = failures
        self.sent: list[str] = []

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(idempotency_key)


def queued(ingestor: Ingestor) -> None:
    ingestor.ingest(article("https://a.example/1", "스마트시티 수출 계약", EXPORT_BODY))


def test_transient_failure_retries_later_then_sends(ingestor: Ingestor, db: Database) -> None:
    queued(ingestor)
    notifier = FlakyNotifier([TransientDeliveryError("503 from server", retry_after=120)])
    first = deliver_due(db, {"jsonl": notifier}, now=lambda: NOW)
    assert (first.sent, first.retried) == (0, 1)
    assert deliver_due(db, {"jsonl": notifier}, now=lambda: NOW).sent == 0  # not due yet
    later = deliver_due(db, {"jsonl": notifier}, now=lambda: NOW + timedelta(minutes=3))
    assert later.sent == 1
    assert len(notifier.sent) == 1


def test_permanent_failure_is_dead_with_reason(ingestor: Ingestor, db: Database) -> None:
    queued(ingestor)
    notifier = FlakyNotifier([PermanentDeliveryError("404 webhook not found")])
    report = deliver_due(db, {"jsonl": notifier}, now=lambda: NOW)
    assert report.dead == 1
    with db.read() as conn:
        dead = outbox.list_alerts(conn, status="dead")
    assert dead[0].last_error is not None and "404" in dead[0].last_error


def test_notifier_bug_does_not_lose_the_alert(ingestor: Ingestor, db: Database) -> None:
    queued(ingestor)
    notifier = FlakyNotifier([RuntimeError("boom")])
    assert deliver_due(db, {"jsonl": notifier}, now=lambda: NOW).retried == 1
    with db.read() as conn:
        assert outbox.count_alerts(conn, status="pending") == 1


def test_backoff_grows_and_honours_retry_after() -> None:
    assert backoff(1) < backoff(2) < backoff(3)
    assert backoff(MAX_ATTEMPTS) == timedelta(hours=1)
    assert backoff(1, retry_after=600) == timedelta(seconds=600)


def test_jsonl_channel_writes_korean_and_key(
    ingestor: Ingestor, db: Database, tmp_path: Path
) -> None:
    queued(ingestor)
    path = tmp_path / "alerts.jsonl"
    report = deliver_due(db, {"jsonl": JsonlNotifier(path)}, now=lambda: NOW)
    assert report.sent >= 1
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert line["title"] == "스마트시티 수출 계약"
    assert line["idempotency_key"]
    assert any("수출" in e["sentence"] for e in line["evidence"])


def digest_ingestor(db: Database, tmp_path: Path) -> Ingestor:
    rules = [
        replace(rule, channels=("jsonl",), mode="digest", digest="daily", digest_at="09:00")
        for rule in DEFAULT_RULES
    ]
    channels = {"jsonl": Channel("jsonl", "jsonl", {"path": str(tmp_path / "alerts.jsonl")})}
    return Ingestor(db, compile_rules(rules, DEFAULT_ALIASES), rules, channels, clock=lambda: NOW)


def test_digest_collects_stories_until_the_kst_slot(db: Database, tmp_path: Path) -> None:
    ingestor = digest_ingestor(db, tmp_path)
    ingestor.ingest(article("https://a.example/1", "스마트시티 수출 계약", EXPORT_BODY))
    ingestor.ingest(
        article(
            "https://a.example/2",
            "스마트도시 해외 수주",
            EXPORT_BODY.replace("1,200억원", "800억원"),
        )
    )
    received: list[Mapping[str, object]] = []

    class Capture:
        def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
            received.append(payload)

    # NOW is 14:00 KST: nothing is due before 09:00 KST tomorrow (00:00 UTC).
    assert deliver_due(db, {"jsonl": Capture()}, now=lambda: NOW).sent == 0
    slot = datetime(2024, 11, 9, 0, 0, tzinfo=UTC)
    report = deliver_due(db, {"jsonl": Capture()}, now=lambda: slot)
    digests = [p for p in received if p.get("digest")]
    assert report.sent >= 2
    assert len(digests) == len({p["rule"] for p in digests})  # one message per rule
    export = next(p for p in digests if p["rule"] == "smart-city export")
    assert export["count"] == 2


def test_empty_window_sends_no_digest(db: Database, tmp_path: Path) -> None:
    digest_ingestor(db, tmp_path)
    received: list[object] = []

    class Capture:
        def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
            received.append(payload)

    slot = datetime(2024, 11, 9, 0, 0, tzinfo=UTC)
    deliver_due(db, {"jsonl": Capture()}, now=lambda: slot)
    assert received == []


def test_empty_digest_is_sent_only_when_asked(db: Database) -> None:
    from scwatch.services.digest import send_empty_digests

    received: list[Mapping[str, object]] = []

    class Capture:
        def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
            received.append(payload)

    quiet = Rule("quiet", "스마트시티", ("jsonl",), "digest", digest_at="09:00")
    asked = replace(quiet, name="asked", send_empty=True)
    before, after = NOW, datetime(2024, 11, 9, 0, 1, tzinfo=UTC)
    send_empty_digests(db, {"jsonl": Capture()}, [quiet, asked], before, after)
    assert [p["rule"] for p in received] == ["asked"]
    assert received[0]["count"] == 0


def test_no_empty_digest_while_a_story_waits_for_quiet_hours_to_end(
    db: Database, tmp_path: Path
) -> None:
    """Regression: 'no new stories' went out at 08:30 while a story waited until 09:00."""
    from scwatch.services.digest import send_empty_digests

    rule = Rule("d", "@smartcity AND @export", ("jsonl",), "digest", digest_at="08:30",
                quiet_hours="22:00-09:00", send_empty=True)
    channels = {"jsonl": Channel("jsonl", "jsonl", {"path": str(tmp_path / "a.jsonl")})}
    evening = datetime(2024, 11, 8, 11, 0, tzinfo=UTC)  # 20:00 KST
    ingestor = Ingestor(db, compile_rules([rule], DEFAULT_ALIASES), [rule], channels,
                        clock=lambda: evening)
    ingestor.ingest(article("https://a.example/1", "스마트시티 수출 계약", EXPORT_BODY))
    received: list[Mapping[str, object]] = []

    class Capture:
        def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
            received.append(payload)

    at_0831 = datetime(2024, 11, 8, 23, 31, tzinfo=UTC)
    send_empty_digests(db, {"jsonl": Capture()}, [rule], evening, at_0831)
    at_0901 = datetime(2024, 11, 9, 0, 1, tzinfo=UTC)
    deliver_due(db, {"jsonl": Capture()}, now=lambda: at_0901)
    send_empty_digests(db, {"jsonl": Capture()}, [rule], at_0831, at_0901)
    assert [p["count"] for p in received] == [1]
