"""`sources list` and `sources health` speak one vocabulary: the same status for the same
source, removed sources gone, a changed kind starting afresh, errors cut between words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from support.cli import json_lines, scwatch

from scwatch.services.runtime import open_runtime
from scwatch.services.sources import FetchLog, record_fetch

NOW = datetime.now(UTC)
LONG_ERROR = (
    "HTTP 503 Service Unavailable while fetching the ministry's press-release board, "
    "which answered with a maintenance page instead of the expected article listing"
)


def sources_toml(kind_of_b: str = "rss", with_c: bool = True) -> str:
    text = f"""
[[sources]]
slug = "a-fails-once"
kind = "rss"
url = "https://a.example.kr/rss"

[[sources]]
slug = "b-changes"
kind = "{kind_of_b}"
url = "https://b.example.kr/feed"

[[sources]]
slug = "d-off"
kind = "rss"
url = "https://d.example.kr/rss"
enabled = false
"""
    if with_c:
        text += '\n[[sources]]\nslug = "c-removed"\nkind = "rss"\nurl = "https://c.example.kr/rss"\n'
    return text


def fail_once(config: Path, slug: str, error: str) -> None:
    runtime = open_runtime(config)
    try:
        record_fetch(
            runtime.db,
            FetchLog(source=slug, url="https://x.example.kr", started_at=NOW - timedelta(minutes=1),
                     finished_at=NOW, error=error),
        )
    finally:
        runtime.close()


def statuses(config: Path, *command: str) -> dict[str, dict[str, object]]:
    result = scwatch("sources", *command, "-f", "json", "--config", str(config))
    return {str(row["slug"]): row for row in json_lines(result.stdout)}


def test_list_and_health_agree_on_every_source(tmp_path: Path) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text(sources_toml(), encoding="utf-8")
    fail_once(config, "a-fails-once", "HTTP 500 Internal Server Error")
    listed = statuses(config, "list")
    health = statuses(config, "health")
    assert {slug: row["status"] for slug, row in listed.items()} == {
        slug: row["status"] for slug, row in health.items()
    }
    assert listed["a-fails-once"]["status"] == "RETRYING"
    assert listed["d-off"]["status"] == "DISABLED"
    assert listed["b-changes"]["status"] == "NEW"  # configured, never crawled
    table = scwatch("sources", "list", "--config", str(config)).stdout
    assert "RETRYING" in table and "failing ×" not in table and "never run" not in table


def test_removed_sources_are_not_listed(tmp_path: Path) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text(sources_toml(), encoding="utf-8")
    fail_once(config, "c-removed", "HTTP 404 Not Found")
    config.write_text(sources_toml(with_c=False), encoding="utf-8")
    for command in ("list", "health"):
        assert "c-removed" not in statuses(config, command)
        assert "c-removed" not in scwatch("sources", command, "--config", str(config)).stdout


def test_a_changed_kind_drops_the_old_error(tmp_path: Path) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text(sources_toml(), encoding="utf-8")
    fail_once(config, "b-changes", "not a feed: the page is HTML")
    config.write_text(sources_toml(kind_of_b="sitemap"), encoding="utf-8")
    for command in ("list", "health"):  # before the next crawl, as after it
        row = statuses(config, command)["b-changes"]
        assert row["last_error"] is None and row["failures"] == 0, row
    open_runtime(config).close()  # the next crawl's sync
    assert statuses(config, "list")["b-changes"]["last_error"] is None


def test_long_errors_are_cut_between_words_with_an_ellipsis(tmp_path: Path) -> None:
    config = tmp_path / "scwatch.toml"
    config.write_text(sources_toml(), encoding="utf-8")
    fail_once(config, "a-fails-once", LONG_ERROR)
    for command in ("list", "health"):
        table = scwatch("sources", command, "--config", str(config)).stdout
        line = next(line for line in table.splitlines() if "a-fails-once" in line)
        assert "…" in line
        shown = line[line.index("HTTP 503") : line.index("…")].rstrip()
        assert LONG_ERROR.startswith(shown)
        assert LONG_ERROR[len(shown)] == " ", f"cut mid-word: {shown!r}"
