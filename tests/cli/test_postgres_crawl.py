"""The same crawl -> store -> alert path on the PostgreSQL server (required when CI=true)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import json_lines, scwatch

from scwatch.demo.run import demo_config_text
from scwatch.demo.web.server import start_demo_web


@pytest.mark.postgres
def test_crawl_into_postgresql_stores_once_and_alerts(postgres_url: str, tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": postgres_url}
    with start_demo_web() as web:
        config = tmp_path / "scwatch.toml"
        config.write_text(demo_config_text(web.sources()), encoding="utf-8")
        first = scwatch("crawl", "--config", str(config), "--log-dir", str(tmp_path), env=env)
        second = scwatch("crawl", "--config", str(config), "--log-dir", str(tmp_path), env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    articles = json_lines(scwatch("export", "--config", str(config), env=env).stdout)
    alerts = json_lines(
        scwatch("alerts", "list", "-f", "json", "--config", str(config), env=env).stdout
    )
    assert len(articles) >= 14
    assert len({a["url"] for a in articles}) == len(articles)
    assert {a["rule"] for a in alerts} == {"smart-city export", "smart-city MOU"}
    assert all(a["status"] == "sent" for a in alerts)
    assert not (tmp_path / "demo.db").exists()  # nothing went to SQLite
