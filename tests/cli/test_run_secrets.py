"""No secret in any output of `scwatch run`: Slack and webhook URLs (path, user, password,
token), SMTP passwords and the database password stay out of stderr, stdout, the crawl logs,
the errors stored in the database and every table or JSON the CLI prints, while deliveries
both succeed and fail (issue 12, defect 1)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import console_command, console_env, json_lines, scwatch
from support.loopback import LoopbackServer, Reply
from support.smtp import LoopbackSMTP, MailSink, PasswordCheck, make_self_signed

from scwatch.demo.run import demo_config_text
from scwatch.demo.web.server import start_demo_web

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SLACK_OK_PATH = "/services/T0SLACKTEAM/B0SLACKHOOK/slackTokenOk7Q2"
SLACK_BAD_PATH = "/services/T0SLACKTEAM/B0SLACKBAD/slackTokenBad9W4"
HOOK_USER, HOOK_PASSWORD = "hookUserQ7", "hookPassZ3x9"
HOOK_TOKEN = "hookTokenM4k8"
SMTP_PASSWORD, SMTP_WRONG_PASSWORD = "smtpPassR2d5", "smtpWrongT6y1"
DB_PASSWORD = "pgPassV5n3"
CHANNELS = ["slack", "slackbad", "hook", "hookbad", "mail", "mailbad"]


def receiver_routes() -> dict[str, Reply]:
    failing = Reply(b"server trouble", "text/plain", 500)
    return {
        SLACK_OK_PATH: Reply(b"ok", "text/plain"),
        SLACK_BAD_PATH: failing,
        "/hook/ok": Reply(b"{}", "application/json"),
        "/hook/bad": failing,
    }


def channel_tables(smtp_port: int) -> str:
    mail = f"""host = "127.0.0.1"
port = {smtp_port}
security = "starttls"
username = "desk-sender"
sender = "scwatch@example.kr"
recipients = ["desk@example.kr"]
"""
    return f"""
[channels.slack]
type = "slack"
webhook_url_env = "SCWATCH_T_SLACK"

[channels.slackbad]
type = "slack"
webhook_url_env = "SCWATCH_T_SLACK_BAD"

[channels.hook]
type = "webhook"
url_env = "SCWATCH_T_HOOK"

[channels.hookbad]
type = "webhook"
url_env = "SCWATCH_T_HOOK_BAD"

[channels.mail]
type = "email"
password_env = "SCWATCH_T_SMTP"
{mail}
[channels.mailbad]
type = "email"
password_env = "SCWATCH_T_SMTP_BAD"
{mail}"""


def secret_env(base: str, postgres_url: str) -> dict[str, str]:
    hook = f"http://{HOOK_USER}:{HOOK_PASSWORD}@{base.removeprefix('http://')}"
    database = postgres_url.replace("postgres@", f"postgres:{DB_PASSWORD}@", 1)
    assert DB_PASSWORD in database
    return {
        "SCWATCH_T_SLACK": base + SLACK_OK_PATH,
        "SCWATCH_T_SLACK_BAD": base + SLACK_BAD_PATH,
        "SCWATCH_T_HOOK": f"{hook}/hook/ok?token={HOOK_TOKEN}",
        "SCWATCH_T_HOOK_BAD": f"{hook}/hook/bad?token={HOOK_TOKEN}",
        "SCWATCH_T_SMTP": SMTP_PASSWORD,
        "SCWATCH_T_SMTP_BAD": SMTP_WRONG_PASSWORD,
        "SCWATCH_DATABASE_URL": database,
    }


def secrets() -> list[str]:
    slack_parts = [part for path in (SLACK_OK_PATH, SLACK_BAD_PATH) for part in path.split("/")]
    return list(dict.fromkeys([
        *[part for part in slack_parts if part.startswith(("T0", "B0", "slackToken"))],
        HOOK_USER,
        HOOK_PASSWORD,
        HOOK_TOKEN,
        SMTP_PASSWORD,
        SMTP_WRONG_PASSWORD,
        DB_PASSWORD,
    ]))


def test_scwatch_run_shows_no_secret_anywhere(
    tmp_path: Path,
    postgres_url: str,
    mail_sink: MailSink,
    start_smtp: Callable[..., LoopbackSMTP],
) -> None:
    certificate = make_self_signed(tmp_path)
    smtp = start_smtp(
        mail_sink,
        tls_context=certificate.server_context(),
        require_starttls=True,
        authenticator=PasswordCheck("desk-sender", SMTP_PASSWORD),
    )
    logs = tmp_path / "logs"
    with LoopbackServer(receiver_routes()).running() as receiver, start_demo_web() as web:
        config = tmp_path / "scwatch.toml"
        text = demo_config_text(web.sources()[:1]).replace(
            'channels = ["jsonl"]', f"channels = {CHANNELS!r}".replace("'", '"')
        )
        config.write_text(text + channel_tables(smtp.port), encoding="utf-8")
        env = secret_env(receiver.base_url, postgres_url)
        # The SMTP server's certificate is trusted through OpenSSL's usual variable.
        run_env = console_env({**env, "SSL_CERT_FILE": str(certificate.cert)})
        run = subprocess.run(
            console_command("run", "--once", "--config", str(config), "--log-dir", str(logs)),
            cwd=tmp_path,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        posted = {request.path for request in receiver.requests}
    assert run.returncode == 0, run.stderr
    # Deliveries did happen, and some failed: the secrets were in use.
    assert {SLACK_OK_PATH, SLACK_BAD_PATH, "/hook/ok", "/hook/bad"} <= posted
    assert mail_sink.received
    shown = [run.stdout, run.stderr, *(p.read_text("utf-8", "replace") for p in logs.rglob("*"))]
    alerts = scwatch("alerts", "list", "-f", "json", "--config", str(config), env=env)
    errors = [str(row["last_error"]) for row in json_lines(alerts.stdout) if row["last_error"]]
    assert any("500" in error for error in errors) and any("535" in error for error in errors)
    shown += [alerts.stdout, alerts.stderr, *errors]
    for args in (
        ["alerts", "list"],
        ["sources", "list", "--health"],
        ["sources", "health", "--format", "json"],
    ):
        result = scwatch(*args, "--config", str(config), env=env)
        shown += [result.stdout, result.stderr]
    leaked = {secret for secret in secrets() for text in shown if secret in text}
    assert not leaked
