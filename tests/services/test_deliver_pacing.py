"""Delivery pacing against loopback receivers: a 429/503 pauses that channel only (for
every worker), one call drains the whole due queue, and leases are short but renewed."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from support.alerts import alerts_on, posted_keys, queue_alerts
from support.loopback import LoopbackServer, Reply, in_order
from support.scheduling import START, Clock

from scwatch.core.clock import utcnow
from scwatch.notify import Notifier
from scwatch.notify.slack import SlackNotifier
from scwatch.notify.webhook import WebhookNotifier
from scwatch.services.deliver import Pacing, deliver_due
from scwatch.storage import Database, open_database, outbox

OK = Reply(b"ok", "text/plain")


def channels(receiver: LoopbackServer) -> dict[str, Notifier]:
    return {
        "slack": SlackNotifier(receiver.url("/slack")),
        "hook": WebhookNotifier(receiver.url("/hook")),
    }


def throttle(status: int, retry_after: str | None) -> Reply:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Reply(b"rate_limited", "text/plain", status, headers)


@pytest.mark.parametrize("status", [429, 503])
def test_a_throttled_channel_pauses_and_the_other_channel_still_delivers(
    database: Database, receiver: LoopbackServer, status: int
) -> None:
    receiver.routes["/slack"] = throttle(status, "30")
    clock = Clock(START)
    queue_alerts(database, {"slack": 7, "hook": 3}, START)
    report = deliver_due(database, channels(receiver), now=clock)
    # One try, not seven: the rest of the batch waits for the pause to end.
    assert len(receiver.requests_to("/slack")) == 1
    assert len(receiver.requests_to("/hook")) == 3 and report.sent == 3
    assert report.paused == {"slack": START + timedelta(seconds=30)}
    waiting = alerts_on(database, "slack", "pending")
    assert len(waiting) == 7
    assert sorted(a.attempts for a in waiting) == [0, 0, 0, 0, 0, 0, 1]
    due = sorted(a.next_attempt_at for a in waiting)
    assert due[0] == START + timedelta(seconds=30)
    assert len(set(due)) == 7, "the waiting alerts must not all fall due at one moment"
    untried = [a for a in waiting if a.attempts == 0]
    assert all("paused until" in (a.last_error or "") for a in untried)


def test_after_the_pause_the_alerts_go_out_one_by_one(
    database: Database, receiver: LoopbackServer
) -> None:
    receiver.routes["/slack"] = throttle(429, "30")
    clock = Clock(START)
    queue_alerts(database, {"slack": 7}, START)
    deliver_due(database, channels(receiver), now=clock)
    receiver.routes["/slack"] = OK
    clock.advance(seconds=30)
    report = deliver_due(
        database, channels(receiver), now=clock, sleep=lambda s: clock.advance(seconds=s)
    )
    assert report.sent == 7 and not alerts_on(database, "slack", "pending")
    sent_at = [a.sent_at for a in alerts_on(database, "slack")]
    assert len(set(sent_at)) == 7  # spread one second apart, not a burst of seven


def test_a_short_pause_ends_within_the_run(database: Database, receiver: LoopbackServer) -> None:
    receiver.routes["/slack"] = in_order(throttle(429, "1"), OK)
    clock = Clock(START)
    queue_alerts(database, {"slack": 3}, START)
    report = deliver_due(
        database, channels(receiver), now=clock, sleep=lambda s: clock.advance(seconds=s)
    )
    assert report.sent == 3 and len(receiver.requests_to("/slack")) == 4
    assert [a.attempts for a in alerts_on(database, "slack")] == [2, 1, 1]


@pytest.mark.parametrize(
    ("header", "pause"),
    [
        ("120", timedelta(seconds=120)),
        ("date", timedelta(seconds=90)),  # an HTTP-date 90 s ahead
        (None, timedelta(minutes=1)),  # no Retry-After: a minute the first time
        ("86400", timedelta(hours=1)),  # a day is asked again in an hour
    ],
)
def test_retry_after_in_seconds_or_as_a_date_sets_the_pause(
    tmp_path: Path, receiver: LoopbackServer, header: str | None, pause: timedelta
) -> None:
    start = utcnow().replace(microsecond=0)
    if header == "date":  # HTTP-dates are read against the real clock
        header = format_datetime(start + pause, usegmt=True)
    db = open_database(f"sqlite:///{tmp_path}/t.db")
    receiver.routes["/hook"] = throttle(503, header)
    queue_alerts(db, {"hook": 2}, start)
    report = deliver_due(db, channels(receiver), now=Clock(start))
    took = utcnow() - start  # an HTTP-date counts down while the test runs
    db.dispose()
    paused = report.paused["hook"] - start
    assert pause - took - timedelta(seconds=1) <= paused <= pause + timedelta(seconds=1)


def test_pauses_in_a_row_without_retry_after_grow_and_a_delivery_resets_them(
    database: Database, receiver: LoopbackServer
) -> None:
    receiver.routes["/hook"] = throttle(429, None)
    clock = Clock(START)
    queue_alerts(database, {"hook": 1}, START)
    first = deliver_due(database, channels(receiver), now=clock)
    clock.now = first.paused["hook"]
    second = deliver_due(database, channels(receiver), now=clock)
    assert second.paused["hook"] - first.paused["hook"] == timedelta(minutes=2)
    receiver.routes["/hook"] = OK
    clock.now = second.paused["hook"]
    assert deliver_due(database, channels(receiver), now=clock).sent == 1
    receiver.routes["/hook"] = throttle(429, None)
    queue_alerts(database, {"hook": 1}, clock.now)
    again = deliver_due(database, channels(receiver), now=clock)
    assert again.paused["hook"] - clock.now == timedelta(minutes=1)


def test_the_pause_holds_for_another_worker_on_the_same_database(
    database_url: str, receiver: LoopbackServer
) -> None:
    first = open_database(database_url)
    receiver.routes["/slack"] = throttle(429, "300")
    clock = Clock(START)
    queue_alerts(first, {"slack": 3}, START)
    deliver_due(first, channels(receiver), now=clock)
    first.dispose()
    # Another process: a new engine, new notifiers, nothing shared but the database.
    second = open_database(database_url)
    queue_alerts(second, {"hook": 2}, START)
    clock.advance(seconds=120)
    report = deliver_due(second, channels(receiver), now=clock)
    second.dispose()
    assert len(receiver.requests_to("/slack")) == 1
    assert report.sent == 2 and len(receiver.requests_to("/hook")) == 2


def test_one_call_drains_a_crawl_sized_queue(database: Database, receiver: LoopbackServer) -> None:
    """Regression: a 240-article crawl left 103 of 128 alerts pending (25 per call)."""
    queue_alerts(database, {"slack": 160, "hook": 80}, utcnow())
    report = deliver_due(database, channels(receiver))
    assert report.sent == 240, report.errors
    with database.read() as conn:
        assert outbox.count_alerts(conn, "pending") == 0


def test_the_time_budget_ends_a_run_and_hands_the_rest_to_the_next(
    database: Database, receiver: LoopbackServer
) -> None:
    queue_alerts(database, {"hook": 30}, START)
    spent = Pacing(batch=10, budget=timedelta(0))
    report = deliver_due(database, channels(receiver), now=Clock(START), pacing=spent)
    assert report.sent == 1  # one at least, then the budget is over
    # What was claimed but not tried is released, not left leased for a minute.
    again = deliver_due(database, channels(receiver), now=Clock(START))
    assert again.sent == 29 and not alerts_on(database, "hook", "pending")


class Killed(BaseException):
    """The worker process dies (kill -9) in the middle of a send."""


class DiesAfterPosting:
    """Posts the alert, then the process dies before the send is recorded."""

    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        self.notifier.send(payload, idempotency_key)
        raise Killed


def test_a_killed_senders_alerts_are_delivered_again_within_a_minute(
    database: Database, receiver: LoopbackServer
) -> None:
    """Regression: a killed sender's alerts stayed leased for 1,000 s."""
    clock = Clock(START)
    queue_alerts(database, {"hook": 5}, START)
    dying = {"hook": DiesAfterPosting(channels(receiver)["hook"])}
    with pytest.raises(Killed):
        deliver_due(database, dying, now=clock)
    clock.advance(seconds=30)
    assert deliver_due(database, channels(receiver), now=clock).sent == 0  # still leased
    clock.advance(seconds=31)
    assert deliver_due(database, channels(receiver), now=clock).sent == 5
    keys = posted_keys(receiver, "/hook")
    # At least once: the alert posted before the kill is posted again with the same key.
    assert len(keys) == 6 and keys[0] == keys[1]
    assert set(keys) == {a.idempotency_key for a in alerts_on(database, "hook", "sent")}


