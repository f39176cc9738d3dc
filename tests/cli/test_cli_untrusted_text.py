"""Terminal output escapes control characters left in stored text (issue 12, defect 2):
rows stored before ingest removed them, and error texts from servers, reach every table and
text renderer as visible escapes (\\x1b), never as escape sequences the terminal obeys."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from support.cli import scwatch
from support.loopback import LoopbackServer, Reply

# What a terminal would act on: C0 but newline and tab, DEL, C1, bidi controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CLEAR_SCREEN = "\x1b[2J\x1b[H"
COMMANDS = [
    ["alerts", "list"],
    ["search", "스마트시티"],
    ["show", "1"],
    ["stories", "show", "1"],
    ["deals"],
    ["sources", "list"],
    ["sources", "health"],
    ["explain", "1"],
]


@pytest.fixture
def tainted(archive: Path) -> Path:
    """The archive with control characters written straight into its rows."""
    with sqlite3.connect(archive.parent / "archive.db") as conn:
        conn.execute(
            "UPDATE articles SET title = ? || title || ?, author = ?, body = body || ?",
            (CLEAR_SCREEN, "\u202e\x9b31m", "김\x1b]0;owned\x07기자", " 관제\x1b[5m 센터\x00."),
        )
        (payload,) = conn.execute("SELECT payload FROM alerts").fetchone()
        payload = json.loads(payload)
        payload["title"] = CLEAR_SCREEN + payload["title"]
        conn.execute(
            "UPDATE alerts SET payload = ?, last_error = ?",
            (json.dumps(payload, ensure_ascii=False), "HTTP 500: \x1b[31mdown\x85"),
        )
        conn.execute("UPDATE deals SET city = ?", ("하노이\x1b[1m",))
        conn.execute(
            "UPDATE sources SET last_error = ?, failures = 3,"
            " last_attempt_at = '2026-01-01 00:00:00'",
            ("malformed feed: \x1b[2J\u2066",),
        )
    return archive


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_renderer_shows_control_characters_as_escapes(
    tainted: Path, command: list[str]
) -> None:
    result = scwatch(*command, "--config", str(tainted))
    assert result.returncode in (0, 1), result.output  # health: 1 when a source is failing
    assert "Traceback" not in result.output
    assert not RAW_CONTROL.search(result.output), repr(result.output)
    assert "\\x1b" in result.stdout


def test_json_lines_carry_the_same_text_escaped(tainted: Path) -> None:
    result = scwatch("show", "1", "--format", "json", "--config", str(tainted))
    assert result.returncode == 0, result.output
    assert not RAW_CONTROL.search(result.stdout)
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["title"].startswith(CLEAR_SCREEN) and row["title"].endswith("\u202e\x9b31m")


def test_an_error_message_is_escaped(tmp_path: Path) -> None:
    # A server's Content-Type ends up in the refusal; byte 0x9b is CSI to 8-bit terminals.
    config = tmp_path / "scwatch.toml"
    config.write_text("[crawl]\nallow_private_networks = true\n", encoding="utf-8")
    server = LoopbackServer({"/page": Reply(b"<html><body>x</body></html>", "text/x-\x9b2J")})
    with server.running():
        result = scwatch("extract", server.url("/page"), "--config", str(config))
    assert result.returncode != 0
    assert "\\x9b2j" in result.stderr and not RAW_CONTROL.search(result.output)
