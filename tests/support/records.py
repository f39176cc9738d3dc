"""Stored state of a source as storage returns it, for the pure policy tests."""

from __future__ import annotations

from dataclasses import replace

from scwatch.core.records import SourceRecord

MOLIT = SourceRecord(
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
    last_attempt_at=None,
    last_success_at=None,
    last_new_at=None,
    failures=0,
    next_due_at=None,
    last_error=None,
)


def molit_record(**state: object) -> SourceRecord:
    """국토교통부's RSS feed, polled every 30 minutes, no failures, with `state` set."""
    return replace(MOLIT, **state)  # type: ignore[arg-type]
