"""Reading never writes: the library's reading calls and the CLI's read-only commands answer
while another connection holds the write lock, and never create or migrate a database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scwatch import Scwatch
from scwatch.cli import app
from scwatch.core.errors import DatabaseNotReady, StorageError
from scwatch.core.models import Article
from scwatch.core.text.keys import content_key, url_key
from scwatch.core.text.urls import canonical_url

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


def _article() -> Article:
    url = "https://news.example.kr/news/articleView.html?idxno=7"
    return Article(
        source="gukje",
        url=url,
        canonical_url=canonical_url(url),
        url_key=url_key(url),
        title=TITLE,
        body=BODY,
        content_key=content_key(TITLE, BODY),
        first_seen_at=NOW,
        published_at=NOW - timedelta(hours=1),
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A config whose database holds one article that fired one alert."""
    config = tmp_path / "scwatch.toml"
    config.write_text(CONFIG, encoding="utf-8")
    with Scwatch.open(config) as scwatch:
        runtime = scwatch._write_runtime()
        assert runtime.ingestor.ingest(_article()).status == "new"
    return config


@pytest.fixture
def write_lock(archive: Path) -> Iterator[sqlite3.Connection]:
    """Another process's writer: BEGIN IMMEDIATE held for the whole test."""
    conn = sqlite3.connect(archive.parent / "archive.db", timeout=0.1, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE sources SET name = name")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


READ_ONLY_COMMANDS = [
    ["search", "스마트시티 수출"],
    ["show", "1"],
    ["alerts", "list"],
    ["sources", "list"],
    ["sources", "health"],
    ["export", "--format", "jsonl"],
    ["rules", "test", "수출"],
]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_read_only_commands_answer_while_the_write_lock_is_held(
    archive: Path, write_lock: sqlite3.Connection, command: list[str]
) -> None:
    result = CliRunner().invoke(app, [*command, "--config", str(archive)])
    assert result.exit_code == 0, result.output
    expected = "gukje" if command[0] == "sources" else "한빛시스템"
    assert expected in result.output


def test_library_reads_while_the_write_lock_is_held(
    archive: Path, write_lock: sqlite3.Connection
) -> None:
    with Scwatch.open(archive) as scwatch:
        [found] = scwatch.search("스마트 시티 수출")
        detail = scwatch.article(found.id)
        assert detail is not None and detail.matches[0].rule == "export"
        assert [alert.rule for alert in scwatch.alerts()] == ["export"]
        assert [source.slug for source in scwatch.sources()] == ["gukje"]
        assert [health.slug for health in scwatch.health()] == ["gukje"]
        assert [trial.sample.ref for trial in scwatch.test_rule("하노이")] == [str(found.id)]


def test_the_reading_handle_cannot_write(archive: Path) -> None:
    with Scwatch.open(archive) as scwatch:
        scwatch.search("수출")
        reader = scwatch._db()
        assert reader.readonly
        with pytest.raises(StorageError, match="read-only"), reader.transaction():
            pass
        with reader.read() as conn, pytest.raises(Exception, match="readonly|read-only"):
            conn.exec_driver_sql("DELETE FROM articles")


def test_reading_a_missing_database_creates_nothing_and_says_what_to_run(tmp_path: Path) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text('[storage]\ndatabase = "never.db"\n', encoding="utf-8")
    with Scwatch.open(config) as scwatch, pytest.raises(DatabaseNotReady, match="scwatch crawl"):
        scwatch.search("수출")
    result = CliRunner().invoke(app, ["alerts", "list", "--config", str(config)])
    assert result.exit_code == 1
    assert "scwatch crawl" in result.output
    assert not (tmp_path / "never.db").exists()


def test_an_old_schema_is_not_migrated_by_a_reader(archive: Path) -> None:
    db_file = archive.parent / "archive.db"
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    with Scwatch.open(archive) as scwatch, pytest.raises(DatabaseNotReady, match="db upgrade"):
        scwatch.alerts()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
