"""End-to-end crawls: `scrapy crawl feeds` and `scrapy crawl listings` as subprocesses
against a loopback Korean news site, twice, into a fresh SQLite database."""

from __future__ import annotations

from dataclasses import dataclass
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
from support.korean_site import (
    BUSAN,
    CHATBOT,
    DAEGU,
    FEED_ARTICLES,
    GIMPO,
    GWANGJU,
    LISTING_ARTICLES,
    PRIVATE,
    SLOW,
    SONGDO,
    TOMYUM,
)
from support.loopback import LoopbackServer, Request
from support.site_routes import RETRY_AFTER_SECONDS, feed_sources, listing_sources

from scwatch.core.records import AlertRecord, ArticleRecord

pytestmark = pytest.mark.slow

EXPECTED_ARTICLES = (*FEED_ARTICLES, *LISTING_ARTICLES)


@dataclass(frozen=True)
class TwoCrawls:
    database_url: str
    first_articles: list[ArticleRecord]
    second_articles: list[ArticleRecord]
    first_alerts: list[AlertRecord]
    second_alerts: list[AlertRecord]
    first_hits: list[Request]
    second_hits: list[Request]


def crawl_everything(tmp: Path, config: Path, database_url: str, run: str) -> None:
    run_crawl("feeds", config, database_url, tmp / f"feeds-{run}.log")
    run_crawl("listings", config, database_url, tmp / f"listings-{run}.log")


@pytest.fixture(scope="module")
def two_crawls(korean_site: LoopbackServer, tmp_path_factory: pytest.TempPathFactory) -> TwoCrawls:
    tmp = tmp_path_factory.mktemp("crawl")
    base = korean_site.base_url
    config = write_config(tmp / "scwatch.toml", feed_sources(base) + listing_sources(base))
    database_url = f"sqlite:///{tmp / 'scwatch.db'}"
    crawl_everything(tmp, config, database_url, "first")
    first_articles = stored_articles(database_url)
    first_alerts = stored_alerts(database_url)
    first_hits = list(korean_site.requests)
    crawl_everything(tmp, config, database_url, "second")
    return TwoCrawls(
        database_url,
        first_articles,
        stored_articles(database_url),
        first_alerts,
        stored_alerts(database_url),
        first_hits,
        list(korean_site.requests[len(first_hits) :]),
    )


def by_url(articles: list[ArticleRecord]) -> dict[str, ArticleRecord]:
    return {article.url.split("/", 3)[-1]: article for article in articles}


def test_every_article_is_stored_once_with_its_hangul_title(two_crawls: TwoCrawls) -> None:
    stored = by_url(two_crawls.first_articles)
    assert sorted(stored) == sorted(a.path.lstrip("/") for a in EXPECTED_ARTICLES)
    for article in EXPECTED_ARTICLES:
        record = stored[article.path.lstrip("/")]
        assert article.title in record.title
        assert "\ufffd" not in record.title + record.body
        assert article.paragraphs[1][:30] in record.body


def test_cp949_only_syllables_survive_an_euc_kr_feed(two_crawls: TwoCrawls) -> None:
    titles = [article.title for article in two_crawls.first_articles]
    assert any("똠얌꿍" in title for title in titles), titles
    assert any("뷁" in title for title in titles), titles
    stored = by_url(two_crawls.first_articles)
    for article in (TOMYUM, CHATBOT):
        assert stored[article.path.lstrip("/")].source == "euckr"


def test_feed_date_with_plus0900_and_no_space_is_read_as_korean_time(
    two_crawls: TwoCrawls,
) -> None:
    songdo = by_url(two_crawls.first_articles)[SONGDO.path.lstrip("/")]
    assert songdo.published_at == datetime(2025, 11, 3, 5, 30, tzinfo=UTC)


def test_items_sharing_one_guid_are_told_apart_by_their_links(two_crawls: TwoCrawls) -> None:
    stored = by_url(two_crawls.first_articles)
    assert SONGDO.path.lstrip("/") in stored
    assert GIMPO.path.lstrip("/") in stored


