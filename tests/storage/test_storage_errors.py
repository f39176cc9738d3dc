"""Unavailable databases fail with one clear error that never shows a password."""

from __future__ import annotations

import traceback
from pathlib import Path

import pytest

from scwatch.core.errors import DatabaseUnavailable, StorageError
from scwatch.storage import default_sqlite_url, open_database
from scwatch.storage import engine as storage_engine

SECRET = "s3cr3t-Pa55word"


def test_unreachable_postgres_hides_the_password() -> None:
    # Port 1 on loopback refuses at once: no server, no internet.
    url = f"postgresql+psycopg://scwatch:{SECRET}@127.0.0.1:1/scwatch"
    with pytest.raises(DatabaseUnavailable) as raised:
        open_database(url)
    message = str(raised.value)
    assert "127.0.0.1" in message and "***" in message
    assert SECRET not in message
    assert SECRET not in "".join(traceback.format_exception(raised.value))


def test_unreachable_postgres_without_upgrade_fails_on_first_use() -> None:
    db = open_database(f"postgresql+psycopg://scwatch:{SECRET}@127.0.0.1:1/x", upgrade=False)
    with pytest.raises(DatabaseUnavailable) as raised, db.read() as conn:
        conn.exec_driver_sql("SELECT 1")
    assert SECRET not in str(raised.value)
    db.dispose()


def test_sqlite_file_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    with pytest.raises(DatabaseUnavailable, match="not-a-folder"):
        open_database(default_sqlite_url(blocker / "scwatch.db"))


def test_sqlite_locked_beyond_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = default_sqlite_url(tmp_path / "scwatch.db")
    holder = open_database(url)
    monkeypatch.setattr(storage_engine, "BUSY_TIMEOUT_MS", 100)
    impatient = open_database(url)
    with holder.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM sources")
        with pytest.raises(DatabaseUnavailable, match="locked"), impatient.transaction():
            pass
    impatient.dispose()
    holder.dispose()


def test_database_url_that_does_not_parse() -> None:
    with pytest.raises(StorageError, match="could not be parsed") as raised:
        open_database(f"not a url {SECRET}")
    assert SECRET not in str(raised.value)


def test_database_repr_masks_the_password() -> None:
    db = open_database(f"postgresql+psycopg://scwatch:{SECRET}@127.0.0.1:1/x", upgrade=False)
    assert SECRET not in repr(db)
    db.dispose()
