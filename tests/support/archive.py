"""A small archive for the read-only tests: a configuration whose SQLite database holds one
article that fired one alert, and a writer that holds the database's write lock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scwatch import Scwatch
from scwatch.core.models import Article
from support.articles import make_article

NOW = datetime.now(UTC) - timedelta(hours=2)
TITLE = "한빛시스템, 베트남 하노이에 스마트시티 관제 플랫폼 수출"
BODY = (
    "한빛시스템은 4일 베트남 하노이시와 120억원 규모의 스마트시티 통합관제 플랫폼 수출 계약을 "
    "체결했다고 밝혔다. 회사는 교통 신호와 방범 카메라를 하나로 묶는 관제 센터를 짓는다. "
    "공사는 내년 상반기에 마무리된다."
)
CONFIG = """\
[storage]
database = "archive.db"

[[sources]]
slug = "gukje"
kind = "rss"
url = "https://news.example.kr/rss/all.xml"
name = "가온국제뉴스"

[channels.jsonl]
type = "jsonl"
path = "alerts.jsonl"

[[rules]]
name = "export"
query = "@smartcity AND 수출"
channels = ["jsonl"]
"""


def archived_article() -> Article:
    url = "https://news.example.kr/news/articleView.html?idxno=7"
    return make_article(url, TITLE, BODY, first_seen_at=NOW, published_at=NOW - timedelta(hours=1))


def make_archive(folder: Path) -> Path:
    """scwatch.toml in `folder`, its database holding `archived_article()` and its alert."""
    config = folder / "scwatch.toml"
    config.write_text(CONFIG, encoding="utf-8")
    with Scwatch.open(config) as scwatch:
        runtime = scwatch._write_runtime()
        assert runtime.ingestor.ingest(archived_article()).status == "new"
    return config


@contextmanager
def write_lock_on(archive: Path) -> Iterator[sqlite3.Connection]:
    """Another process's writer: BEGIN IMMEDIATE held until the block ends."""
    conn = sqlite3.connect(archive.parent / "archive.db", timeout=0.1, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE sources SET name = name")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()
