"""Alerts queued straight into the outbox (no ingest), and the receivers' view of them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from scwatch.core.records import AlertRecord, AlertStatus
from scwatch.storage import Database, outbox
from support.loopback import LoopbackServer
from support.payloads import sample_payload


def queue_alerts(db: Database, counts: Mapping[str, int], at: datetime) -> list[int]:
    """`counts[channel]` instant alerts per channel, each its own story, due at `at`."""
    ids: list[int] = []
    with db.transaction() as conn:
        first = 1000 + outbox.count_alerts(conn)  # a new story for each alert, call after call
        for channel, count in counts.items():
            for n in range(count):
                story = first + len(ids)
                alert_id = outbox.enqueue_alert(
                    conn,
                    rule="수출-MOU",
                    cluster_id=story,
                    article_id=story,
                    channel=channel,
                    payload=sample_payload(title=f"{channel} 스마트시티 수출 {n}호"),
                    created_at=at,
                )
                assert alert_id is not None
                ids.append(alert_id)
    return ids


def alerts_on(db: Database, channel: str, status: AlertStatus | None = None) -> list[AlertRecord]:
    with db.read() as conn:
        found = outbox.list_alerts(conn, status=status, limit=100_000)
    return sorted((a for a in found if a.channel == channel), key=lambda a: a.id)


def posted_keys(receiver: LoopbackServer, path: str) -> list[str]:
    """The Idempotency-Key of each POST a webhook receiver got on `path`."""
    return [r.headers.get("idempotency-key", "") for r in receiver.requests_to(path)]
