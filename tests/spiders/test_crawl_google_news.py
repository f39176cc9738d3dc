"""`scrapy crawl google_news` against a loopback stand-in for Google News RSS search.

Items become title-only articles (publisher suffix stripped, publisher kept as author, the
feed's time as published); their opaque news.google.com links are never fetched, and a
headline about a smart-city export deal still fires the default rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.crawl import (
    TEST_CRAWL,
    fetch_rows,
    run_crawl,
    stored_alerts,
    stored_articles,
    write_config,
)
from support.loopback import LoopbackServer, Reply

pytestmark = pytest.mark.slow

QUERY = "스마트시티 수출"
ITEMS = [
    (
        "CBMiVkFVX3lxTE1hY3RyeQ",
        "K-스마트시티, 우즈베키스탄에 교통 시스템 수출…2천억원 규모 - 한결경제",
        "한결경제",
        "https://www.hangyeoleco.example",
        "Mon, 07 Apr 2025 02:00:00 GMT",
    ),
    (
        "CBMiWkFVX3lxTE1zbWFydA",
        "세종시 자율주행 버스 3개 노선으로 - 누리일보 - 누리일보",
        "누리일보",
        "https://www.nurinews.example",
        "Tue, 12 Mar 2024 05:05:00 GMT",
    ),
]


def feed() -> bytes:
    items = "".join(
        f"<item><title>{title}</title>"
        f"<link>https://news.google.com/rss/articles/{token}?oc=5</link>"
        f'<guid isPermaLink="false">{token}</guid><pubDate>{date}</pubDate>'
        f'<description>&lt;a href="https://news.google.com/rss/articles/{token}?oc=5"&gt;{title}&lt;/a&gt;'
        f'&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;{name}&lt;/font&gt;</description>'
        f'<source url="{home}">{name}</source></item>'
        for token, title, name, home, date in ITEMS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        f'<title>"{QUERY}" - Google 뉴스</title><link>https://news.google.com/search</link>'
        f"<language>ko</language>{items}</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def google() -> Iterator[LoopbackServer]:
    server = LoopbackServer(
        {
            "/robots.txt": Reply(b"User-agent: *\nAllow: /rss/\n", "text/plain"),
            "/rss/search": Reply(feed(), "application/rss+xml; charset=utf-8"),
        }
    )
    with server.running():
        yield server


@pytest.fixture(scope="module")
def crawled(google: LoopbackServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database URL; the crawl log is kept beside it as crawl.log."""
    tmp = tmp_path_factory.mktemp("google-news")
    source = {
        "slug": "gnews-export",
        "kind": "google_news",
        "query": QUERY,
        "url": google.base_url + "/rss/search",
    }
    config = write_config(tmp / "scwatch.toml", [source], TEST_CRAWL)
    database_url = f"sqlite:///{tmp / 'scwatch.db'}"
    run_crawl("google_news", config, database_url, Path(tmp / "crawl.log"))
    return database_url


def test_search_feed_is_asked_for_korean_results(crawled: str, google: LoopbackServer) -> None:
    (request,) = google.requests_to("/rss/search")
    assert request.query == {"q": QUERY, "hl": "ko", "gl": "KR", "ceid": "KR:ko"}


def test_items_are_stored_as_title_only_signals(crawled: str) -> None:
    articles = {a.title: a for a in stored_articles(crawled)}
    assert sorted(articles) == [
        "K-스마트시티, 우즈베키스탄에 교통 시스템 수출…2천억원 규모",
        "세종시 자율주행 버스 3개 노선으로 - 누리일보",
    ]
    export = articles["K-스마트시티, 우즈베키스탄에 교통 시스템 수출…2천억원 규모"]
    assert export.author == "한결경제"
    assert export.body == ""
    assert export.url == "https://news.google.com/rss/articles/CBMiVkFVX3lxTE1hY3RyeQ?oc=5"
    assert export.published_at == datetime(2025, 4, 7, 2, 0, tzinfo=UTC)


def test_opaque_links_are_not_fetched_and_the_feed_is_logged(crawled: str) -> None:
    (row,) = fetch_rows(crawled, "gnews-export")
    assert row.error is None and row.items == 2 and row.new_items == 2
    log = (Path(crawled.removeprefix("sqlite:///")).parent / "crawl.log").read_text("utf-8")
    assert "'scwatch/article/fetched'" not in log
    assert "'scwatch/google_news/signals': 2" in log


def test_an_export_headline_fires_the_default_rule(crawled: str) -> None:
    alerts = stored_alerts(crawled)
    assert [a.payload.get("title") for a in alerts] == [
        "K-스마트시티, 우즈베키스탄에 교통 시스템 수출…2천억원 규모"
    ]
