"""Channel pauses and alert leases in the database (migration 0004), on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect
from support.alerts import alerts_on, queue_alerts

from scwatch.storage import Database, open_database, outbox, pauses
from scwatch.storage.migrate import alembic_config

NOW = datetime(2024, 5, 3, 6, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


def pause(database: Database, channel: str, seconds: int) -> None:
    with database.transaction() as conn:
        pauses.pause_channel(
            conn,
            channel,
            until=NOW + timedelta(seconds=seconds),
            strikes=1,
            reason="the Slack webhook answered 429",
            now=NOW,
        )


def claim(database: Database, at: datetime, owner: str = "w1") -> list[int]:
    with database.transaction() as conn:
        return [a.id for a in outbox.claim_due(conn, at, 100, lease=LEASE, owner=owner)]


def test_a_paused_channel_is_not_claimed_until_the_pause_ends(database: Database) -> None:
    slack = queue_alerts(database, {"slack": 2}, NOW)
    hook = queue_alerts(database, {"hook": 1}, NOW)
    pause(database, "slack", 30)
    assert claim(database, NOW) == hook
    assert claim(database, NOW + timedelta(seconds=30)) == slack
    with database.read() as conn:
        assert [p.channel for p in pauses.list_pauses(conn, active_at=NOW)] == ["slack"]
        assert pauses.list_pauses(conn, active_at=NOW + timedelta(seconds=30)) == []


def test_a_worker_renews_only_its_own_leases(database: Database) -> None:
    mine = queue_alerts(database, {"hook": 2}, NOW)
    claim(database, NOW, owner="w1")
    theirs = queue_alerts(database, {"hook": 1}, NOW)
    claim(database, NOW, owner="w2")
    with database.transaction() as conn:
        outbox.mark_sent(conn, mine[1], NOW)
        assert outbox.renew_leases(conn, "w1", NOW + timedelta(minutes=5)) == 1
    due = {a.id: a.next_attempt_at for a in alerts_on(database, "hook", "pending")}
    assert due == {mine[0]: NOW + timedelta(minutes=5), theirs[0]: NOW + LEASE}


def test_deferred_alerts_are_spread_and_not_charged(database: Database) -> None:
    ids = queue_alerts(database, {"slack": 4}, NOW)
    claim(database, NOW, owner="w1")
    start = NOW + timedelta(seconds=30)
    with database.transaction() as conn:
        moved = outbox.defer_channel(
            conn,
            "slack",
            start=start,
            spacing=timedelta(seconds=1),
            reason="not tried: paused",
            owner="w1",
            exclude=[ids[0]],
        )
        # Deferred alerts are no longer held: the lease keeper leaves them alone.
        assert outbox.renew_leases(conn, "w1", NOW + timedelta(hours=1)) == 1
    assert moved == ids[1:]
    waiting = alerts_on(database, "slack", "pending")
    assert [a.next_attempt_at - start for a in waiting[1:]] == [
        timedelta(seconds=n) for n in (1, 2, 3)
    ]
    assert all(a.attempts == 0 and a.last_error == "not tried: paused" for a in waiting[1:])


def test_another_workers_lease_is_not_deferred(database: Database) -> None:
    queue_alerts(database, {"slack": 1}, NOW)
    claim(database, NOW, owner="w2")
    with database.transaction() as conn:
        moved = outbox.defer_channel(
            conn, "slack", start=NOW + timedelta(minutes=5), spacing=LEASE, reason="x", owner="w1"
        )
    assert moved == []


def run_alembic(database: Database, action: str, target: str) -> None:
    with database.engine.connect() as conn, conn.begin():
        config = alembic_config()
        config.attributes["connection"] = conn
        getattr(command, action)(config, target)


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_0004_adds_leases_and_pauses_and_downgrades_cleanly(database_url: str) -> None:
    db = open_database(database_url, upgrade=False)
    run_alembic(db, "upgrade", "0003")
    with db.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql(
            "INSERT INTO alerts (rule, cluster_id, article_id, channel, status, attempts, "
            "next_attempt_at, created_at, idempotency_key, payload) VALUES ('r', 1, 1, 'slack', "
            "'pending', 0, '2024-05-03 06:00:00+00:00', '2024-05-03 06:00:00+00:00', 'k', '{}')"
        )
    run_alembic(db, "upgrade", "0004")
    assert [a.channel for a in alerts_on(db, "slack", "pending")] == ["slack"]
    pause(db, "slack", 30)
    run_alembic(db, "downgrade", "0003")
    inspector = inspect(db.engine)
    assert "lease_owner" not in {c["name"] for c in inspector.get_columns("alerts")}
    assert "channel_pauses" not in inspector.get_table_names()
    with db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alerts").scalar_one() == 1
    db.dispose()
