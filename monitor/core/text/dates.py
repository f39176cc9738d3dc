"""Parse the date strings Korean news sites and feeds print, into tz-aware UTC datetimes.

Own regular expressions first (fast and exact for the Korean forms), then ISO 8601 and
RFC 822, with dateparser only as the last resort. Naive values are Korean time. Pure.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from scwatch.core.clock import KST

__all__ = ["KST", "find_dates", "parse_korean_datetime"]

_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=1)

_LABEL = re.compile(
    r"^[\s\[\(<【]*(?:기사\s*)?(?:최초\s*)?(?:입력|수정|승인|등록|업데이트|발행|게재|작성|송고"
    r"|최종\s*(?:수정|업데이트|편집)|UPDATE[DS]?|PUBLISHED|MODIFIED|DATE)(?:\s*일시?|\s*시간)?"
    r"\s*[:：]?\s*",
    re.I,
)
_WEEKDAY = (
    r"(?:\(?\s*[월화수목금토일](?:요일)?\s*\)?"
    r"|\(?\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\s*\)?)"
)
_TIME = (
    r"(?P<H>\d{1,2})\s*(?::\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?"
    r"|시(?:\s*(?P<M2>\d{1,2})\s*분)?(?:\s*(?P<S2>\d{1,2})\s*초)?)"
)
_KOREAN_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*(?P<d>\d{1,2})"
    r"(?!\d)\s*(?:일|\.)?"
    rf"(?:\s*{_WEEKDAY})?"
    r"(?:\s*(?P<ampm1>오전|오후|AM|PM|am|pm))?"
    # KBS prints the time in brackets: "2026.01.06 (17:45)".
    rf"(?:\s*\(?\s*{_TIME}\s*\)?)?"
    r"(?:\s*(?P<ampm2>오전|오후|AM|PM|am|pm))?"
)
# "24.01.02 10:00": some sites print a two-digit year, always year first.
_SHORT_YEAR = re.compile(
    r"^(?P<y>\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?!\d)\.?"
    r"(?:\s*(?P<ampm1>오전|오후|AM|PM|am|pm))?(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"(?:\s*(?P<ampm2>오전|오후|AM|PM|am|pm))?\s*$"
)
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.I,
)
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\w*\s+\d{2,4}\s+\d{1,2}:\d{2}")
_RELATIVE = re.compile(r"^(?P<n>\d+)\s*(?P<unit>초|분|시간|일|주)\s*전")
_RELATIVE_UNITS = {"초": "seconds", "분": "minutes", "시간": "hours", "일": "days", "주": "weeks"}
_NAMED_DAYS = {"방금": 0, "방금 전": 0, "오늘": 0, "어제": 1, "그제": 2, "그저께": 2}
_ZONE_NAMES = {"KST": "+0900", "JST": "+0900", "UTC": "+0000", "GMT": "+0000", "Z": "+0000"}


def _plausible(value: datetime, now: datetime) -> datetime | None:
    try:
        value = value.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC: no news date anyway
        return None
    if value < _EARLIEST or value > now + _FUTURE_SLACK:
        return None
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=KST)


def _hour_24(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    afternoon = ampm.lower() in ("오후", "pm")
    if afternoon and hour < 12:
        return hour + 12
    if not afternoon and hour == 12:
        return 0
    return hour


def _from_korean_match(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    hour = _hour_24(int(parts["H"] or 0), parts["ampm1"] or parts["ampm2"])
    minute = int(parts["M"] or parts["M2"] or 0)
    second = int(parts["S"] or parts["S2"] or 0)
    try:
        return datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]), hour, minute, second, tzinfo=KST
        )
    except ValueError:
        return None


def _from_short_year(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    hour = _hour_24(int(parts["H"] or 0), parts["ampm1"] or parts["ampm2"])
    try:
        return datetime(
            2000 + int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            hour,
            int(parts["M"] or 0),
            int(parts["S"] or 0),
            tzinfo=KST,
        )
    except ValueError:
        return None


def _parse_relative(text: str, now: datetime) -> datetime | None:
    if text in _NAMED_DAYS:
        return now - timedelta(days=_NAMED_DAYS[text])
    match = _RELATIVE.match(text)
    if match is None:
        return None
    unit = _RELATIVE_UNITS[match.group("unit")]
    try:
        return now - timedelta(**{unit: int(match.group("n"))})
    except (OverflowError, ValueError):  # "99999999일 전": no real date
        return None


def _parse_iso(text: str) -> datetime | None:
    if not _ISO.match(text):
        return None
    text = re.sub(r"\s*[Zz]$", "+00:00", text.replace(",", "."))
    text = re.sub(r"\s+([+-]\d{2}:?\d{2})$", r"\1", text)
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    if not _RFC822.match(text):
        return None
    zone = re.search(r"\b([A-Z]{1,4})$", text)
    if zone and zone.group(1) in _ZONE_NAMES:
        text = text[: zone.start()].rstrip() + " " + _ZONE_NAMES[zone.group(1)]
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None and text.endswith("-0000"):
        return parsed.replace(tzinfo=UTC)
    return _aware(parsed)


def _parse_compact(text: str) -> datetime | None:
    match = _COMPACT.match(text)
    if match is None:
        return None
    y, m, d, hh, mm, ss = (int(g or 0) for g in match.groups())
    try:
        return datetime(y, m, d, hh, mm, ss, tzinfo=KST)
    except ValueError:
        return None


def _parse_with_dateparser(text: str) -> datetime | None:
    import dateparser  # slow to import and rarely needed

    settings = {
        "TIMEZONE": "Asia/Seoul",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        return dateparser.parse(text, languages=["ko", "en"], settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None


def _parse_any(text: str, now: datetime) -> datetime | None:
    for parser in (_parse_iso, _parse_rfc822, _parse_compact):
        parsed = parser(text)
        if parsed is not None:
            return parsed
    relative = _parse_relative(text, now)
    if relative is not None:
        return relative
    match = _KOREAN_DATE.search(text)
    if match is not None:
        return _from_korean_match(match)
    short = _SHORT_YEAR.match(text)
    if short is not None:
        return _from_short_year(short)
    if len(text) > 80:
        return None
    return _parse_with_dateparser(text)


def parse_korean_datetime(text: str, *, now: datetime | None = None) -> datetime | None:
    """The moment a date string names, in UTC; None when absent, unreadable or implausible."""
    if not text:
        return None
    now = (now or datetime.now(UTC)).astimezone(UTC)
    cleaned = _LABEL.sub("", " ".join(text.split())).strip(" []()<>【】")
    if not cleaned:
        return None
    parsed = _parse_any(cleaned, now)
    return _plausible(parsed, now) if parsed is not None else None


_PUBLISHED_LABEL = r"(?P<label>기사\s*입력|최초\s*입력|입력|등록|승인|게재|발행|송고|작성)"
_UPDATED_LABEL = r"(?P<label>최종\s*수정|최종\s*편집|수정|업데이트|UPDATE[DS]?)"
_DATE_AFTER_LABEL = r"(?:\s*일시?)?\s*[:：]?\s*(?P<date>(?:19|20)\d{2}\s*[.\-/년][^\n|]{3,40})"
_PUBLISHED_FIND = re.compile(_PUBLISHED_LABEL + _DATE_AFTER_LABEL)
_UPDATED_FIND = re.compile(_UPDATED_LABEL + _DATE_AFTER_LABEL, re.I)
_LABEL_WINDOW = 300
_PUBLISHED_PRIORITY = (
    "기사입력",
    "최초입력",
    "입력",
    "등록",
    "송고",
    "게재",
    "발행",
    "작성",
    "승인",
)


def _parse_labelled_value(value: str, now: datetime | None) -> datetime | None:
    first_token = value.split()[0]
    if "T" in first_token and _ISO.match(first_token):
        return parse_korean_datetime(first_token, now=now)
    date_match = _KOREAN_DATE.match(value)
    return parse_korean_datetime(date_match.group(0), now=now) if date_match else None


def _first_labelled(
    pattern: re.Pattern[str], text: str, priority: tuple[str, ...], now: datetime | None
) -> datetime | None:
    found: dict[str, datetime] = {}
    window_end: int | None = None
    for match in pattern.finditer(text):
        # Only the first cluster of labels counts: later ones belong to other articles' lists.
        if window_end is not None and match.start() > window_end:
            break
        label = re.sub(r"\s+", "", match.group("label")).upper()
        if label in found:
            continue
        parsed = _parse_labelled_value(match.group("date"), now)
        if parsed is not None:
            found[label] = parsed
            window_end = window_end or match.start() + _LABEL_WINDOW
    for label in priority:
        if label in found:
            return found[label]
    return next(iter(found.values()), None)


def find_dates(
    text: str, *, now: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    """(published, updated) from labelled dates (입력/등록/승인 …, 수정/업데이트) in page text."""
    published = _first_labelled(_PUBLISHED_FIND, text, _PUBLISHED_PRIORITY, now)
    updated = _first_labelled(_UPDATED_FIND, text, ("최종수정", "최종편집", "수정"), now)
    return published, updated
