"""A new user's first hour: a missing configuration, a broken database, unwritable paths and
a full disk end with one clear line and the documented exit code, never a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.cli import console_command, console_env, scwatch

SOURCE = """
[[sources]]
slug = "molit"
kind = "rss"
url = "https://www.korea.kr/rss/dept_molit.xml"
"""


def no_traceback(text: str) -> bool:
    return "Traceback" not in text


def write_config(folder: Path, text: str = SOURCE) -> Path:
    path = folder / "scwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_crawl_without_a_config_file_exits_2_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = scwatch("crawl", cwd=tmp_path)
    assert result.returncode == 2, result.output
    assert "scwatch init" in result.stderr
    assert no_traceback(result.output)
    assert list(tmp_path.iterdir()) == []  # no database, no logs folder


def test_run_without_a_config_file_exits_2_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = scwatch("run", "--once", cwd=tmp_path)
    assert result.returncode == 2, result.output
    assert "scwatch init" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_crawl_with_no_sources_exits_2_and_names_the_file(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[crawl]\nobey_robots = true\n")
    result = scwatch("crawl", "--config", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.output
    assert str(path) in result.stderr and "no sources" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scwatch.toml"]


def test_corrupt_database_is_one_line_exit_1(tmp_path: Path) -> None:
    path = write_config(tmp_path)
    (tmp_path / "scwatch.db").write_bytes(b"this is not a database\n" * 200)
    for command in (["sources", "list"], ["db", "upgrade"]):
        result = scwatch(*command, "--config", str(path))
        assert result.returncode == 1, result.output
        assert no_traceback(result.output)
        assert "scwatch.db" in result.stderr and "not a SQLite database" in result.stderr


def test_mysql_url_without_its_driver_is_a_usage_error(tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": "mysql://scw:hunter2@127.0.0.1/scwatch"}
    result = scwatch("sources", "list", "--config", str(write_config(tmp_path)), env=env)
    assert result.returncode == 2, result.output
    assert no_traceback(result.output)
    assert "driver" in result.stderr and "hunter2" not in result.output


def test_unknown_backend_is_a_usage_error(tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": "nosuchdb://host/x"}
    result = scwatch("sources", "list", "--config", str(write_config(tmp_path)), env=env)
    assert result.returncode == 2, result.output
    assert no_traceback(result.output)


@pytest.mark.postgres
def test_missing_postgres_database_says_how_to_create_it(tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/scw_no_such_db"}
    result = scwatch("db", "upgrade", "--config", str(write_config(tmp_path)), env=env)
    assert result.returncode == 1, result.output
    assert no_traceback(result.output)
    assert "createdb" in result.stderr and "CREATE DATABASE" in result.stderr


def test_init_into_an_unwritable_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = scwatch("init", str(blocker / "scwatch.toml"))
    assert result.returncode == 1, result.output
    assert no_traceback(result.output)
    assert "cannot write" in result.stderr and "a-file" in result.stderr


def test_crawl_log_dir_unwritable_is_one_line_before_crawling(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    path = write_config(tmp_path)
    result = scwatch("crawl", "--config", str(path), "--log-dir", str(blocker / "logs"))
    assert result.returncode == 2, result.output
    assert no_traceback(result.output)
    assert "log folder" in result.stderr and "a-file" in result.stderr
    assert not (tmp_path / "scwatch.db").exists()


def test_demo_workdir_unwritable_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = scwatch("demo", "--workdir", str(blocker / "demo"))
    assert result.returncode in (1, 2), result.output
    assert no_traceback(result.output)
    assert "a-file" in result.stderr


@pytest.mark.slow
def test_export_to_a_full_disk_is_one_line_exit_1(archive: Path) -> None:
    path = archive
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(
            console_command("export", "--config", str(path)),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=console_env(),
            timeout=120,
            check=False,
        )
    assert result.returncode == 1, result.stderr
    assert no_traceback(result.stderr)
    assert "No space left" in result.stderr
