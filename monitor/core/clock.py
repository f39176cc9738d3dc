"""Time helpers: UTC inside the program, Asia/Seoul when shown."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_kst(moment: datetime | None) -> datetime | None:
    return moment.astimezone(KST) if moment is not None else None


_WINDOW = re.compile(r"(\d{1,5})([mhdw])")
_WINDOW_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
SINCE_FORMS = (
    "a window such as 30d, 2w, 12h or 45m, or a date (2025-01-01) or date-time "
    "(2025-01-01T09:00), read as KST"
)


def parse_since(text: str, now: datetime) -> datetime:
    """The moment a `--since` value names: '30d', '2w', '12h', '45m' back from `now`, or an
    ISO date or date-time (KST unless it carries its own offset). ValueError otherwise."""
    value = text.strip().lower()
    window = _WINDOW.fullmatch(value)
    if window:
        return now - timedelta(**{_WINDOW_UNITS[window.group(2)]: int(window.group(1))})
    try:
        moment = datetime.fromisoformat(value) if re.match(r"\d{4}-\d\d-\d\d", value) else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(f"expected {SINCE_FORMS}; got {text!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=KST)
    return moment.astimezone(UTC)


def format_kst(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A timestamp as people in Korea read it, or '' when unknown."""
    shown = to_kst(moment)
    return f"{shown.strftime(fmt)} KST" if shown is not None else ""


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date (RFC 9110);
    None when absent or unreadable. Callers apply their own cap."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # the email package: only for HTTP-dates

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses as naive; HTTP-dates are GMT anyway
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or utcnow())).total_seconds())
