"""Dates as Korean outlets write them: labels, the 12-hour clock, relative times, zones, and
dc:date in feeds and pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest

from scwatch.core.extract.profiles import read_page_meta
from scwatch.core.formats.rss import feed_entries, parse_feed_text
from scwatch.core.text.dates import find_dates, parse_korean_datetime

NOW = datetime(2024, 11, 9, 3, 0, tzinfo=UTC)  # 12:00 in Seoul


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("입력 : 2013-07-09 17:00:00", utc(2013, 7, 9, 8, 0)),
        ("송고2024-01-02 10:00", utc(2024, 1, 2, 1, 0)),
        ("최종편집 : 2013-02-14 오전 11:40", utc(2013, 2, 14, 2, 40)),
        ("2024-01-02 오후 3:12", utc(2024, 1, 2, 6, 12)),
        ("2024.09.18. 15:02", utc(2024, 9, 18, 6, 2)),
        ("24.01.02 10:00", utc(2024, 1, 2, 1, 0)),
        ("2024-01-02T10:00:00+0900", utc(2024, 1, 2, 1, 0)),
        ("2024-01-02T10:00:00.000+0900", utc(2024, 1, 2, 1, 0)),
        ("2024-01-02T10:00:00+09", utc(2024, 1, 2, 1, 0)),
        ("2024-01-02 10:00", utc(2024, 1, 2, 1, 0)),
        ("2024-01-02T10:00:00", utc(2024, 1, 2, 1, 0)),
    ],
)
def test_korean_forms_and_zones(raw: str, expected: datetime) -> None:
    assert parse_korean_datetime(raw, now=NOW) == expected


@pytest.mark.parametrize(
    ("raw", "ago"),
    [
        ("3시간 전", timedelta(hours=3)),
        ("15분 전", timedelta(minutes=15)),
        ("2일 전", timedelta(days=2)),
    ],
)
def test_relative_times_count_back_from_the_fetch(raw: str, ago: timedelta) -> None:
    assert parse_korean_datetime(raw, now=NOW) == NOW - ago


@pytest.mark.parametrize(
    ("text", "published", "updated"),
    [
        (
            "연하준 기자 | 기사입력 : 2013-02-14 오전 9:05 | 최종편집 : 2013-02-14 오전 11:40",
            utc(2013, 2, 14, 0, 5),
            utc(2013, 2, 14, 2, 40),
        ),
        (
            "등록 2024-09-26 18:32 수정 2024-09-27 02:10",
            utc(2024, 9, 26, 9, 32),
            utc(2024, 9, 26, 17, 10),
        ),
        ("승인 2018.03.21 17:58", utc(2018, 3, 21, 8, 58), None),
        (
            "입력 2024.06.07 09:12 수정 2024.06.07 10:40 댓글 2",
            utc(2024, 6, 7, 0, 12),
            utc(2024, 6, 7, 1, 40),
        ),
    ],
)
def test_labelled_published_and_updated(
    text: str, published: datetime, updated: datetime | None
) -> None:
    assert find_dates(text, now=NOW) == (published, updated)


def test_dc_date_in_feeds_and_pages() -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>t</title><item><title>a</title><link>https://news.example/a</link>"
        "<dc:date>2018-04-06T19:32:01+09:00</dc:date></item></channel></rss>"
    )
    (entry,) = feed_entries(parse_feed_text(feed), "https://news.example/rss")
    assert entry.published_at == utc(2018, 4, 6, 10, 32, 1)
    tree = lxml.html.document_fromstring(
        '<html><head><meta name="DC.date" content="2012-05-03T15:12:00"></head><body><p>x</p></body></html>'
    )
    assert parse_korean_datetime(read_page_meta(tree).published) == utc(2012, 5, 3, 6, 12)
