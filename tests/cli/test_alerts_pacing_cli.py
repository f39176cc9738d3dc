"""A channel paused by a 429 stays paused for the next `scwatch alerts send` process, which
still delivers the other channels, and `scwatch alerts list` says until when."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.alerts import queue_alerts
from support.cli import console_command, console_env, scwatch
from support.loopback import LoopbackServer, Reply

from scwatch.api import Scwatch
from scwatch.core.clock import utcnow
from scwatch.storage import default_sqlite_url, open_database

CONFIG = """
[storage]
database = "t.db"

[[rules]]
name = "export"
query = "@smartcity AND @export"
channels = ["slack", "hook"]

[channels.slack]
type = "slack"
webhook_url_env = "SCWATCH_TEST_SLACK_URL"

[channels.hook]
type = "webhook"
url_env = "SCWATCH_TEST_HOOK_URL"
"""


def test_a_pause_outlives_the_process_and_alerts_list_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, receiver: LoopbackServer
) -> None:
    env = {
        "SCWATCH_TEST_SLACK_URL": receiver.url("/services/T0/B0/secret"),
        "SCWATCH_TEST_HOOK_URL": receiver.url("/hook"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    receiver.routes["/services/T0/B0/secret"] = Reply(
        b"rate_limited", "text/plain", 429, {"Retry-After": "600"}
    )
    config = tmp_path / "scwatch.toml"
    config.write_text(CONFIG, encoding="utf-8")
    db = open_database(default_sqlite_url(tmp_path / "t.db"))
    queue_alerts(db, {"slack": 3}, utcnow())
    with Scwatch.open(config) as app:
        report = app.deliver()
    assert list(report.paused) == ["slack"]
    queue_alerts(db, {"hook": 2}, utcnow())
    db.dispose()
    sent = subprocess.run(
        console_command("alerts", "send", "--config", str(config)),
        cwd=tmp_path,
        env=console_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "sent 2" in sent.stdout
    assert len(receiver.requests_to("/services/T0/B0/secret")) == 1
    assert len(receiver.requests_to("/hook")) == 2
    listed = scwatch("alerts", "list", "--config", str(config), cwd=tmp_path)
    assert listed.returncode == 0
    assert "channel slack paused until" in listed.stdout
    assert "answered 429 (rate_limited)" in listed.stdout
    assert "secret" not in listed.output
