"""`scwatch demo` end to end: the real spiders crawl the bundled news web into SQLite and
the seed stories fire (or do not fire) the export/MOU alerts."""

from __future__ import annotations

from pathlib import Path

from support.cli import json_lines, scwatch

# Distinctive facts of the retold seed stories (amounts, names) and what they must fire.
MUST_ALERT = {
    "000 World Smart City Week results": "775억",
    "002 SCEWC 2024 Seoul pavilion": "315만 달러",
    "003 K-Smart City export support group": "수출추진단",
    "004 MOLIT at the Beijing expo": "중국",
}
MUST_NOT_ALERT = {
    "001 expo announcement": "킨텍스",
    "weather": "장맛비",
    "football": "축구",
    "smartphone exports": "스마트폰",
    "trade statistics": "무역수지",
}


def alerts(demo_dir: Path) -> list[dict[str, object]]:
    result = scwatch(
        "alerts",
        "list",
        "--format",
        "json",
        "--limit",
        "1000",
        "--config",
        str(demo_dir / "scwatch.toml"),
    )
    assert result.returncode == 0, result.stderr
    return json_lines(result.stdout)


def test_seed_stories_fire_export_or_mou_alerts(demo_dir: Path) -> None:
    titles = [str(a["title"]) for a in alerts(demo_dir)]
    for story, fact in MUST_ALERT.items():
        assert any(fact in title for title in titles), f"no alert for {story}: {titles}"


def test_expo_announcement_and_off_topic_news_do_not_alert(demo_dir: Path) -> None:
    titles = [str(a["title"]) for a in alerts(demo_dir)]
    for story, fact in MUST_NOT_ALERT.items():
        assert not any(fact in title for title in titles), f"{story} alerted: {titles}"


def test_each_alert_says_why_and_is_delivered(demo_dir: Path) -> None:
    for alert in alerts(demo_dir):
        assert alert["rule"] in {"smart-city export", "smart-city MOU"}
        assert alert["evidence"], alert
        assert alert["status"] == "sent"
    lines = (demo_dir / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(alerts(demo_dir))


def test_one_alert_per_story_and_rule_even_for_the_wire_copy(demo_dir: Path) -> None:
    keys = [(a["rule"], a["title"]) for a in alerts(demo_dir)]
    assert len(keys) == len(set(keys))


def test_wire_story_is_stored_once_and_seen_in_two_outlets(demo_dir: Path) -> None:
    result = scwatch("export", "--format", "jsonl", "--config", str(demo_dir / "scwatch.toml"))
    articles = json_lines(result.stdout)
    assert any(int(str(a["also_seen"])) >= 1 for a in articles)
    bodies = [str(a["body"]) for a in articles]
    assert len(bodies) == len(set(bodies))


def test_no_mojibake_reaches_the_database(demo_dir: Path) -> None:
    result = scwatch("export", "--format", "jsonl", "--config", str(demo_dir / "scwatch.toml"))
    for article in json_lines(result.stdout):
        text = f"{article['title']} {article['body']}"
        assert "\ufffd" not in text
        assert not any(marker in text for marker in ("Ã", "±¸", "½º"))


def test_broken_source_is_recorded_with_a_reason(demo_dir: Path) -> None:
    result = scwatch(
        "sources", "list", "--format", "json", "--config", str(demo_dir / "scwatch.toml")
    )
    sources = {str(s["slug"]): s for s in json_lines(result.stdout)}
    broken = [s for s in sources.values() if s["failures"]]
    assert len(broken) == 1 and broken[0]["last_error"]
    assert all(s["last_success_at"] for s in sources.values() if not s["failures"])


def test_demo_prints_tables_of_articles_and_alerts(demo_dir: Path) -> None:
    output = (demo_dir / "demo-output.txt").read_text(encoding="utf-8")
    assert "Articles stored" in output and "Alerts fired" in output
    assert "KST" in output


def test_recrawl_of_the_demo_stores_nothing_twice(demo_dir: Path) -> None:
    config = str(demo_dir / "scwatch.toml")
    before = json_lines(scwatch("export", "--config", config).stdout)
    result = scwatch("crawl", "--config", config, "--log-dir", str(demo_dir / "logs2"))
    # The demo web is gone after `scwatch demo`, so every source now fails: nothing is lost.
    after = json_lines(scwatch("export", "--config", config).stdout)
    assert len(after) == len(before)
    assert result.returncode in (0, 1)