class SlowSend:
    """A send that takes far longer than a lease (25 × 50 s on the test's clock): after each
    step a second worker tries to claim the alert, once the lease keeper has renewed it."""

    def __init__(self, db: Database, clock: Clock, notifier: Notifier) -> None:
        self.db, self.clock, self.notifier = db, clock, notifier
        self.stolen: list[int] = []

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        for _ in range(25):
            self.clock.advance(seconds=50)
            wait_until(lambda: self.leased_past(self.clock.now))
            with self.db.transaction() as conn:
                self.stolen += [a.id for a in outbox.claim_due(conn, self.clock.now, 10)]
        self.notifier.send(payload, idempotency_key)

    def leased_past(self, moment: object) -> bool:
        with self.db.read() as conn:
            alert = outbox.list_alerts(conn, limit=1)[0]
        return alert.next_attempt_at > moment


def wait_until(condition: Callable[[], bool]) -> None:
    """Poll for what another thread does (no timing is asserted; the limit only ends a hang)."""
    for _ in range(5000):
        if condition():
            return
        time.sleep(0.002)
    raise AssertionError("the lease keeper never renewed the lease")


def test_a_long_delivery_keeps_its_lease(database: Database, receiver: LoopbackServer) -> None:
    clock = Clock(START)
    queue_alerts(database, {"hook": 1}, START)
    slow = SlowSend(database, clock, channels(receiver)["hook"])
    pacing = Pacing(renew_every=0.005)
    report = deliver_due(database, {"hook": slow}, now=clock, pacing=pacing)
    assert slow.stolen == [] and report.sent == 1
    assert len(receiver.requests_to("/hook")) == 1
