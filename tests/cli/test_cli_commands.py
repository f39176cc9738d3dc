"""CLI behaviour a user sees: exit codes, JSON output, search, show, export, init."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from support.articles import make_article
from support.cli import json_lines, scwatch


def config_of(demo_dir: Path) -> list[str]:
    return ["--config", str(demo_dir / "scwatch.toml")]


def test_search_is_spacing_insensitive_and_finds_two_syllable_words(demo_dir: Path) -> None:
    spaced = json_lines(scwatch("search", "스마트 시티", "-f", "json", *config_of(demo_dir)).stdout)
    joined = json_lines(scwatch("search", "스마트시티", "-f", "json", *config_of(demo_dir)).stdout)
    assert spaced and {a["id"] for a in spaced} == {a["id"] for a in joined}
    export = json_lines(scwatch("search", "수출", "-f", "json", *config_of(demo_dir)).stdout)
    assert export


def test_search_without_results_exits_1(demo_dir: Path) -> None:
    result = scwatch("search", "존재하지않는낱말", *config_of(demo_dir))
    assert result.returncode == 1


def test_show_prints_body_and_matches(demo_dir: Path) -> None:
    found = json_lines(scwatch("search", "775억", "-f", "json", *config_of(demo_dir)).stdout)
    result = scwatch("show", str(found[0]["id"]), "-f", "json", *config_of(demo_dir))
    article = json_lines(result.stdout)[0]
    assert "775억" in str(article["body"])
    assert article["matches"]


def test_show_unknown_id_exits_1(demo_dir: Path) -> None:
    result = scwatch("show", "999999", *config_of(demo_dir))
    assert result.returncode == 1
    assert "no article" in result.stderr


def test_export_csv_opens_in_excel_with_korean_and_story_ids(demo_dir: Path) -> None:
    result = scwatch("export", "--format", "csv", *config_of(demo_dir))
    assert result.stdout.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) >= 10
    assert any("스마트시티" in row["title"] for row in rows)
    assert all(row["story_id"] for row in rows)


def test_bad_option_value_exits_2(demo_dir: Path) -> None:
    result = scwatch("search", "x", "--since", "soon", *config_of(demo_dir))
    assert result.returncode == 2
    assert "--since" in result.stderr


def test_bad_config_exits_2_and_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "scwatch.toml"
    path.write_text('[crawl]\nuser_agnet = "x"\n', encoding="utf-8")
    result = scwatch("sources", "list", "--config", str(path))
    assert result.returncode == 2
    assert f"{path}:2" in result.stderr and "user_agnet" in result.stderr


def test_database_down_exits_1_without_leaking_the_password(tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": "postgresql+psycopg://scw:hunter2@127.0.0.1:1/none"}
    result = scwatch("alerts", "list", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "hunter2" not in result.stderr + result.stdout


def test_init_writes_a_config_that_loads(tmp_path: Path) -> None:
    result = scwatch("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "scwatch.toml").read_text(encoding="utf-8")
    assert "dept_molit" in text and "[[rules]]" in text and "[channels.jsonl]" in text
    again = scwatch("init", cwd=tmp_path)
    assert again.returncode == 2


def test_rules_list_shows_defaults(tmp_path: Path) -> None:
    result = scwatch("rules", "list", "-f", "json", cwd=tmp_path)
    names = {row["name"] for row in json_lines(result.stdout)}
    assert names == {"smart-city export", "smart-city MOU"}


def test_version(tmp_path: Path) -> None:
    result = scwatch("version", cwd=tmp_path)
    assert result.returncode == 0 and "scwatch" in result.stdout


def test_db_upgrade_on_fresh_sqlite(tmp_path: Path) -> None:
    env = {"SCWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    result = scwatch("db", "upgrade", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.db").exists()


HOSTILE_TITLE = "스마트시티 수출 [/] 계약 [link=file:///etc/passwd]클릭[/link] [bold]굵게"


def test_markup_in_scraped_titles_prints_as_text(tmp_path: Path) -> None:
    """A headline with Rich markup must not crash the CLI nor become a terminal link."""
    from datetime import UTC, datetime

    from scwatch.services.runtime import open_runtime

    config = tmp_path / "scwatch.toml"
    config.write_text('[storage]\ndatabase = "x.db"\n', encoding="utf-8")
    body = "국토교통부는 한국형 스마트시티 기술을 중동에 수출하는 계약을 맺었다고 밝혔다. " * 3
    url = "https://news.example.kr/1"
    article = make_article(url, HOSTILE_TITLE, body, source="t", first_seen_at=datetime.now(UTC))
    with open_runtime(config) as runtime:
        article_id = runtime.ingestor.ingest(article).article_id
    for args in (["search", "수출"], ["show", str(article_id)], ["alerts", "list"],
                 ["rules", "test", "수출"]):
        result = scwatch(*args, "--config", str(config))
        assert result.returncode == 0, (args, result.stderr)
        assert "[/]" in result.stdout and "[link=file:///etc/passwd]" in result.stdout, args
