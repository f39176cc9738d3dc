"""From scwatch.toml to delivered alerts: Slack, webhook and email channels wired through the
config, the outbox and deliver_due, against loopback receivers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.articles import make_article
from support.loopback import LoopbackServer
from support.smtp import LoopbackSMTP, MailSink

from scwatch.config import Config, load_config
from scwatch.core.models import Article
from scwatch.notify import build_notifiers
from scwatch.services.deliver import deliver_due
from scwatch.services.runtime import runtime_for
from scwatch.storage import outbox

NOW = datetime(2024, 11, 8, 5, 0, tzinfo=UTC)
BODY = ("국토교통부는 한국 기업 컨소시엄이 사우디아라비아 신도시에 스마트시티 통합 플랫폼을 "
        "수출하는 3억 달러 규모의 계약을 맺었다고 8일 밝혔다. <!channel> 같은 문구도 들어 있다.")


def config_text(smtp_port: int) -> str:
    return f"""
[storage]
database = "t.db"

[[rules]]
name = "smart-city export"
query = "@smartcity AND @export"
channels = ["slack", "hook", "mail"]

[channels.slack]
type = "slack"
webhook_url_env = "SCWATCH_TEST_SLACK_URL"

[channels.hook]
type = "webhook"
url_env = "SCWATCH_TEST_HOOK_URL"

[channels.mail]
type = "email"
host = "127.0.0.1"
port = {smtp_port}
security = "none"
sender = "scwatch@example.kr"
recipients = ["desk@example.kr"]
"""


def export_article() -> Article:
    url = "https://news.example.kr/news/articleView.html?idxno=7"
    title = "韓 스마트시티, 사우디에 3억 달러 수출"
    return make_article(url, title, BODY, first_seen_at=NOW, published_at=NOW)


def slack_only_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The rule alerts Slack only, and the Slack webhook's variable is not set."""
    monkeypatch.delenv("SCWATCH_TEST_SLACK_URL", raising=False)
    path = tmp_path / "scwatch.toml"
    path.write_text(config_text(1).replace('"slack", "hook", "mail"', '"slack"'), "utf-8")
    return load_config(path)


def test_alert_reaches_slack_webhook_and_email(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    receiver: LoopbackServer,
    mail_sink: MailSink,
    start_smtp: Callable[..., LoopbackSMTP],
) -> None:
    smtp = start_smtp(mail_sink)
    monkeypatch.setenv("SCWATCH_TEST_SLACK_URL", receiver.url("/services/T0/B0/secret"))
    monkeypatch.setenv("SCWATCH_TEST_HOOK_URL", receiver.url("/hook"))
    path = tmp_path / "scwatch.toml"
    path.write_text(config_text(smtp.port), encoding="utf-8")
    config = load_config(path)
    assert "secret" not in repr(config.channels)
    with runtime_for(config) as runtime:
        assert runtime.ingestor.ingest(export_article()).alerts == 3
        report = deliver_due(runtime.db, build_notifiers(config.channels))
    assert report.sent == 3, report.errors
    slack = next(p for p in receiver.requests if p.target.startswith("/services/"))
    assert "<!channel>" not in slack.body.decode("utf-8")
    assert "blocks" in slack.body.decode("utf-8")
    hook = next(p for p in receiver.requests if p.target == "/hook")
    assert hook.headers.get("idempotency-key")
    assert "사우디" in mail_sink.received[0].message().get("Subject", "")


def test_missing_secret_keeps_the_alert_waiting_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = slack_only_config(tmp_path, monkeypatch)
    with runtime_for(config) as runtime:
        runtime.ingestor.ingest(export_article())
        report = deliver_due(runtime.db, build_notifiers(config.channels))
        with runtime.db.read() as conn:
            pending = outbox.list_alerts(conn, status="pending")
    assert report.retried == 1 and report.dead == 0
    assert pending[0].last_error is not None
    assert "SCWATCH_TEST_SLACK_URL is not set" in pending[0].last_error


def test_a_missing_secret_never_uses_up_attempts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a forgotten variable killed every alert after a few hours of retries."""
    from datetime import timedelta

    from scwatch.services.deliver import MAX_ATTEMPTS

    config = slack_only_config(tmp_path, monkeypatch)
    with runtime_for(config) as runtime:
        runtime.ingestor.ingest(export_article())
        notifiers = build_notifiers(config.channels)
        start = datetime.now(UTC)
        for hour in range(MAX_ATTEMPTS + 2):
            report = deliver_due(runtime.db, notifiers,
                                 now=lambda h=hour: start + timedelta(hours=h, minutes=1))
            assert report.retried == 1
        with runtime.db.read() as conn:
            assert outbox.count_alerts(conn, status="dead") == 0
            assert outbox.list_alerts(conn)[0].attempts == 0
