"""The crawl launcher: what the `scrapy crawl` subprocess is given."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.crawl import write_config

from scwatch.config import load_config
from scwatch.scheduler.launcher import crawl_env

MOLIT = {"slug": "molit", "kind": "rss", "url": "https://www.korea.kr/rss/dept_molit.xml"}


def test_crawler_subprocess_does_not_get_channel_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCWATCH_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/x")
    monkeypatch.setenv("SCWATCH_SMTP_PASSWORD", "hunter2")
    monkeypatch.setenv("SCWATCH_NAVER_CLIENT_ID", "id")
    env = crawl_env(load_config(write_config(tmp_path / "scwatch.toml", [MOLIT], {})))
    assert "SCWATCH_SLACK_WEBHOOK_URL" not in env and "SCWATCH_SMTP_PASSWORD" not in env
    assert env["SCWATCH_NAVER_CLIENT_ID"] == "id" and env["SCWATCH_DATABASE_URL"]
