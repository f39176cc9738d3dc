"""`scwatch demo` in a folder of one's own: it never overwrites or truncates a user's files;
its article ids are the same on every run; `--serve` keeps its news web up on a fixed port
so the demo configuration can be crawled again."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from support.cli import console_command, console_env, json_lines, scwatch

from scwatch.demo.run import DEMO_MARKER, check_workdir
from scwatch.demo.web.server import DEFAULT_PORT


def test_demo_refuses_a_folder_holding_the_users_files(tmp_path: Path) -> None:
    (tmp_path / "scwatch.toml").write_text("# my own config\n", encoding="utf-8")
    (tmp_path / "alerts.jsonl").write_text('{"a": 1}\n' * 14, encoding="utf-8")
    result = scwatch("demo", "--workdir", str(tmp_path), "--port", "0")
    assert result.returncode == 2
    assert "not empty" in result.stderr and "--workdir" in result.stderr
    assert "Traceback" not in result.output
    assert (tmp_path / "scwatch.toml").read_text(encoding="utf-8") == "# my own config\n"
    assert len((tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()) == 14
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alerts.jsonl", "scwatch.toml"]


def test_a_new_empty_or_previous_demo_folder_is_accepted(tmp_path: Path) -> None:
    check_workdir(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    check_workdir(tmp_path / "empty")
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / DEMO_MARKER).write_text("", encoding="utf-8")
    (previous / "demo.db").write_bytes(b"old")
    check_workdir(previous)


def test_the_demo_workdir_is_marked(demo_dir: Path) -> None:
    assert (demo_dir / DEMO_MARKER).is_file()


def test_demo_article_ids_are_the_same_on_every_run(demo_dir: Path, tmp_path: Path) -> None:
    again = scwatch("demo", "--workdir", str(tmp_path / "again"), "--port", "0")
    assert again.returncode == 0, again.output

    def titles(workdir: Path) -> dict[object, object]:
        found = scwatch("export", "--config", str(workdir / "scwatch.toml"))
        return {row["id"]: row["title"] for row in json_lines(found.stdout)}

    first, second = titles(demo_dir), titles(tmp_path / "again")
    assert len(first) >= 10
    assert first == second


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_web_uses_the_documented_port_by_default() -> None:
    result = scwatch("demo", "--help")
    assert f"default: {DEFAULT_PORT}" in result.stdout.replace("\n", " ").replace("  ", " ")


@pytest.mark.slow
def test_demo_serve_keeps_the_web_up_for_a_recrawl(tmp_path: Path) -> None:
    workdir, port = tmp_path / "served", free_port()
    serving = subprocess.Popen(
        console_command(
            "demo", "--serve", "--port", str(port), "--ui-port", "0", "--workdir", str(workdir)
        ),
        cwd=tmp_path,
        env=console_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert serving.stdout is not None
        lines = []
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = serving.stdout.readline()
            lines.append(line)
            if "Ctrl-C" in line or not line:
                break
        assert any(f"127.0.0.1:{port}" in line for line in lines), "".join(lines)
        assert f"127.0.0.1:{port}" in (workdir / "scwatch.toml").read_text(encoding="utf-8")
        # The web UI serves the demo's archive beside the demo web.
        ui = next(re.search(r"web UI: (http://\S+)/", line) for line in lines if "web UI" in line)
        assert ui is not None
        assert httpx.get(ui.group(1) + "/api/sources", timeout=10).json()["sources"]
        crawl = subprocess.run(
            console_command("crawl", "--config", str(workdir / "scwatch.toml")),
            cwd=workdir,
            env=console_env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        # Not a terminal: progress comes as plain lines a cron log keeps.
        assert "crawl feeds:" in crawl.stdout, crawl.stdout
        assert crawl.returncode == 0, crawl.stdout + crawl.stderr
        listed = scwatch("sources", "list", "-f", "json", "--config", str(workdir / "scwatch.toml"))
        failing = [s["slug"] for s in json_lines(listed.stdout) if s["failures"]]
        assert failing == ["broken-feed"], listed.stdout
    finally:
        serving.send_signal(signal.SIGINT)
        code = serving.wait(timeout=30)
    assert code == 0
    assert "Traceback" not in (serving.stderr.read() if serving.stderr else "")


def test_a_busy_port_is_a_message_naming_the_option(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = scwatch("demo", "--workdir", str(tmp_path / "d"), "--port", str(port))
    assert result.returncode == 1
    assert "--port" in result.stderr and "Traceback" not in result.output


def test_the_crawls_log_no_deprecation_warning(demo_dir: Path) -> None:
    logs = sorted(demo_dir.glob("crawl-*.log"))
    assert logs
    for log in logs:
        text = log.read_text(encoding="utf-8")
        assert "DeprecationWarning" not in text and "deprecated" not in text.lower(), log
