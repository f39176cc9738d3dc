"""Fixtures of the scheduling tests: a controlled clock and a configured runtime on SQLite
and PostgreSQL (`database_url` of tests/conftest.py; helpers in support/scheduling.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.scheduling import Clock, feed_sources, open_runtime_at

from scwatch.services.runtime import Runtime


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runtime(tmp_path: Path, database_url: str) -> Iterator[Runtime]:
    """Three 30-minute feeds, a 60-minute listing, a disabled feed; console + jsonl channels."""
    sources = feed_sources(3)
    sources.append(
        {
            "slug": "city-list",
            "kind": "listing",
            "url": "http://127.0.0.1:9/list.html",
            "name": "시티 목록",
            "interval": "1h",
            "link_selector": "a.title",
        }
    )
    sources.append({**feed_sources(1)[0], "slug": "off", "enabled": False})
    channels = '\n[channels.console]\ntype = "console"\n\n[channels.audit]\ntype = "jsonl"\n'
    channels += f'path = "{tmp_path / "alerts.jsonl"}"\n'
    opened = open_runtime_at(tmp_path, database_url, sources, channels)
    yield opened
    opened.close()
