"""The alert outbox: one alert per (rule, story, channel), leased claims, retries, dead ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scwatch.core.records import InsertOutcome
from scwatch.storage import Database, open_database
from scwatch.storage.articles import insert_article
from scwatch.storage.outbox import (
    claim_due,
    count_alerts,
    enqueue_alert,
    get_alert,
    idempotency_key,
    list_alerts,
    mark_dead,
    mark_retry,
    mark_sent,
    retry_alert,
)

ArticleFactory = Callable[..., dict[str, Any]]
NOW = datetime(2024, 5, 3, 6, 0, tzinfo=UTC)


@pytest.fixture
def stories(database: Database, article_values: ArticleFactory) -> list[InsertOutcome]:
    with database.transaction() as conn:
        return [insert_article(conn, article_values(n)) for n in range(1, 4)]


def enqueue(
    database: Database, story: InsertOutcome, channel: str = "slack", minutes: int = 0
) -> int | None:
    with database.transaction() as conn:
        return enqueue_alert(
            conn,
            rule="export",
            cluster_id=story.cluster_id,
            article_id=story.article_id,
            channel=channel,
            payload={"title": "스마트시티 수출", "score": 2},
            created_at=NOW + timedelta(minutes=minutes),
        )


def test_one_alert_per_rule_story_and_channel(
    database: Database, stories: list[InsertOutcome]
) -> None:
    first = enqueue(database, stories[0])
    again = enqueue(database, stories[0])
    other_channel = enqueue(database, stories[0], channel="email")
    assert first is not None and other_channel is not None
    assert again is None
    with database.read() as conn:
        assert count_alerts(conn) == 2
        alert = get_alert(conn, first)
    assert alert is not None
    assert alert.status == "pending" and alert.attempts == 0
    assert alert.payload == {"title": "스마트시티 수출", "score": 2}
    assert alert.idempotency_key == idempotency_key("export", stories[0].cluster_id, "slack")
    assert len(alert.idempotency_key) == 32


def test_claim_returns_due_alerts_oldest_first_and_leases_them(
    database: Database, stories: list[InsertOutcome]
) -> None:
    late, early = enqueue(database, stories[0], minutes=2), enqueue(database, stories[1])
    not_due = enqueue(database, stories[2], minutes=30)
    with database.transaction() as conn:
        claimed = claim_due(conn, NOW + timedelta(minutes=5), limit=10)
    assert [a.id for a in claimed] == [early, late]
    assert not_due not in [a.id for a in claimed]
    with database.transaction() as conn:
        assert claim_due(conn, NOW + timedelta(minutes=5, seconds=50), limit=10) == []
    # A worker that died without marking: the alerts come back once the (one-minute) lease
    # runs out.
    with database.transaction() as conn:
        reclaimed = claim_due(conn, NOW + timedelta(minutes=6, seconds=1), limit=1)
    assert [a.id for a in reclaimed] == [early]


def test_sent_alerts_are_never_claimed_again(
    database: Database, stories: list[InsertOutcome]
) -> None:
    alert_id = enqueue(database, stories[0])
    assert alert_id is not None
    with database.transaction() as conn:
        claim_due(conn, NOW, limit=10)
        mark_sent(conn, alert_id, NOW + timedelta(seconds=3))
    with database.transaction() as conn:
        assert claim_due(conn, NOW + timedelta(days=1), limit=10) == []
        alert = get_alert(conn, alert_id)
    assert alert is not None
    assert (alert.status, alert.attempts) == ("sent", 1)
    assert alert.sent_at == NOW + timedelta(seconds=3)
    with database.transaction() as conn:
        assert retry_alert(conn, alert_id, NOW) is False


def test_retry_waits_until_the_next_attempt_time(
    database: Database, stories: list[InsertOutcome]
) -> None:
    alert_id = enqueue(database, stories[0])
    assert alert_id is not None
    retry_at = NOW + timedelta(minutes=2)
    with database.transaction() as conn:
        mark_retry(conn, alert_id, next_attempt_at=retry_at, error="HTTP 503")
        early = claim_due(conn, NOW + timedelta(minutes=1), limit=10)
        due = claim_due(conn, retry_at, limit=10)
    assert early == []
    assert [(a.id, a.attempts, a.last_error) for a in due] == [(alert_id, 1, "HTTP 503")]


def test_dead_alerts_wait_for_an_operator(database: Database, stories: list[InsertOutcome]) -> None:
    alert_id = enqueue(database, stories[0])
    assert alert_id is not None
    with database.transaction() as conn:
        mark_dead(conn, alert_id, error="HTTP 404 webhook gone")
    with database.transaction() as conn:
        assert claim_due(conn, NOW + timedelta(days=30), limit=10) == []
        assert [a.id for a in list_alerts(conn, status="dead")] == [alert_id]
        assert count_alerts(conn, "dead") == 1
        assert retry_alert(conn, alert_id, NOW + timedelta(days=1)) is True
        claimed = claim_due(conn, NOW + timedelta(days=1), limit=10)
    assert [(a.id, a.status, a.attempts) for a in claimed] == [(alert_id, "pending", 0)]
    assert claimed[0].last_error == "HTTP 404 webhook gone"


def test_list_alerts_is_newest_first(database: Database, stories: list[InsertOutcome]) -> None:
    ids = [enqueue(database, story, minutes=n) for n, story in enumerate(stories)]
    with database.read() as conn:
        assert [a.id for a in list_alerts(conn)] == ids[::-1]
        assert [a.id for a in list_alerts(conn, limit=2)] == ids[:0:-1]
        assert list_alerts(conn, status="sent") == []


def test_retry_of_unknown_alert_is_false(database: Database) -> None:
    with database.transaction() as conn:
        assert retry_alert(conn, 999, NOW) is False


@pytest.mark.postgres
def test_concurrent_workers_never_claim_the_same_alert(
    postgres_url: str, article_values: ArticleFactory
) -> None:
    database = open_database(postgres_url)
    with database.transaction() as conn:
        story = insert_article(conn, article_values(1))
        other = insert_article(conn, article_values(2))
    enqueue(database, story)
    enqueue(database, other, minutes=1)
    with database.transaction() as first_worker:
        first = claim_due(first_worker, NOW + timedelta(minutes=5), limit=1)
        # The first worker has not committed yet: its row is locked, the other is free.
        with database.transaction() as second_worker:
            second = claim_due(second_worker, NOW + timedelta(minutes=5), limit=10)
    database.dispose()
    assert len(first) == 1 and len(second) == 1
    assert first[0].id != second[0].id
