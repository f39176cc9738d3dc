"""`scwatch serve --workers N`: whichever worker process answers, a browser stays signed in
(one signing secret, sessions in shared files), a sign-out ends the session on every
worker, a source muted through one worker shows muted on the others, and the server
answers searches and writes over one SQLite database."""

from __future__ import annotations

import re
import secrets
import signal
import subprocess
from pathlib import Path

import anyio.to_thread
import httpx
import pytest
from support.cli import console_command, console_env
from support.web import TOKEN, TestClient, csrf_of, sign_in

from scwatch import Scwatch
from scwatch.cli import serving
from scwatch.web import app as web_app
from scwatch.web import create_app
from scwatch.web.state import Shared

BEARER = {"Authorization": f"Bearer {TOKEN}"}


def two_workers(archive: Path, tmp_path: Path) -> tuple[TestClient, TestClient]:
    """Two apps as two worker processes of one server build them (one Shared each)."""
    (tmp_path / "shared" / "sessions").mkdir(parents=True)
    shared = Shared(tmp_path / "shared", secrets.token_bytes(32))
    apps = [create_app(Scwatch.open(archive), token=TOKEN, shared=shared) for _ in range(2)]
    first, second = (TestClient(app, follow_redirects=False) for app in apps)
    return first, second


def test_a_sign_in_holds_on_every_worker_and_a_sign_out_ends_it_on_all(
    archive: Path, tmp_path: Path
) -> None:
    first, second = two_workers(archive, tmp_path)
    sign_in(first)
    second.cookies = first.cookies  # the same browser, answered by the other worker
    assert "로그아웃 Sign out" in second.get("/alerts").text
    retried = second.post("/alerts/1/retry", data={"csrf": csrf_of(first, "/alerts")})
    assert retried.status_code == 303  # a CSRF token from one worker holds on the other
    copied = dict(first.cookies)
    second.post("/logout", data={"csrf": csrf_of(second)})
    first.cookies = httpx.Cookies(copied)  # a copy of the cookie taken before sign-out
    refused = first.post("/alerts/1/retry", data={"csrf": csrf_of(first, "/alerts")})
    assert refused.status_code == 401


def test_a_source_muted_on_one_worker_is_muted_on_the_others(
    archive: Path, tmp_path: Path
) -> None:
    first, second = two_workers(archive, tmp_path)
    assert second.get("/api/sources").json()["sources"][0]["status"] != "DISABLED"
    assert first.post("/api/sources/gukje/disable", headers=BEARER).status_code == 200
    assert second.get("/api/sources").json()["sources"][0]["status"] == "DISABLED"


@pytest.mark.slow
def test_serve_with_two_workers_searches_and_writes(archive: Path) -> None:
    serving = subprocess.Popen(
        console_command(
            "serve", "--port", "0", "--workers", "2", "--threads", "1", "--config", str(archive)
        ),
        env=console_env({"SCWATCH_WEB_TOKEN": TOKEN}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serving.stdout is not None
        url = re.search(r"http://127\.0\.0\.1:\d+", serving.stdout.readline())
        assert url, "no URL printed"
        with httpx.Client(base_url=url.group(), timeout=60) as http:
            for _ in range(6):  # new connections: both workers answer some
                found = http.get("/api/search", params={"q": "수출"}, headers={"Connection": "close"})
                assert found.status_code == 200 and found.json()["total"] == 1
            split = http.post("/api/articles/1/split", headers=BEARER)
            assert split.status_code == 200, split.text
            story = split.json()["story_id"]
            for _ in range(4):
                shown = http.get(f"/api/stories/{story}", headers={"Connection": "close"})
                assert shown.json()["members"][0]["id"] == 1
                assert http.get("/api/search", params={"q": "수출"}).json()["hits"]
    finally:
        serving.send_signal(signal.SIGINT)
        code = serving.wait(timeout=30)
    out, err = serving.communicate()
    assert code == 0, err
    assert "Traceback" not in err and TOKEN not in out + err


@pytest.mark.parametrize("threads", [1, 3])
def test_a_process_works_on_as_many_requests_at_once_as_it_has_threads(
    archive: Path, threads: int
) -> None:
    """`--threads N`: the app's handlers share N threads (the rest wait their turn), and
    the CLI's default is the app's."""
    assert serving.DEFAULT_THREADS == web_app.DEFAULT_THREADS
    with TestClient(create_app(Scwatch.open(archive), threads=threads)) as client:
        limiter = client.portal.call(anyio.to_thread.current_default_thread_limiter)
        assert limiter.total_tokens == threads
        assert client.get("/api/search", params={"q": "수출"}).json()["total"] == 1
