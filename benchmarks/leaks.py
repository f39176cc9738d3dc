"""Secrets found: run scwatch with secret-bearing settings and look for the secrets in
everything it wrote.

Loopback only. A news web (benchmarks/fault_web.py) gives 12 articles that fire one rule
sent to three channels: Slack (webhook URL with secret path tokens), a webhook (URL with
user, password and a token in the query) and email (an SMTP password; the server refuses
the connection on port 9). The Slack and webhook receivers accept every other alert and answer the
rest with 500 or 429 and a body that echoes the request path, so both the sent and the
failed paths run. On PostgreSQL the database URL carries a password too (the server trusts
loopback, so any password works).

Commands run: `scwatch run --once`, `scwatch run` (stopped with SIGTERM after a while),
`scwatch alerts send`, `alerts list` (table and JSON), `sources list`, `sources health`.
Searched: their stdout and stderr, the crawl logs, and every table of the database (URL-
decoded as well). Prints JSON: each secret's hits (all must be 0).

    python benchmarks/leaks.py [--backend sqlite|postgresql] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from fault_fleet import CLI  # noqa: E402
from fault_web import NewsWeb, QuietServer  # noqa: E402
from faults import fresh_database  # noqa: E402
from sqlalchemy import MetaData, create_engine, select  # noqa: E402

SECRETS = {
    "slack_team": "T0SLACKTEAMSECRET",
    "slack_token": "xoxSLACKTOKENSECRET",
    "webhook_user": "hookUSERSECRET",
    "webhook_password": "hookPASSWORDSECRET",
    "webhook_token": "hookTOKENSECRET",
    "smtp_password": "smtpPASSWORDSECRET",
    "database_password": "dbPASSWORDSECRET",
}


class EchoingReceiver(BaseHTTPRequestHandler):
    """Accepts every other POST; answers the others 500 or 429 echoing the request line."""

    protocol_version = "HTTP/1.1"
    count: ClassVar[list[int]] = [0]  # POSTs received, across the handler's instances

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.count[0] += 1
        status = (200, 500, 200, 429)[self.count[0] % 4]
        body = b"ok" if status == 200 else f"failed {self.requestline}".encode()
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def receiver() -> Iterator[int]:
    server = QuietServer(("127.0.0.1", 0), EchoingReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def write_config(workdir: Path, web: NewsWeb) -> None:
    lines = [
        "[crawl]",
        "allow_private_networks = true",
        "download_delay = 0",
        "autothrottle = false",
        "",
        "[schedule]",
        "tick_seconds = 1",
        "deliver_every_seconds = 5",
        "",
        "[channels.desk]",
        'type = "slack"',
        "",
        "[channels.hook]",
        'type = "webhook"',
        'url_env = "SCWATCH_HOOK_URL"',
        "",
        "[channels.mail]",
        'type = "email"',
        'host = "127.0.0.1"',
        "port = 9",
        'security = "starttls"',
        'username = "scwatch"',
        'sender = "scwatch@example.org"',
        'recipients = ["desk@example.org"]',
        "timeout = 3",
        "",
        "[[rules]]",
        'name = "all"',
        'query = "스마트시티"',
        'channels = ["desk", "hook", "mail"]',
    ]
    for feed in range(2):
        lines += [
            "",
            "[[sources]]",
            f'slug = "news-{feed}"',
            'kind = "rss"',
            f'url = "{web.feed_url(feed)}"',
            'interval = "1m"',
        ]
    (workdir / "scwatch.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def environment(database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCWATCH_", "SCRAPY_"))}
    base = f"http://127.0.0.1:{port}"
    s = SECRETS
    return env | {
        "SCWATCH_DATABASE_URL": database_url,
        "SCWATCH_SLACK_WEBHOOK_URL": f"{base}/services/{s['slack_team']}/B0/{s['slack_token']}",
        "SCWATCH_HOOK_URL": (
            f"http://{s['webhook_user']}:{s['webhook_password']}@127.0.0.1:{port}/hook"
            f"?token={s['webhook_token']}"
        ),
        "SCWATCH_SMTP_PASSWORD": s["smtp_password"],
        "PYTHONPATH": str(ROOT),
    }


def commands(workdir: Path, env: dict[str, str]) -> list[str]:
    """Run the commands; their combined stdout and stderr, one text per command."""
    config = ["--config", str(workdir / "scwatch.toml")]
    logs = ["--log-dir", str(workdir / "logs")]
    outputs = [_run([*CLI, "run", "--once", *logs, *config], workdir, env)]
    outputs.append(_run_for([*CLI, "run", *logs, *config], workdir, env, seconds=25))
    for args in (
        ["alerts", "send"],
        ["alerts", "list"],
        ["alerts", "list", "--format", "json"],
        ["sources", "list", "--format", "json"],
        ["sources", "health"],
    ):
        outputs.append(_run([*CLI, *args, *config], workdir, env))
    return outputs


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return done.stdout + done.stderr


def _run_for(command: list[str], cwd: Path, env: dict[str, str], seconds: float) -> str:
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    time.sleep(seconds)
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=120)
    return out


def database_text(url: str) -> str:
    engine = create_engine(url)
    metadata = MetaData()
    with warnings.catch_warnings():  # an expression index cannot be reflected: not needed
        warnings.simplefilter("ignore")
        metadata.reflect(engine)
    with engine.connect() as conn:
        rows = [
            str(tuple(row))
            for table in metadata.sorted_tables
            for row in conn.execute(select(table))
        ]
    engine.dispose()
    return "\n".join(rows)


def hits(texts: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per secret, per place: how many times it appears (as is or URL-encoded)."""
    found: dict[str, dict[str, int]] = {}
    for name, secret in SECRETS.items():
        places = {
            where: max(text.count(secret), unquote(text).count(secret))
            for where, text in texts.items()
        }
        found[name] = {where: count for where, count in places.items() if count}
    return found


def run(backend: str) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="scwatch-secrets-") as folder,
        fresh_database(backend, Path(folder)) as plain_url,
        NewsWeb(2, 12, 0).running() as web,
        receiver() as port,
    ):
        workdir = Path(folder)
        web.publish_all_now()
        write_config(workdir, web)
        url = plain_url.replace("postgres@", f"postgres:{SECRETS['database_password']}@")
        outputs = commands(workdir, environment(url, port))
        texts = {f"command {n}": text for n, text in enumerate(outputs)}
        texts |= {
            f"log {p.name}": p.read_text(errors="replace") for p in (workdir / "logs").glob("*")
        }
        texts["database"] = database_text(plain_url)
        found = hits(texts)
        deliveries = EchoingReceiver.count[0]
    return {
        "backend": backend,
        "places_searched": len(texts),
        "posts_received": deliveries,
        "secrets_found": sum(sum(p.values()) for p in found.values()),
        "by_secret": {name: sum(p.values()) for name, p in found.items()},
        "where": {name: p for name, p in found.items() if p},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--json", action="store_true", help="one line of JSON")
    args = parser.parse_args()
    figures = run(args.backend)
    print(json.dumps(figures, ensure_ascii=False, indent=None if args.json else 2))
    if not figures["posts_received"]:
        print("no alert was posted: the run measured nothing", file=sys.stderr)
        return 2
    return 1 if figures["secrets_found"] else 0


if __name__ == "__main__":
    sys.exit(main())
