"""The installed `scwatch` console script, once as a real process: it starts, prints, and its
exit codes reach the shell (every other CLI test runs the commands in-process)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.cli import console_command, console_env


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        console_command(*args),
        cwd=cwd,
        env=console_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_console_script_is_installed_beside_this_python() -> None:
    assert Path(console_command()[0]).is_file(), "pip install -e '.[test]' installs `scwatch`"


@pytest.mark.slow
def test_version_exits_0(tmp_path: Path) -> None:
    result = run("version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "scwatch" in result.stdout


@pytest.mark.slow
def test_a_bad_config_exits_2_with_the_line_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "scwatch.toml"
    path.write_text('[crawl]\nuser_agnet = "x"\n', encoding="utf-8")
    result = run("sources", "list", "--config", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{path}:2" in result.stderr and "user_agnet" in result.stderr
    assert result.stdout == ""
