"""Property-based tests of date parsing (scwatch.core.text.dates): any string gives a
timezone-aware UTC moment or None and never raises, and the forms Korean sites and feeds
print come back as the moment that was written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scwatch.core.text.dates import KST, find_dates, parse_korean_datetime

# No deadline (the first call imports dateparser): the suite makes no timed assertions.
NO_DEADLINE = settings(deadline=None)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
PIECES = st.sampled_from(
    ["2024", "1995", "0001", "9999", "년", "월", "일", "시", "분", "초", "전", "오전", "오후",
     "입력", "수정", "기사입력", ":", ".", "-", "/", "+09:00", "Z", "T", " ", "KST", "GMT",
     "Mon,", "Jan", "12", "31", "00", "99999999999", "(월)", "어제", "방금", "\x00", "\u202e"]
)  # fmt: skip
DATE_LIKE = st.lists(PIECES | st.text(max_size=4), max_size=12).map("".join)
NOWS = st.none() | st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
MOMENTS = st.datetimes(
    min_value=datetime(1996, 1, 1), max_value=datetime(2026, 12, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@NO_DEADLINE
@given(st.text() | DATE_LIKE, NOWS)
@example("0001-01-01T00:00:00+09:00", None)  # before year 1 in UTC: astimezone overflowed
def test_any_string_gives_an_aware_moment_or_none(text: str, now: datetime | None) -> None:
    parsed = parse_korean_datetime(text, now=now)
    assert parsed is None or parsed.utcoffset() == timedelta(0)
    published, updated = find_dates(text, now=now)
    assert all(d is None or d.tzinfo is not None for d in (published, updated))


def korean(moment: datetime) -> list[str]:
    """The forms Korean pages print, in Korean time."""
    k = moment.astimezone(KST)
    half = "오후" if k.hour >= 12 else "오전"
    hour12 = k.hour % 12 or 12
    return [
        k.strftime("%Y-%m-%d %H:%M:%S"),
        k.strftime("%Y.%m.%d %H:%M:%S"),
        k.strftime("%Y/%m/%d %H:%M:%S"),
        k.strftime("%Y%m%d%H%M%S"),
        f"{k.year}년 {k.month}월 {k.day}일 {k.hour}시 {k.minute}분 {k.second}초",
        f"{k.year}. {k.month}. {k.day}. {half} {hour12}:{k.minute:02d}:{k.second:02d}",
        f"입력 {k:%Y.%m.%d %H:%M:%S}",
        f"기사입력 {k.year}년 {k.month:02d}월 {k.day:02d}일 ({'월화수목금토일'[k.weekday()]}) "
        f"{k:%H:%M:%S}",
    ]


@NO_DEADLINE
@given(MOMENTS)
def test_written_moments_round_trip(moment: datetime) -> None:
    forms = [*korean(moment), format_datetime(moment), moment.isoformat()]
    forms.append(moment.astimezone(KST).isoformat())
    forms.append(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for form in forms:
        assert parse_korean_datetime(form, now=NOW) == moment, form
