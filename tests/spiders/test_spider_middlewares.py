"""SeenUrlMiddleware and RetryAfterMiddleware on a real Crawler (no download)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler
from support.articles import make_article

from scwatch.services.runtime import open_runtime
from scwatch.spiders.addon import attach_runtime
from scwatch.spiders.middlewares import (
    ARTICLE_META,
    CHECKED_URL_META,
    AlreadyStored,
    RetryAfterMiddleware,
    SeenUrlMiddleware,
)

STORED_URL = "https://news.example.kr/articles/stored.html"
SETTINGS = {"SCWATCH_SEEN_URL_ENABLED": True, "SCWATCH_RETRY_AFTER_ENABLED": True}


@pytest.fixture
def crawler() -> Crawler:
    crawler = get_crawler(Spider, {**SETTINGS, "SCWATCH_RETRY_AFTER_MAX": 300})
    crawler.spider = Spider("test")
    crawler.spider.crawler = crawler
    return crawler


@pytest.fixture
def crawler_with_db(
    crawler: Crawler, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Crawler]:
    monkeypatch.delenv("SCWATCH_DATABASE_URL", raising=False)
    config = tmp_path / "scwatch.toml"
    database = json.dumps(str(tmp_path / "seen.db"))
    config.write_text(f"[storage]\ndatabase = {database}\n", encoding="utf-8")
    runtime = open_runtime(str(config))
    body = "스마트시티 기사 본문입니다. " * 30
    runtime.ingestor.ingest(
        make_article(STORED_URL, "저장된 기사", body, source="example", first_seen_at=datetime.now(UTC))
    )
    context = attach_runtime(crawler, runtime)
    yield crawler
    context.close()


def article_request(url: str, checked: str | None = None) -> Request:
    meta: dict[str, object] = {ARTICLE_META: True}
    if checked:
        meta[CHECKED_URL_META] = checked
    return Request(url, meta=meta)


def test_article_request_for_a_stored_url_is_dropped_before_download(
    crawler_with_db: Crawler,
) -> None:
    middleware = SeenUrlMiddleware.from_crawler(crawler_with_db)
    with pytest.raises(AlreadyStored):
        middleware.process_request(article_request(STORED_URL))
    # A redirect from a fresh URL to a stored one is caught too.
    with pytest.raises(AlreadyStored):
        middleware.process_request(article_request(STORED_URL, checked="https://x.kr/short"))
    assert crawler_with_db.stats.get_value("scwatch/seen/dropped") == 2


def test_new_urls_and_non_article_requests_pass(crawler_with_db: Crawler) -> None:
    middleware = SeenUrlMiddleware.from_crawler(crawler_with_db)
    fresh = "https://news.example.kr/articles/fresh.html"
    middleware.process_request(article_request(fresh))
    middleware.process_request(article_request(fresh, checked=fresh))
    middleware.process_request(Request(STORED_URL))  # a feed or list page: never checked
    assert crawler_with_db.stats.get_value("scwatch/seen/dropped") is None


def busy(request: Request, status: int = 429, retry_after: str | None = "5") -> Response:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return Response(request.url, status=status, headers=headers, request=request)


def test_retry_after_schedules_a_retry_and_holds_the_host(crawler: Crawler) -> None:
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("https://news.example.kr/rss.xml")
    retry = middleware.process_response(request, busy(request))
    assert isinstance(retry, Request)
    assert retry.url == request.url
    assert retry.meta["retry_times"] == 1
    assert "news.example.kr" in middleware.host_ready_at
    assert crawler.stats.get_value("scwatch/retry_after/delayed") == 1


def test_a_retry_after_beyond_the_limit_gives_the_request_up(crawler: Crawler) -> None:
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("https://news.example.kr/rss.xml")
    response = busy(request, 503, "86400")
    assert middleware.process_response(request, response) is response
    assert request.meta["dont_retry"] is True  # Scrapy's RetryMiddleware leaves it too
    assert middleware.host_ready_at == {}
    assert crawler.stats.get_value("scwatch/retry_after/gave_up") == 1


def test_responses_without_retry_after_are_left_to_scrapy(crawler: Crawler) -> None:
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    request = Request("https://news.example.kr/rss.xml")
    for response in (busy(request, retry_after=None), busy(request, status=200)):
        assert middleware.process_response(request, response) is response
    assert "dont_retry" not in request.meta
