"""The pure parts of the spiders: feed entries, list-page links, Retry-After, failure reasons,
and the FetchedPage built from a response. No crawl, no database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from scwatch.core.formats.rss import feed_entries, feed_problem, parse_feed_text
from scwatch.core.text.decoding import decode_feed
from scwatch.spiders.failures import describe_failure
from scwatch.spiders.items import page_from_response
from scwatch.spiders.listings import allowed_links, selected_links
from scwatch.spiders.middlewares import retry_after_seconds

FEED_URL = "https://news.example.kr/rss/all.xml"


def feed(items: str, encoding: str = "utf-8") -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>피드</title>{items}</channel></rss>"
    )
    return text.encode("cp949" if encoding == "euc-kr" else encoding)


def parse(body: bytes, content_type: str | None = None) -> Any:
    return parse_feed_text(decode_feed(body, content_type))


def test_entries_get_absolute_links_korean_dates_and_titles() -> None:
    parsed = parse(
        feed(
            "<item><title>스마트시티 수출 계약</title><link>/news/1.html</link>"
            "<guid>n1</guid><pubDate>Tue, 27 Dec 2005 13:30:33+0900</pubDate>"
            "<author>기자</author><description>요약</description></item>"
        )
    )
    [entry] = feed_entries(parsed, FEED_URL)
    assert entry.url == "https://news.example.kr/news/1.html"
    assert entry.title == "스마트시티 수출 계약"
    assert entry.published_at == datetime(2005, 12, 27, 4, 30, 33, tzinfo=UTC)
    assert (entry.guid, entry.summary) == ("n1", "요약")


def test_euc_kr_feed_with_cp949_only_syllables_keeps_its_hangul() -> None:
    parsed = parse(feed("<item><title>똠얌꿍과 뷁</title><link>/a</link></item>", "euc-kr"))
    [entry] = feed_entries(parsed, FEED_URL)
    assert entry.title == "똠얌꿍과 뷁"


def test_a_guid_shared_by_every_item_is_not_used_to_identify_them() -> None:
    items = "".join(
        f"<item><title>기사 {n}</title><link>https://news.example.kr/{n}</link>"
        "<guid>same</guid></item>"
        for n in range(3)
    )
    entries = feed_entries(parse(feed(items)), FEED_URL)
    assert [e.url for e in entries] == [f"https://news.example.kr/{n}" for n in range(3)]
    assert {e.guid for e in entries} == {""}


def test_permalink_guid_stands_in_for_a_missing_link_and_repeats_are_dropped() -> None:
    items = (
        "<item><title>가</title><guid>https://news.example.kr/g1</guid></item>"
        "<item><title>나</title><link>https://news.example.kr/g1</link><guid>x</guid></item>"
        "<item><title>다</title><link>file:///etc/passwd</link><guid>y</guid></item>"
    )
    entries = feed_entries(parse(feed(items)), FEED_URL)
    assert [e.url for e in entries] == ["https://news.example.kr/g1"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<rss><channel><title>x</title><<<", "malformed feed"),
        ("<!DOCTYPE html><html><body><p>RSS 안내</p></body></html>".encode(), "HTML page"),
        (b"", "not an RSS or Atom feed"),
    ],
)
def test_unusable_documents_are_named_as_such(body: bytes, expected: str) -> None:
    text = decode_feed(body, None)
    parsed = parse_feed_text(text)
    problem = feed_problem(parsed, len(feed_entries(parsed, FEED_URL)), text)
    assert problem is not None
    assert expected in problem


def test_a_feed_with_errors_but_readable_entries_is_used() -> None:
    text = decode_feed(
        feed(
            "<item><title>스마트&nbsp;시티</title><link>https://a.kr/1</link></item>"
            "<item><title>둘째</title><link>https://a.kr/2</link></item>"
        ),
        None,
    )
    parsed = parse_feed_text(text)
    entries = feed_entries(parsed, FEED_URL)
    assert parsed.bozo  # the undefined entity
    assert [e.url for e in entries] == ["https://a.kr/1", "https://a.kr/2"]
    assert feed_problem(parsed, len(entries), text) is None


def test_an_empty_but_valid_feed_is_not_a_failure() -> None:
    parsed = parse(feed(""))
    assert feed_problem(parsed, 0) is None


def listing(html: str, url: str = "https://city.example.kr/news/list.do?page=1") -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode(), encoding="utf-8")


def test_list_links_come_from_elements_or_values_and_are_absolute() -> None:
    page = listing(
        '<ul class="list"><li><a href="view.do?id=1">가</a></li>'
        '<li><a href="/news/view.do?id=2">나</a></li>'
        '<li><a href="view.do?id=1">가 again</a></li>'
        '<li><a href="javascript:void(0)">다</a></li></ul>'
        '<div class="card"><span>제목</span><a href="/news/view.do?id=3">라</a></div>'
    )
    expected = [
        "https://city.example.kr/news/view.do?id=1",
        "https://city.example.kr/news/view.do?id=2",
    ]
    assert selected_links(page, "ul.list a") == expected
    assert selected_links(page, "ul.list a::attr(href)") == expected
    assert selected_links(page, "div.card") == ["https://city.example.kr/news/view.do?id=3"]


def test_allow_pattern_keeps_only_matching_links() -> None:
    links = ["https://a.kr/news/view.do?id=1", "https://a.kr/ads/1"]
    assert allowed_links(links, r"/news/") == ["https://a.kr/news/view.do?id=1"]
    assert allowed_links(links, "") == links


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120", now) == 120.0
    assert retry_after_seconds("Fri, 01 May 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Fri, 01 May 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_failure_reasons_are_short_and_clear() -> None:
    request = Request("https://news.example.kr/rss.xml")
    response = Response(request.url, status=404, request=request)
    assert describe_failure(Failure(HttpError(response))) == "HTTP 404 Not Found"
    busy = Response(request.url, status=429, headers={"Retry-After": "86400"}, request=request)
    assert describe_failure(Failure(HttpError(busy))) == (
        "HTTP 429 Too Many Requests (Retry-After: 86400)"
    )
    assert describe_failure(Failure(DNSLookupError("nowhere.invalid"))) == "DNS lookup failed"
    timeout = Failure(TimeoutError("Getting https://news.example.kr/rss.xml took too long"))
    timeout.request = Request(request.url, meta={"download_timeout": 20.0})  # type: ignore[attr-defined]
    assert describe_failure(timeout) == "timed out after 20 s"


def test_fetched_page_keeps_raw_bytes_headers_and_the_url_before_redirects() -> None:
    body = "<html><body>기사</body></html>".encode("cp949")
    request = Request(
        "https://news.example.kr/view/2",
        meta={"redirect_urls": ["https://news.example.kr/view?id=2"]},
    )
    response = HtmlResponse(
        "https://news.example.kr/view/2",
        body=body,
        headers={"Content-Type": "text/html; charset=euc-kr"},
        request=request,
    )
    page = page_from_response(response, "example")
    assert page.url == "https://news.example.kr/view?id=2"
    assert page.final_url == "https://news.example.kr/view/2"
    assert page.body == body
    assert page.headers["content-type"] == "text/html; charset=euc-kr"
    assert (page.status, page.source, page.entry) == (200, "example", None)
    assert page.fetched_at.tzinfo is not None


def test_retry_after_as_http_date_reaches_the_backoff_in_seconds() -> None:
    """Regression: an HTTP-date Retry-After was logged raw and the backoff read it as 0."""
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    from scwatch.core.policy.polling import retry_after_in
    from scwatch.spiders.failures import describe_status

    later = format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True).encode()
    assert retry_after_in(describe_status(429, later)) >= timedelta(minutes=9)
