"""End-to-end crawls of the bundled demo news web (scwatch.demo.web), as `scwatch demo` runs
them: feeds and listings, twice, as `scrapy crawl` subprocesses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from support.crawl import fetch_rows, run_crawl, stored_alerts, stored_articles, write_config

from scwatch.core.models import Source
from scwatch.core.records import AlertRecord, ArticleRecord
from scwatch.core.text.urls import canonical_url
from scwatch.demo.web import start_demo_web

pytestmark = pytest.mark.slow


def source_table(source: Source) -> dict[str, object]:
    """A [[sources]] table of scwatch.toml for a Source (empty options left out)."""
    table: dict[str, object] = {
        "slug": source.slug,
        "kind": source.kind,
        "url": source.url,
        "name": source.name,
        "interval": f"{source.interval_minutes}m",
    }
    if source.kind == "listing":
        table["link_selector"] = source.link_selector
        table["max_pages"] = source.max_pages
        if source.next_selector:
            table["next_selector"] = source.next_selector
        if source.allow_pattern:
            table["allow_pattern"] = source.allow_pattern
    return table


@dataclass(frozen=True)
class DemoCrawls:
    database_url: str
    sources: list[Source]
    article_urls: set[str]
    first_articles: list[ArticleRecord]
    second_articles: list[ArticleRecord]
    first_alerts: list[AlertRecord]
    second_alerts: list[AlertRecord]
    second_logs: str


@pytest.fixture(scope="module")
def demo_crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoCrawls]:
    tmp = tmp_path_factory.mktemp("demo")
    database_url = f"sqlite:///{tmp / 'demo.db'}"
    with start_demo_web() as web:
        sources = web.sources()
        config = write_config(tmp / "scwatch.toml", [source_table(s) for s in sources])
        for spider in ("feeds", "listings"):
            run_crawl(spider, config, database_url, tmp / f"{spider}-1.log")
        first_articles, first_alerts = stored_articles(database_url), stored_alerts(database_url)
        for spider in ("feeds", "listings"):
            run_crawl(spider, config, database_url, tmp / f"{spider}-2.log")
        yield DemoCrawls(
            database_url,
            sources,
            set(web.article_urls()),
            first_articles,
            stored_articles(database_url),
            first_alerts,
            stored_alerts(database_url),
            "".join(
                (tmp / f"{s}-2.log").read_text(encoding="utf-8") for s in ("feeds", "listings")
            ),
        )


def test_demo_articles_are_stored_with_clean_korean_text(demo_crawls: DemoCrawls) -> None:
    articles = demo_crawls.first_articles
    assert len(articles) >= 5
    # Feeds add tracking parameters (call_from=rsslink): compare canonical URLs.
    demo_pages = {canonical_url(url) for url in demo_crawls.article_urls}
    assert {canonical_url(a.url) for a in articles} <= demo_pages
    for article in articles:
        assert "\ufffd" not in article.title + article.body
        assert any("가" <= char <= "힣" for char in article.title), article.title


def test_every_working_source_contributes_and_the_broken_feed_is_recorded(
    demo_crawls: DemoCrawls,
) -> None:
    for source in demo_crawls.sources:
        first = fetch_rows(demo_crawls.database_url, source.slug)[-1]
        if source.slug == "broken-feed":
            assert first.error is not None
            assert first.new_items == 0
        else:
            assert (first.status, first.error) == (200, None), source.slug
            assert first.items > 0, source.slug
    assert {a.source for a in demo_crawls.first_articles} >= {"citynews"}


def test_demo_recrawl_fetches_no_article_and_queues_no_alert(demo_crawls: DemoCrawls) -> None:
    assert len(demo_crawls.second_articles) == len(demo_crawls.first_articles)
    assert len(demo_crawls.second_alerts) == len(demo_crawls.first_alerts)
    assert "'scwatch/article/fetched'" not in demo_crawls.second_logs
    for source in demo_crawls.sources:
        latest = fetch_rows(demo_crawls.database_url, source.slug)[0]
        assert latest.new_items == 0, source.slug
