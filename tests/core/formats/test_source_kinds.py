"""The sitemap, naver and google_news source kinds: the pure parsers (their configuration:
tests/config/test_config_source_kinds.py)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta

import pytest

from scwatch.core.formats.google_news import (
    news_signals,
    search_feed_url,
    signal_article,
    split_title,
)
from scwatch.core.formats.naver import naver_error, parse_naver_page, search_url
from scwatch.core.formats.rss import parse_feed_text
from scwatch.core.formats.sitemaps import (
    parse_sitemap,
    recent_entries,
    recent_sitemaps,
    unpack_sitemap,
)

NOW = datetime(2025, 12, 1, 0, 0, tzinfo=UTC)


# ---------------------------------------------------------------- naver


def test_naver_request_asks_for_the_newest_hundred() -> None:
    url = search_url("https://openapi.naver.com/v1/search/news.json", "스마트시티 수출", 3)
    assert url == (
        "https://openapi.naver.com/v1/search/news.json?query=%EC%8A%A4%EB%A7%88%ED%8A%B8%EC%8B%9C%ED%8B%B0+"
        "%EC%88%98%EC%B6%9C&display=100&start=201&sort=date"
    )


def test_naver_items_lead_to_the_publisher_never_to_naver() -> None:
    answer = {
        "total": 3,
        "items": [
            {
                "title": "<b>스마트시티</b> &quot;수출&quot; 계약",
                "originallink": "https://www.hangyeoleco.example/news/articleView.html?idxno=1",
                "link": "https://n.news.naver.com/mnews/article/991/0000000001",
                "description": "국내 <b>스마트시티</b> 기업이...",
                "pubDate": "Fri, 07 Jun 2024 09:12:00 +0900",
            },
            {
                "title": "b",
                "originallink": "",
                "link": "https://www.nurinews.example/2",
                "pubDate": "",
            },
            {"title": "c", "originallink": "", "link": "https://n.news.naver.com/article/992/3"},
            {
                "title": "d",
                "originallink": "https://m.sports.naver.com/x",
                "link": "https://news.naver.com/y",
            },
        ],
    }
    page = parse_naver_page(json.dumps(answer).encode())
    assert [e.url for e in page.entries] == [
        "https://www.hangyeoleco.example/news/articleView.html?idxno=1",
        "https://www.nurinews.example/2",
    ]
    assert page.naver_only == 2
    first = page.entries[0]
    assert first.title == '스마트시티 "수출" 계약'
    assert first.summary == "국내 스마트시티 기업이..."
    assert first.published_at == datetime(2024, 6, 7, 0, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "body", "words", "stops"),
    [
        (429, b'{"errorMessage":"Query limit exceeded","errorCode":"010"}', "quota", True),
        (
            401,
            b'{"errorMessage":"Authentication failed","errorCode":"024"}',
            "SCWATCH_NAVER_CLIENT_ID",
            True,
        ),
        (400, b'{"errorMessage":"Incorrect query request","errorCode":"SE01"}', "SE01", False),
        (500, b"<html>busy</html>", "HTTP 500", False),
    ],
)
def test_naver_errors_have_a_clear_reason(
    status: int, body: bytes, words: str, stops: bool
) -> None:
    error = naver_error(status, body)
    assert words in error.reason
    assert error.stops_run is stops


def test_naver_answer_that_is_not_json_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_naver_page(b"<html>maintenance</html>")


# ---------------------------------------------------------------- google news


@pytest.mark.parametrize(
    ("title", "publisher", "expected"),
    [
        ("K-스마트시티 수출 - 한결경제", "한결경제", ("K-스마트시티 수출", "한결경제")),
        (
            "가상시, 협약 체결 - 시정 - 누리일보",
            "누리일보",
            ("가상시, 협약 체결 - 시정", "누리일보"),
        ),
        ("가상시, 협약 체결 - 누리일보", "", ("가상시, 협약 체결", "누리일보")),
        ("제목만 있는 항목", "", ("제목만 있는 항목", "")),
    ],
)
def test_publisher_suffix_is_split_off(
    title: str, publisher: str, expected: tuple[str, str]
) -> None:
    assert split_title(title, publisher) == expected


def test_signals_are_title_only_articles() -> None:
    feed = (
        '<rss version="2.0"><channel><title>x</title><item><title>한·케냐 스마트시티 업무협약 - 한결경제</title>'
        "<link>https://news.google.com/rss/articles/CBMiTOKEN?oc=5</link>"
        "<pubDate>Wed, 26 Jun 2024 05:05:00 GMT</pubDate>"
        '<source url="https://www.hangyeoleco.example">한결경제</source></item></channel></rss>'
    )
    (signal,) = news_signals(parse_feed_text(feed))
    article = signal_article(signal, "gnews", NOW)
    assert (article.title, article.author, article.body) == (
        "한·케냐 스마트시티 업무협약",
        "한결경제",
        "",
    )
    assert article.published_at == datetime(2024, 6, 26, 5, 5, tzinfo=UTC)
    assert article.first_seen_at == NOW
    assert search_feed_url("https://news.google.com/rss/search", "a b").endswith(
        "?q=a%20b&hl=ko&gl=KR&ceid=KR:ko"
    )


# ---------------------------------------------------------------- sitemaps

URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{}</urlset>'
)


def news_url(loc: str, date: str, title: str = "제목") -> str:
    return (
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>시험</news:name></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{title}</news:title></news:news></url>"
    )


def test_news_entries_give_url_title_and_date_and_only_recent_ones_count() -> None:
    body = URLSET.format(
        news_url("https://news.example/1", "2025-11-30T10:00:00+09:00", "가상시 소식")
        + news_url("https://news.example/2", "2025-11-20T10:00:00+09:00")
        + "<url><loc>https://news.example/3</loc></url>"
        + "<url><loc>/relative/4</loc><lastmod>2025-11-30</lastmod></url>"
    ).encode()
    document = parse_sitemap(body, "https://news.example/sitemap.xml", NOW)
    assert document.kind == "urlset"
    assert [e.url for e in document.entries][-1] == "https://news.example/relative/4"
    recent = recent_entries(document.entries, NOW, 2 * 24 * 60)
    assert [(e.url, e.title) for e in recent] == [
        ("https://news.example/1", "가상시 소식"),
        ("https://news.example/relative/4", ""),
    ]
    assert recent[0].published_at == datetime(2025, 11, 30, 1, 0, tzinfo=UTC)


def test_index_lists_child_sitemaps_and_stale_ones_are_dropped() -> None:
    body = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://news.example/a.xml</loc><lastmod>2025-11-30T00:00:00Z</lastmod></sitemap>"
        b"<sitemap><loc>https://news.example/b.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
        b"<sitemap><loc>https://news.example/c.xml.gz</loc></sitemap></sitemapindex>"
    )
    document = parse_sitemap(body, "https://news.example/", NOW)
    assert document.kind == "index"
    assert [s.url for s in recent_sitemaps(document.sitemaps, NOW, 2880)] == [
        "https://news.example/a.xml",
        "https://news.example/c.xml.gz",
    ]


def test_euc_kr_sitemap_titles_are_decoded_as_cp949() -> None:
    xml = URLSET.format(news_url("https://news.example/1", "2025-11-30", "똠방각하 뷁")).replace(
        "UTF-8", "euc-kr"
    )
    (entry,) = parse_sitemap(xml.encode("cp949"), "https://news.example/", NOW).entries
    assert entry.title == "똠방각하 뷁"


def test_entities_are_never_expanded_or_fetched() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://news.example/&xxe;</loc><lastmod>2025-11-30</lastmod></url>"
        b"<url><loc>https://news.example/&c;</loc><lastmod>2025-11-30</lastmod></url></urlset>"
    )
    document = parse_sitemap(body, "https://news.example/", NOW)
    assert all("root:" not in e.url and "aaaa" not in e.url for e in document.entries)


def test_gzipped_sitemaps_are_unpacked_within_a_size_cap() -> None:
    xml = URLSET.format(news_url("https://news.example/1", "2025-11-30")).encode()
    assert unpack_sitemap(gzip.compress(xml), 1_000_000) == xml
    assert unpack_sitemap(xml, 10) == xml
    with pytest.raises(ValueError, match="larger than"):
        unpack_sitemap(gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>"), 1_000_000)
    with pytest.raises(ValueError, match="gzip"):
        unpack_sitemap(b"\x1f\x8b" + b"not gzip at all", 1_000_000)
    whole = gzip.compress(URLSET.format(news_url("https://news.example/2", "2025-11-30")).encode())
    with pytest.raises(ValueError, match="not a complete gzip file"):
        unpack_sitemap(whole[:-12], 1_000_000)  # cut short: the last links would be lost


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>not a sitemap</body></html>", b"<rss version='2.0'></rss>", b"\x00\x01"],
)
def test_documents_that_are_not_sitemaps_are_refused_with_a_reason(body: bytes) -> None:
    with pytest.raises(ValueError, match=r"not|empty"):
        parse_sitemap(body, "https://news.example/", NOW)


def test_recent_entries_cut_off_at_max_age() -> None:
    body = URLSET.format(
        news_url("https://news.example/new", (NOW - timedelta(hours=47)).isoformat())
        + news_url("https://news.example/old", (NOW - timedelta(hours=49)).isoformat())
    ).encode()
    entries = parse_sitemap(body, "https://news.example/", NOW).entries
    assert [e.url for e in recent_entries(entries, NOW, 48 * 60)] == ["https://news.example/new"]
