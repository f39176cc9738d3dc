"""`scwatch serve`: prints its URL, answers on loopback, refuses other Host names there,
stops cleanly on Ctrl-C, never prints the token; a busy port is a message."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from support.cli import console_command, console_env, scwatch

TOKEN = "serve-token-4471-never-printed"


def wait_for(url: str) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.slow
def test_serve_answers_on_loopback_and_stops_on_ctrl_c(archive: Path) -> None:
    serving = subprocess.Popen(
        console_command("serve", "--port", "0", "--config", str(archive)),
        env=console_env({"SCWATCH_WEB_TOKEN": TOKEN}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serving.stdout is not None
        first = serving.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert found, first
        url = found.group()
        assert wait_for(url + "/api/sources").json()["sources"][0]["slug"] == "gukje"
        assert "로그인 Sign in" in httpx.get(url + "/").text  # writes on: the sign-in form
        rebound = httpx.get(url + "/", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400
    finally:
        serving.send_signal(signal.SIGINT)
        code = serving.wait(timeout=30)
    out, err = serving.communicate()
    assert code == 0, err
    assert "Traceback" not in err and TOKEN not in first + out + err


def test_a_busy_port_is_a_message(archive: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = scwatch("serve", "--port", str(port), "--config", str(archive))
    assert result.returncode == 1
    assert "--port" in result.stderr and "Traceback" not in result.output


def test_serve_is_documented_in_help() -> None:
    result = scwatch("serve", "--help")
    assert result.returncode == 0 and "127.0.0.1" in result.stdout


def test_other_commands_never_load_the_web_stack() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, scwatch.cli; "
         "print(sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'scwatch.web') "
         "if m in sys.modules))"],
        capture_output=True, text=True, check=True, env=console_env(),
    )  # fmt: skip
    assert loaded.stdout.strip() == "[]"
