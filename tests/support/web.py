"""The web UI for the tests: a TestClient over `create_app` on an archive, signing in with
the token, reading the CSRF token a page carries, and an archive whose every stored text
is hostile (script tags, attribute breakers, javascript: URLs, bidi and control
characters)."""

from __future__ import annotations

import json
import re
import sqlite3
import warnings
from pathlib import Path

from scwatch import Scwatch
from scwatch.api import Scwatch as ApiScwatch
from scwatch.config import Config
from support.archive import CONFIG, archived_article

with warnings.catch_warnings():  # starlette's note about its httpx transport
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from scwatch.web import create_app

TOKEN = "tok-3f9a1c2b-never-shown"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')

SCRIPT = "<script>alert(1)</script>"
BREAKER = '"><img src=x onerror=alert(2)>'
JS_URL = "javascript:alert(3)"
BIDI = "\u202e\u2066"
CONTROL = "\x1b[2J\x07"
HOSTILE = f"{SCRIPT}{BREAKER}{BIDI}{CONTROL}"


def client_for(config: Path | Config, token: str | None = None) -> TestClient:
    scwatch: ApiScwatch = Scwatch.open(config)
    return TestClient(create_app(scwatch, token=token), follow_redirects=False)


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The CSRF token of a page (the page also sets the cookie it pairs with)."""
    found = _CSRF.search(client.get(path).text)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, token: str = TOKEN) -> None:
    answer = client.post("/login", data={"token": token, "csrf": csrf_of(client)})
    assert answer.status_code == 303, answer.text


# As written in scwatch.toml (TOML escapes): a quote, markup, a bidi override, a bell.
HOSTILE_RULE_TOML = 'export <script>x</script>\\" onmouseover=\'x\''
HOSTILE_SOURCE_TOML = '가온<script>alert(1)</script>\\"><b>\\u202e\\u0007'


def make_hostile_archive(folder: Path) -> Path:
    """support.archive's archive under a hostile rule name and source name, then every
    stored text made hostile straight in the rows, as an older scwatch or another writer
    might have stored them. Returns the scwatch.toml."""
    config = folder / "scwatch.toml"
    text = CONFIG.replace('name = "가온국제뉴스"', f'name = "{HOSTILE_SOURCE_TOML}"')
    config.write_text(text.replace('name = "export"', f'name = "{HOSTILE_RULE_TOML}"'), "utf-8")
    with Scwatch.open(config) as scwatch:
        runtime = scwatch._write_runtime()
        assert runtime.ingestor.ingest(archived_article()).status == "new"
    _taint(config)
    return config


def _taint(config: Path) -> None:
    with sqlite3.connect(config.parent / "archive.db") as conn:
        conn.execute(
            "UPDATE articles SET title = ? || title, author = ?, body = body || ?, url = ?",
            (HOSTILE, HOSTILE, " 수출 " + HOSTILE, JS_URL),
        )
        (payload,) = conn.execute("SELECT payload FROM alerts").fetchone()
        payload = json.loads(payload)
        payload.update(title=HOSTILE + payload["title"], url=JS_URL)
        payload["evidence"] = [{"sentence": HOSTILE}]
        conn.execute(
            "UPDATE alerts SET payload = ?, last_error = ?, status = 'dead'",
            (json.dumps(payload, ensure_ascii=False), HOSTILE),
        )
        conn.execute("UPDATE deals SET city = ?, country = ?", (HOSTILE, HOSTILE))
        conn.execute("UPDATE matches SET evidence = ?", (json.dumps([{"sentence": HOSTILE}]),))
        conn.execute(
            "UPDATE sources SET last_error = ?, failures = 5, last_attempt_at = "
            "'2026-01-01 00:00:00'",
            (HOSTILE,),
        )
        conn.execute(
            "INSERT INTO fetches (source, url, started_at, finished_at, status, items, "
            "new_items, error) VALUES ('gukje', ?, '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:01', 500, 0, 0, ?)",
            (JS_URL, HOSTILE),
        )
