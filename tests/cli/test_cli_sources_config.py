"""`scwatch sources add|remove|enable|disable` edit scwatch.toml keeping the user's comments;
`scwatch config check` lists every problem with file:line, without crawling."""

from __future__ import annotations

from pathlib import Path

from support.cli import json_lines, scwatch

from scwatch.config.starter import starter_config

MINE = """# our watch list
[[sources]]
slug = "molit"   # 국토교통부
kind = "rss"
url = "https://www.korea.kr/rss/dept_molit.xml"
"""


def write(tmp_path: Path, text: str = MINE) -> Path:
    path = tmp_path / "scwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_add_then_list_shows_it_and_the_comments_stay(tmp_path: Path) -> None:
    path = write(tmp_path)
    added = scwatch(
        "sources", "add", "busan", "https://www.busan.go.kr/news", "--kind", "listing",
        "--selector", "td.title a", "--name", "부산시", "--config", str(path),
    )
    assert added.returncode == 0, added.output
    listed = json_lines(scwatch("sources", "list", "-f", "json", "--config", str(path)).stdout)
    assert [row["slug"] for row in listed] == ["molit", "busan"]
    assert "# our watch list" in path.read_text(encoding="utf-8")
    assert "# 국토교통부" in path.read_text(encoding="utf-8")


def test_sources_add_with_a_bad_selector_exits_2_and_leaves_the_file(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = scwatch(
        "sources", "add", "busan", "https://www.busan.go.kr/news", "--kind", "listing",
        "--selector", "td[[[", "--config", str(path),
    )
    assert result.returncode == 2, result.output
    assert "not a valid CSS selector" in result.stderr
    assert path.read_text(encoding="utf-8") == MINE


def test_disable_enable_remove(tmp_path: Path) -> None:
    path = write(tmp_path)
    assert scwatch("sources", "disable", "molit", "--config", str(path)).returncode == 0
    listed = json_lines(scwatch("sources", "list", "-f", "json", "--config", str(path)).stdout)
    assert listed[0]["status"] == "DISABLED"
    assert scwatch("sources", "enable", "molit", "--config", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8") == MINE
    assert scwatch("sources", "remove", "molit", "--config", str(path)).returncode == 0
    assert "molit" not in scwatch("sources", "list", "--config", str(path)).stdout
    missing = scwatch("sources", "remove", "molit", "--config", str(path))
    assert missing.returncode == 2 and "no source 'molit'" in missing.stderr


def test_config_check_passes_the_starter_file(tmp_path: Path) -> None:
    path = write(tmp_path, starter_config())
    result = scwatch("config", "check", "--config", str(path))
    assert result.returncode == 0, result.output
    assert "OK" in result.stdout
    assert not (tmp_path / "scwatch.db").exists()  # checked, not created


def test_config_check_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, MINE + """
[[sources]]
slug = "busan"
kind = "listing"
url = "https://www.busan.go.kr/news"
link_selector = "td[[["
allow_pattern = "news/(\\\\d+"
""")
    result = scwatch("config", "check", "-f", "json", "--config", str(path))
    assert result.returncode == 2, result.output
    problems = {str(p["key"]): p for p in json_lines(result.stdout)}
    assert problems["sources.1.link_selector"]["where"] == f"{path}:11"
    assert problems["sources.1.allow_pattern"]["where"] == f"{path}:12"


def test_config_check_names_unset_secrets_and_a_missing_driver(tmp_path: Path) -> None:
    path = write(tmp_path, MINE + """
[channels.team]
type = "slack"
webhook_url_env = "SCWATCH_TEAM_SLACK"
""")
    env = {"SCWATCH_DATABASE_URL": "mysql://scw:hunter2@127.0.0.1/scwatch"}
    result = scwatch("config", "check", "--config", str(path), env=env)
    assert result.returncode == 2, result.output
    assert "SCWATCH_TEAM_SLACK is not set" in result.stdout
    assert f"{path}:9" in result.stdout
    assert "driver" in result.stdout and "hunter2" not in result.output


def test_config_check_without_a_file_says_scwatch_init(tmp_path: Path) -> None:
    result = scwatch("config", "check", cwd=tmp_path)
    assert result.returncode == 2
    assert "scwatch init" in result.stdout + result.stderr
