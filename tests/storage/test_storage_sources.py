"""Sources mirror the config; each fetch updates their state and a bounded history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from scwatch.core.records import FetchValues
from scwatch.storage import Database
from scwatch.storage.sources import (
    get_source,
    list_sources,
    recent_fetches,
    record_fetch,
    sync_sources,
)

START = datetime(2024, 5, 3, 0, 0, tzinfo=UTC)
CONFIGURED: list[dict[str, Any]] = [
    {"slug": "molit", "kind": "rss", "url": "https://molit.example.kr/rss", "name": "국토교통부"},
    {
        "slug": "city-news",
        "kind": "listing",
        "url": "https://city.example.kr/list",
        "interval_minutes": 60,
        "enabled": False,
    },
]


def fetch(n: int, **changes: object) -> FetchValues:
    values: dict[str, object] = {
        "source": "molit",
        "url": "https://molit.example.kr/rss",
        "started_at": START + timedelta(minutes=10 * n),
        "finished_at": START + timedelta(minutes=10 * n, seconds=2),
        "status": 200,
        "items": 20,
        "new_items": 0,
    }
    values.update(changes)
    return FetchValues(**values)  # type: ignore[arg-type]


def test_sync_stores_configured_sources_with_defaults(database: Database) -> None:
    with database.transaction() as conn:
        sync_sources(conn, CONFIGURED)
    with database.read() as conn:
        stored = {s.slug: s for s in list_sources(conn)}
    assert list(stored) == ["city-news", "molit"]
    assert (stored["molit"].name, stored["molit"].interval_minutes) == ("국토교통부", 30)
    assert stored["molit"].enabled is True
    assert (stored["city-news"].kind, stored["city-news"].enabled) == ("listing", False)
    assert stored["molit"].failures == 0 and stored["molit"].last_success_at is None


def test_resync_updates_config_but_keeps_runtime_state(database: Database) -> None:
    with database.transaction() as conn:
        sync_sources(conn, CONFIGURED)
        record_fetch(conn, fetch(1, etag='"v1"', new_items=3))
        changed = [{**CONFIGURED[0], "interval_minutes": 15, "name": "국토부"}]
        sync_sources(conn, changed)
    with database.read() as conn:
        molit = get_source(conn, "molit")
        dropped = get_source(conn, "city-news")
    assert molit is not None and dropped is not None
    assert (molit.interval_minutes, molit.name) == (15, "국토부")
    assert molit.etag == '"v1"' and molit.last_success_at == fetch(1).finished_at
    assert dropped.enabled is False


def test_a_changed_kind_or_url_starts_the_source_afresh(database: Database) -> None:
    with database.transaction() as conn:
        sync_sources(conn, CONFIGURED)
        record_fetch(conn, fetch(1, etag='"v1"', body_hash="h1"))
        record_fetch(conn, fetch(2, status=None, error="not a feed: the page is HTML"))
        sync_sources(conn, CONFIGURED)  # unchanged: the error stays
        kept = get_source(conn, "molit")
        sync_sources(conn, [{**CONFIGURED[0], "kind": "sitemap"}])
        fresh = get_source(conn, "molit")
    assert kept is not None and (kept.failures, kept.last_error) == (1, "not a feed: the page is HTML")
    assert fresh is not None and (fresh.failures, fresh.last_error) == (0, None)
    assert (fresh.etag, fresh.body_hash) == (None, None)  # the old feed's validators
    assert fresh.last_success_at == fetch(1).finished_at  # history is kept


def test_success_records_validators_and_resets_failures(database: Database) -> None:
    with database.transaction() as conn:
        sync_sources(conn, CONFIGURED)
        record_fetch(conn, fetch(1, status=None, error="timeout after 30 s"))
        record_fetch(conn, fetch(2, status=503, error="HTTP 503"))
    with database.read() as conn:
        failing = get_source(conn, "molit")
    assert failing is not None
    assert (failing.failures, failing.last_error) == (2, "HTTP 503")
    assert failing.last_success_at is None
    assert failing.last_attempt_at == fetch(2).started_at

    success = fetch(3, new_items=4, etag='"abc"', last_modified="Fri, 03 May 2024", body_hash="f0")
    with database.transaction() as conn:
        record_fetch(conn, success)
        record_fetch(conn, fetch(4, status=304, items=0))
    with database.read() as conn:
        healthy = get_source(conn, "molit")
    assert healthy is not None
    assert (healthy.failures, healthy.last_error) == (0, None)
    assert healthy.last_success_at == fetch(4).finished_at
    assert healthy.last_new_at == success.finished_at
    assert (healthy.etag, healthy.last_modified, healthy.body_hash) == (
        '"abc"',
        "Fri, 03 May 2024",
        "f0",
    )
    assert healthy.next_due_at == fetch(4).finished_at + timedelta(minutes=30)


def test_recent_fetches_newest_first(database: Database) -> None:
    with database.transaction() as conn:
        sync_sources(conn, CONFIGURED)
        for n in range(5):
            record_fetch(conn, fetch(n, new_items=n))
        record_fetch(conn, fetch(9, source="city-news"))
    with database.read() as conn:
        history = recent_fetches(conn, "molit", limit=3)
    assert [f.new_items for f in history] == [4, 3, 2]
    assert history[0].status == 200 and history[0].error is None


def test_history_is_pruned_but_keeps_the_last_thirty(database: Database) -> None:
    with database.transaction() as conn:
        sync_sources(conn, CONFIGURED)
        for n in range(250):
            record_fetch(conn, fetch(n))
        record_fetch(conn, fetch(0, source="city-news"))
    with database.read() as conn:
        kept = conn.exec_driver_sql("SELECT count(*) FROM fetches WHERE source = 'molit'")
        stored = kept.scalar_one()
        history = recent_fetches(conn, "molit", limit=30)
        other = recent_fetches(conn, "city-news")
    assert 30 <= stored <= 100
    assert len(history) == 30
    assert history[0].started_at == fetch(249).started_at
    assert len(other) == 1


def test_fetch_of_an_unknown_source_is_still_recorded(database: Database) -> None:
    with database.transaction() as conn:
        record_fetch(conn, fetch(1, source="adhoc"))
    with database.read() as conn:
        assert len(recent_fetches(conn, "adhoc")) == 1
        assert get_source(conn, "adhoc") is None
