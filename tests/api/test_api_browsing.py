"""The browsing calls the web UI uses, on both backends: a rule's newest hits, a source's
fetch log, matching stories per KST week by rule and by deal country."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support.articles import make_article

from scwatch import Scwatch
from scwatch.config import load_config
from scwatch.core.clock import KST
from scwatch.core.errors import ConfigError
from scwatch.core.records import FetchValues
from scwatch.storage import sources as source_store

CONFIG = """\
[[sources]]
slug = "gukje"
kind = "rss"
url = "https://news.example.kr/rss/all.xml"

[[rules]]
name = "export"
query = "@smartcity AND 수출"
channels = ["console"]

[[rules]]
name = "mou"
query = "업무협약"
channels = ["console"]
"""
# A Monday 10:00 KST, then the Sunday 23:00 KST of the same week and the next Monday.
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=KST).astimezone(UTC)
PRESS = [
    ("한빛시스템, 베트남에 스마트시티 관제 플랫폼 수출",
     "한빛시스템은 베트남 하노이시와 120억원 규모의 스마트시티 관제 플랫폼 수출 계약을 체결했다.",
     MONDAY),
    ("가온시, 몽골 울란바토르와 스마트시티 업무협약",
     "가온시는 몽골 울란바토르시와 스마트시티 협력 업무협약을 맺었다고 밝혔다.",
     MONDAY + timedelta(days=6, hours=13)),
    ("누리텍, 인도네시아 스마트시티 수출 계약",
     "누리텍은 인도네시아 자카르타에 스마트시티 교통 신호 체계를 수출하는 계약을 체결했다.",
     MONDAY + timedelta(days=7)),
]  # fmt: skip


@pytest.fixture
def desk(tmp_path: Path, database_url: str) -> Iterator[Scwatch]:
    path = tmp_path / "scwatch.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = dataclasses.replace(load_config(path), database_url=database_url)
    with Scwatch(config) as scwatch:
        runtime = scwatch._write_runtime()
        for n, (title, body, seen) in enumerate(PRESS, start=1):
            article = make_article(f"https://news.example.kr/{n}", title, body, first_seen_at=seen)
            assert runtime.ingestor.ingest(article).status == "new"
        with runtime.db.transaction() as conn:
            for minute in range(3):
                started = MONDAY + timedelta(minutes=minute)
                source_store.record_fetch(conn, FetchValues(
                    source="gukje", url="https://news.example.kr/rss/all.xml",
                    started_at=started, finished_at=started + timedelta(seconds=2),
                    status=200 if minute else 503, items=5, new_items=minute,
                    error=None if minute else "HTTP 503",
                ))  # fmt: skip
        yield scwatch


def test_rule_hits_are_newest_first_per_rule(desk: Scwatch) -> None:
    export = desk.rule_hits("export")
    assert [hit.article.title[:3] for hit in export] == ["누리텍", "한빛시"]
    assert all(hit.rule == "export" for hit in export)
    assert {hit.rule for hit in desk.rule_hits()} == {"export", "mou"}
    assert len(desk.rule_hits(limit=1)) == 1
    with pytest.raises(ConfigError, match="unknown rule"):
        desk.rule_hits("nope")


def test_fetch_log_is_newest_first(desk: Scwatch) -> None:
    log = desk.fetch_log("gukje")
    assert [fetch.new_items for fetch in log] == [2, 1, 0]
    assert log[-1].error == "HTTP 503" and log[-1].status == 503
    assert len(desk.fetch_log("gukje", limit=2)) == 2
    with pytest.raises(ConfigError):
        desk.fetch_log("nowhere")


def test_weekly_stories_count_kst_weeks_by_rule_and_country(desk: Scwatch) -> None:
    since = MONDAY - timedelta(days=1)
    by_rule = {(c.week, c.key): c.stories for c in desk.weekly_stories(since=since)}
    first_week, next_week = date(2026, 3, 2), date(2026, 3, 9)
    assert by_rule == {(first_week, "export"): 1, (first_week, "mou"): 1, (next_week, "export"): 1}
    by_country = desk.weekly_stories(by="country", since=since)
    countries = {(c.week, c.key) for c in by_country}
    assert (first_week, "베트남") in countries and (next_week, "인도네시아") in countries
    assert desk.weekly_stories(since=MONDAY + timedelta(days=30)) == []
