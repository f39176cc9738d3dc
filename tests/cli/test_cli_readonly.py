"""The CLI's read-only commands answer while another connection holds the write lock, and a
missing database is created by none of them (the library's side:
tests/api/test_api_readonly.py; the `archive` and `write_lock` fixtures are in
tests/conftest.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.cli import scwatch

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
    result = scwatch(*command, "--config", str(archive))
    assert result.returncode == 0, result.output
    expected = "gukje" if command[0] == "sources" else "한빛시스템"
    assert expected in result.output


def test_a_missing_database_is_not_created_and_the_error_says_what_to_run(
    tmp_path: Path,
) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text('[storage]\ndatabase = "never.db"\n', encoding="utf-8")
    result = scwatch("alerts", "list", "--config", str(config))
    assert result.returncode == 1
    assert "scwatch crawl" in result.output
    assert not (tmp_path / "never.db").exists()