def test_second_crawl_stores_nothing_and_requests_no_article_again(
    two_crawls: TwoCrawls,
) -> None:
    assert len(two_crawls.second_articles) == len(two_crawls.first_articles)
    article_paths = {a.path for a in EXPECTED_ARTICLES}
    again = [hit.path for hit in two_crawls.second_hits if hit.path in article_paths]
    assert again == []
    # The feeds and list pages themselves are polled again.
    assert any(hit.path == "/feeds/utf8.xml" for hit in two_crawls.second_hits)
    assert any(hit.path == "/list/page1.html" for hit in two_crawls.second_hits)


def test_a_matching_article_queues_one_alert_and_a_recrawl_queues_none(
    two_crawls: TwoCrawls,
) -> None:
    assert two_crawls.first_alerts, "the export story should match the default export rule"
    assert {alert.payload["url"].split("/", 3)[-1] for alert in two_crawls.first_alerts} == {
        BUSAN.path.lstrip("/")
    }
    assert len(two_crawls.second_alerts) == len(two_crawls.first_alerts)


def test_fetch_log_counts_items_and_new_articles_per_run(two_crawls: TwoCrawls) -> None:
    latest, first = fetch_rows(two_crawls.database_url, "utf8")[:2]
    assert (first.status, first.items, first.new_items, first.error) == (200, 3, 3, None)
    # The re-poll found the same body (hash unchanged), so it was not parsed at all.
    assert (latest.status, latest.items, latest.new_items, latest.error) == (200, 0, 0, None)
    listing = fetch_rows(two_crawls.database_url, "local-list")[-1]
    assert (listing.items, listing.new_items, listing.error) == (2, 2, None)


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("malformed", "malformed feed"),
        ("not-a-feed", "HTML page"),
        ("missing", "HTTP 404 Not Found"),
        ("server-error", "HTTP 500 Internal Server Error"),
        ("refused", "connection refused"),
    ],
)
def test_a_broken_feed_gets_a_failed_fetch_row_with_the_reason(
    two_crawls: TwoCrawls, slug: str, reason: str
) -> None:
    rows = fetch_rows(two_crawls.database_url, slug)
    assert len(rows) == 2  # one per crawl, and the crawl went on
    for row in rows:
        assert row.error is not None
        assert reason in row.error
        assert row.items == 0
        assert row.new_items == 0


def test_retry_after_is_waited_for_before_asking_again(two_crawls: TwoCrawls) -> None:
    attempts = [hit.at for hit in two_crawls.first_hits if hit.path == SLOW.path]
    assert len(attempts) == 2
    assert attempts[1] - attempts[0] >= RETRY_AFTER_SECONDS
    assert SLOW.path.lstrip("/") in by_url(two_crawls.first_articles)


def test_robots_txt_disallow_is_respected(two_crawls: TwoCrawls) -> None:
    all_hits = two_crawls.first_hits + two_crawls.second_hits
    assert [hit for hit in all_hits if hit.path == PRIVATE.path] == []
    assert any(hit.path == "/robots.txt" for hit in all_hits)


def test_listing_follows_next_pages_up_to_max_pages_and_only_allowed_links(
    two_crawls: TwoCrawls,
) -> None:
    paths = {hit.path for hit in two_crawls.first_hits}
    assert {"/list/page1.html", "/list/page2.html", DAEGU.path, GWANGJU.path} <= paths
    assert "/list/page3.html" not in paths
    assert "/ads/promo.html" not in paths


def test_requests_carry_the_configured_user_agent(two_crawls: TwoCrawls) -> None:
    agents = {hit.user_agent for hit in two_crawls.first_hits}
    assert agents == {TEST_CRAWL["user_agent"]}


def test_one_source_can_be_crawled_alone(korean_site: LoopbackServer, tmp_path: Path) -> None:
    base = korean_site.base_url
    config = write_config(tmp_path / "scwatch.toml", feed_sources(base))
    database_url = f"sqlite:///{tmp_path / 'one.db'}"
    run_crawl("feeds", config, database_url, tmp_path / "one.log", "-a", "source=dates")
    assert {a.source for a in stored_articles(database_url)} == {"dates"}
    assert fetch_rows(database_url, "utf8") == []
    assert len(fetch_rows(database_url, "dates")) == 1
