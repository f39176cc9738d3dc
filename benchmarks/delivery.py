"""Delivery pacing against loopback receivers: drain, throttle, killed sender.

Run from the project root:  PYTHONPATH=. python benchmarks/delivery.py [--database URL]

- drain: 240 alerts (a 240-article crawl's worth and more) due on a Slack and a webhook
  channel; one `deliver_due` call; how many are sent and how many still pend.
- throttle: 7 alerts due on a Slack webhook answering 429 with Retry-After: 2, and 3 on a
  webhook that accepts; how many POSTs the throttled webhook got, how many the other
  channel took, then (after the pause) over how many seconds the 7 went out.
- killed: a sender dies (BaseException) right after its first POST with 5 alerts claimed;
  how many seconds until another worker delivers them.
Everything is loopback and real time (the killed case waits about a minute). Prints one
JSON line.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from scwatch.core.clock import utcnow
from scwatch.notify import Notifier
from scwatch.notify.slack import SlackNotifier
from scwatch.notify.webhook import WebhookNotifier
from scwatch.services.deliver import deliver_due
from scwatch.storage import Database, open_database, outbox


class Receiver:
    """Answers POSTs: 429 on /slack while `throttled`, 200 otherwise; logs arrival times."""

    def __init__(self) -> None:
        self.throttled = False
        self.arrivals: dict[str, list[float]] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.arrivals.setdefault(self.path, []).append(time.monotonic())
                if receiver.throttled and self.path == "/slack":
                    self.send_response(429)
                    self.send_header("Retry-After", "2")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    @contextmanager
    def running(self) -> Iterator[Receiver]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()

    def channels(self) -> dict[str, Notifier]:
        return {
            "slack": SlackNotifier(self.base + "/slack"),
            "hook": WebhookNotifier(self.base + "/hook"),
        }


def queue(db: Database, counts: Mapping[str, int]) -> None:
    with db.transaction() as conn:
        start = 1 + outbox.count_alerts(conn)
        for channel, count in counts.items():
            for n in range(count):
                outbox.enqueue_alert(
                    conn,
                    rule="bench",
                    cluster_id=start,
                    article_id=start,
                    channel=channel,
                    payload={"title": f"스마트시티 수출 {n}", "url": "https://news.example.kr/"},
                    created_at=utcnow(),
                )
                start += 1


def pending(db: Database) -> int:
    with db.read() as conn:
        return outbox.count_alerts(conn, "pending")


def drain(db: Database, receiver: Receiver) -> dict[str, Any]:
    queue(db, {"slack": 160, "hook": 80})
    started = time.perf_counter()
    report = deliver_due(db, receiver.channels())
    seconds = time.perf_counter() - started
    return {"queued": 240, "sent": report.sent, "pending_after": pending(db), "seconds": seconds}


def throttle(db: Database, receiver: Receiver) -> dict[str, Any]:
    receiver.arrivals.clear()
    receiver.throttled = True
    queue(db, {"slack": 7, "hook": 3})
    first = deliver_due(db, receiver.channels())
    tried = len(receiver.arrivals.get("/slack", []))
    receiver.throttled = False
    time.sleep(2.0)
    second = deliver_due(db, receiver.channels())
    resumed = receiver.arrivals["/slack"][tried:]
    return {
        "throttled_posts": tried,
        "other_channel_sent": first.sent,
        "resumed_sent": second.sent,
        "resumed_over_seconds": resumed[-1] - resumed[0] if resumed else None,
    }


class Killed(BaseException):
    pass


class DiesAfterPosting:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        self.notifier.send(payload, idempotency_key)
        raise Killed


def killed(db: Database, receiver: Receiver) -> dict[str, Any]:
    queue(db, {"hook": 5})
    with suppress(Killed):
        deliver_due(db, {"hook": DiesAfterPosting(receiver.channels()["hook"])})
    died = time.monotonic()
    while pending(db) and time.monotonic() - died < 300:
        deliver_due(db, receiver.channels())
        time.sleep(0.5)
    return {"redelivered_after_seconds": time.monotonic() - died, "pending_after": pending(db)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Receiver().running() as receiver:
        db = open_database(args.database or f"sqlite:///{Path(folder) / 'bench.db'}")
        figures = {
            "backend": db.backend,
            "drain": drain(db, receiver),
            "throttle": throttle(db, receiver),
            "killed": killed(db, receiver),
        }
        db.dispose()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
