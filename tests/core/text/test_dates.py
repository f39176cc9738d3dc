"""Korean and feed date strings -> the right instant in UTC, or None."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scwatch.core.text.dates import find_dates, parse_korean_datetime

NOW = datetime(2024, 11, 9, 3, 0, tzinfo=UTC)  # 2024-11-09 12:00 in Seoul


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024.01.02 10:00", utc(2024, 1, 2, 1, 0)),
        ("입력 2024.01.02 10:00", utc(2024, 1, 2, 1, 0)),
        ("기사입력 2019-01-08 14:09", utc(2019, 1, 8, 5, 9)),
        ("수정 2024-11-08 15:01:33", utc(2024, 11, 8, 6, 1, 33)),
        ("승인 2018.03.21 17:58", utc(2018, 3, 21, 8, 58)),
        ("등록 2024-03-12 11:00", utc(2024, 3, 12, 2, 0)),
        ("업데이트 2024.05.03 18:20", utc(2024, 5, 3, 9, 20)),
        ("UPDATE : 2018.3.21 수 17:58", utc(2018, 3, 21, 8, 58)),
        ("2024-01-02 오후 3:12", utc(2024, 1, 2, 6, 12)),
        ("2023.11.02. 오후 8:06", utc(2023, 11, 2, 11, 6)),
        ("기사입력 2024.11.08 오후 2:22", utc(2024, 11, 8, 5, 22)),
        ("2024.11.08 오전 12:05", utc(2024, 11, 7, 15, 5)),
        ("2024.11.08 오후 12:05", utc(2024, 11, 8, 3, 5)),
        ("2023. 11. 1. 05:48", utc(2023, 10, 31, 20, 48)),
        ("2024년 11월 8일 14시 22분", utc(2024, 11, 8, 5, 22)),
        ("2013.08.14 23시 54분", utc(2013, 8, 14, 14, 54)),
        ("[입력 2024.11.08 14:22]", utc(2024, 11, 8, 5, 22)),
        ("2018-04-06T19:32:01+09:00", utc(2018, 4, 6, 10, 32, 1)),
        ("2018-04-06T19:32:01+0900", utc(2018, 4, 6, 10, 32, 1)),
        ("2018-04-06T10:32:01Z", utc(2018, 4, 6, 10, 32, 1)),
        ("2018-04-06T10:32:01.250Z", utc(2018, 4, 6, 10, 32, 1, 250000)),
        ("2004-12-27T11:30:00", utc(2004, 12, 27, 2, 30)),
        ("2024-01-02", utc(2024, 1, 1, 15, 0)),
        ("Tue, 27 Dec 2005 13:30:33+0900", utc(2005, 12, 27, 4, 30, 33)),
        ("Tue, 27 Dec 2005 13:30:33 +0900", utc(2005, 12, 27, 4, 30, 33)),
        ("Tue, 27 Dec 2005 13:30:33 KST", utc(2005, 12, 27, 4, 30, 33)),
        ("Tue, 27 Dec 2005 13:30:33 GMT", utc(2005, 12, 27, 13, 30, 33)),
        ("20240102100000", utc(2024, 1, 2, 1, 0)),
    ],
)
def test_formats_parse_to_utc(raw: str, expected: datetime) -> None:
    parsed = parse_korean_datetime(raw, now=NOW)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("raw", "ago"),
    [
        ("3시간 전", timedelta(hours=3)),
        ("10분 전", timedelta(minutes=10)),
        ("2일 전", timedelta(days=2)),
        ("어제", timedelta(days=1)),
    ],
)
def test_relative_dates_count_back_from_now(raw: str, ago: timedelta) -> None:
    assert parse_korean_datetime(raw, now=NOW) == NOW - ago


@pytest.mark.parametrize(
    "raw",
    [
        "1990-01-01 10:00",
        "2030-01-01 10:00",
        "2024.11.11 09:00",
        "",
        "   ",
        "입력",
        "날짜 없음",
        "2024.13.45 10:00",
    ],
)
def test_implausible_or_missing_dates_are_none(raw: str) -> None:
    assert parse_korean_datetime(raw, now=NOW) is None


def test_less_than_a_day_ahead_is_tolerated() -> None:
    # Clocks drift and some outlets stamp articles for the morning edition.
    assert parse_korean_datetime("2024.11.09 23:00", now=NOW) == utc(2024, 11, 9, 14, 0)


def test_english_fallback_reads_other_formats_as_seoul_time() -> None:
    assert parse_korean_datetime("November 3, 2023 10:00 AM", now=NOW) == utc(2023, 11, 3, 1, 0)


def test_find_dates_reads_labelled_published_and_updated() -> None:
    text = "기자명 한다온 기자 입력 2024.11.08 14:22 수정 2024.11.08 15:01 댓글 0"
    assert find_dates(text, now=NOW) == (utc(2024, 11, 8, 5, 22), utc(2024, 11, 8, 6, 1))


def test_find_dates_prefers_input_over_approval() -> None:
    text = "승인 2018.03.21 17:58 | 입력 2018.03.21 16:40 | UPDATE : 2018.3.21 수 18:10"
    assert find_dates(text, now=NOW) == (utc(2018, 3, 21, 7, 40), utc(2018, 3, 21, 9, 10))


def test_find_dates_without_labels_finds_nothing() -> None:
    assert find_dates("2024.11.08 14:22 스마트시티 박람회 개막", now=NOW) == (None, None)


def test_find_dates_with_iso_values() -> None:
    published, updated = find_dates(
        "등록 2024-01-02T10:00:00+09:00 최종수정 2024-01-02 11:30", now=NOW
    )
    assert published == utc(2024, 1, 2, 1, 0)
    assert updated == utc(2024, 1, 2, 2, 30)


def test_find_dates_ignores_labels_far_below_the_first_ones() -> None:
    header = "등록 2024.05.03 14:00 | 조회 120"
    sidebar = " 다른 기사 " * 60 + "입력 2024.04.01 09:00"
    assert find_dates(header + sidebar, now=NOW) == (utc(2024, 5, 3, 5, 0), None)


def test_absurd_relative_dates_are_unknown_not_a_crash() -> None:
    """Regression: '999…일 전' raised OverflowError and killed a sitemap callback."""
    assert parse_korean_datetime("9" * 30 + "일 전") is None
    assert parse_korean_datetime("9999999 일 전") is None
