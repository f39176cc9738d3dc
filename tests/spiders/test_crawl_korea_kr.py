"""Government press releases: `scrapy crawl feeds` on a 정책브리핑-style ministry feed
(dept_molit.xml) whose items lead to korea.kr press-release pages on a loopback mirror."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.crawl import TEST_CRAWL, fetch_rows, run_crawl, stored_articles, write_config
from support.loopback import NOT_FOUND, LoopbackServer, Reply, Request
from support.paths import PAGES_DIR

pytestmark = pytest.mark.slow

RELEASES = {
    "156612345": "koreakr-council",
    "156655012": "koreakr-smartcity-act",
    "156640077": "koreakr-maintenance-fees",
}


def feed(base: str) -> bytes:
    items = "".join(
        f"<item><title>보도자료 {news_id}</title>"
        f"<link>{base}/briefing/pressReleaseView.do?newsId={news_id}&amp;call_from=rsslink</link>"
        f"<pubDate>Thu, 26 Sep 2024 17:30:00 +0900</pubDate></item>"
        for news_id in RELEASES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>국토교통부 보도자료</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def release(request: Request) -> Reply:
    page = RELEASES.get(request.query.get("newsId", ""))
    if page is None:
        return NOT_FOUND
    return Reply((PAGES_DIR / "html" / f"{page}.html").read_bytes())


@pytest.fixture(scope="module")
def mirror() -> Iterator[LoopbackServer]:
    server = LoopbackServer({"/briefing/pressReleaseView.do": release})
    server.routes["/rss/dept_molit.xml"] = Reply(feed(server.base_url), "application/rss+xml")
    with server.running():
        yield server


def test_press_releases_are_signed_by_the_ministry_without_portal_boilerplate(
    mirror: LoopbackServer, tmp_path: Path
) -> None:
    source = {"slug": "molit", "kind": "rss", "url": mirror.base_url + "/rss/dept_molit.xml"}
    config = write_config(tmp_path / "scwatch.toml", [source], TEST_CRAWL)
    database_url = f"sqlite:///{tmp_path / 'scwatch.db'}"
    run_crawl("feeds", config, database_url, tmp_path / "crawl.log")
    articles = {a.title: a for a in stored_articles(database_url)}
    assert sorted(articles) == [
        "국토부, 스마트도시 해외진출 지원 협의체 공식 출범",
        "스마트도시법 개정안 국회 통과…규제 샌드박스 기간 4년으로",
        "아파트 관리비 공개 대상 100가구 이상으로 확대",
    ]
    council = articles["국토부, 스마트도시 해외진출 지원 협의체 공식 출범"]
    assert council.author == "국토교통부"
    assert council.published_at == datetime(2024, 3, 12, 2, 0, tzinfo=UTC)
    assert council.body.startswith("국토교통부는 스마트도시 기업의 해외 진출을 돕기 위한")
    for boilerplate in ("공공누리", "첨부파일", "담당 부서", "전재하여", "만족하십니까"):
        assert all(boilerplate not in a.body for a in articles.values())
    assert "call_from" not in council.canonical_url
    (row,) = fetch_rows(database_url, "molit")
    assert row.error is None and row.new_items == 3
