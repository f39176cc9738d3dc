"""Reading never writes: the library's reading calls answer while another connection holds
the write lock, and never create or migrate a database (the CLI's read-only commands:
tests/cli/test_cli_readonly.py). The `archive` and `write_lock` fixtures are in
tests/conftest.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scwatch import Scwatch
from scwatch.core.errors import DatabaseNotReady, StorageError


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
        with reader.read() as conn, pytest.raises(Exception, match=r"readonly|read-only"):
            conn.exec_driver_sql("DELETE FROM articles")


def test_reading_a_missing_database_creates_nothing_and_says_what_to_run(tmp_path: Path) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text('[storage]\ndatabase = "never.db"\n', encoding="utf-8")
    with Scwatch.open(config) as scwatch, pytest.raises(DatabaseNotReady, match="scwatch crawl"):
        scwatch.search("수출")
    assert not (tmp_path / "never.db").exists()


def test_an_old_schema_is_not_migrated_by_a_reader(archive: Path) -> None:
    db_file = archive.parent / "archive.db"
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    with Scwatch.open(archive) as scwatch, pytest.raises(DatabaseNotReady, match="db upgrade"):
        scwatch.alerts()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
