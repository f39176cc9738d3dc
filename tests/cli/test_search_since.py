"""Search as the README promises (spacing and particles do not matter), one meaning of
--since for every command, unknown sources named, alias groups listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import json_lines, scwatch

from scwatch.cli.common import SINCE_HELP


def search(demo_dir: Path, *args: str) -> list[dict[str, object]]:
    result = scwatch(
        "search", *args, "--expand", "-f", "json", "--limit", "1000",
        "-c", str(demo_dir / "scwatch.toml"),
    )  # fmt: skip
    assert result.returncode in (0, 1), result.output
    return json_lines(result.stdout)


def test_spacing_and_particles_do_not_matter(demo_dir: Path) -> None:
    plain = {row["id"] for row in search(demo_dir, "스마트시티")}
    assert len(plain) >= 8
    for query in ("스마트 시티를", "스마트시티를", "스마트 시티"):
        assert {row["id"] for row in search(demo_dir, query)} == plain, query


def test_since_is_first_seen_time_in_search_export_and_deals(demo_dir: Path) -> None:
    config = str(demo_dir / "scwatch.toml")
    crawled_today = search(demo_dir, "스마트시티", "--since", "30d")
    assert crawled_today, "the demo's articles were first seen today"
    export = scwatch("export", "--since", "2w", "-c", config)
    assert len(json_lines(export.stdout)) >= len(crawled_today)
    assert scwatch("deals", "--since", "12h", "-f", "jsonl", "-c", config).returncode == 0
    # The demo's stories were published in 2016-2025: none in the last 30 days.
    assert search(demo_dir, "스마트시티", "--published-since", "30d") == []
    assert search(demo_dir, "스마트시티", "--published-since", "2025-01-01")


@pytest.mark.parametrize("command", [["search", "x"], ["export"], ["deals"], ["rules", "test"]])
def test_every_since_accepts_dates_and_weeks_and_says_the_same(
    demo_dir: Path, command: list[str]
) -> None:
    config = str(demo_dir / "scwatch.toml")
    for value in ("2025-01-01", "2w", "2025-01-01T09:00"):
        result = scwatch(*command, "--since", value, "-c", config)
        assert result.returncode in (0, 1), (value, result.output)
    bad = scwatch(*command, "--since", "yesterday", "-c", config)
    assert bad.returncode == 2 and "2025-01-01" in bad.stderr
    shown = " ".join(scwatch(*command, "--help").stdout.split())
    assert " ".join(SINCE_HELP.split()) in shown


def test_an_unknown_source_is_a_usage_error_naming_the_known_ones(demo_dir: Path) -> None:
    result = scwatch("search", "스마트시티", "--source", "nosuch", "-c", str(demo_dir / "scwatch.toml"))
    assert result.returncode == 2
    assert "nosuch" in result.stderr and "gukje" in result.stderr


def test_rules_list_shows_the_alias_groups() -> None:
    result = scwatch("rules", "list")
    assert result.returncode == 0
    assert "Alias groups" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "@smartcity" in line)
    assert "스마트시티" in line and "K-City Network" in line
