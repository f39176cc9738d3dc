"""Event days: the calendar days an article says its event happens on. Pure.

Two events of the same parties a few days apart (an MOU in Tashkent on the 13th, a study
kick-off in Seoul on the 16th; a first move-in "27일" against one "다음 달 1일부터") share
names, places and words; the day they happen on tells them apart. A day of the month
("16일", "지난 15일", "오는 29일", "5월 29일", "May 29") is resolved against the
publication date; the day an article is *reported* ("…고 16일 밝혔다", "19일 국토부에
따르면") is not the event's and is left out. `decide` vetoes when both sides state days and
none lies within one day of another (docs/stories.md).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from scwatch.core.text.folding import fold

_KOREAN_DAY = re.compile(r"(?<!\d)(?:(\d{1,2})\s*월\s*)?(\d{1,2})\s*일(?![간째])")
# Just before the day: "지난 15일", "오는 29일", "지난달 29일", "다음 달 1일".
_RELATIVE = re.compile(r"(지난\s*달|다음\s*달|내달|지난|오는)\s*$")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# "May 29", "Dec. 3", "Sept. 10", "3 December" (wire style abbreviates the month).
_MONTH_NAMES = "|".join([*_MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept",
                         "sep", "oct", "nov", "dec"])  # fmt: skip
_ENGLISH_DAY = re.compile(
    rf"\b(?:({_MONTH_NAMES})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTH_NAMES})\.?)\b"
)
# An English wire's dateline is the report's day: "SEOUL, Sept. 10 (Yonhap) --".
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)]{2,20}\))?\s*(?:--|—)")
# "signed … on Tuesday": the event's weekday; "said Tuesday" is the report's and is not read.
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ENGLISH_WEEKDAY = re.compile(r"\bon\s+(" + "|".join(_WEEKDAYS) + r")\b")
# A weekday in a sentence about the future ("will sign … on Friday") is the next one.
_ENGLISH_FUTURE = re.compile(r"\b(?:will|shall|to be|set to|plans? to|expected to|next)\b")
# After the day: the reporting verb or source ("16일 밝혔다", "19일 국토부에 따르면").
_REPORTED = re.compile(
    r"\s*(?:\(현지시간\)\s*)?(?:밝혔|전했|발표했|알렸|\S{1,12}에\s*따르면|\S{1,12}\s*관계자는)"
)
_REPORTED_BEFORE = re.compile(r"(?:고|며)\s*$")  # "체결했다고 16일 밝혔다"
# A day resolves to the month that puts it nearest the publication date.
_NEAREST_MONTHS = (-1, 0, 1)


def event_days(text: str, published_at: datetime | None, english: bool = True) -> frozenset[int]:
    """The event days named in `text` (title and lead), as date ordinals; none without a
    publication date to resolve them against; English forms only when `english`."""
    if published_at is None:
        return frozenset()
    folded = fold(text)
    today = published_at.date()
    days: set[int] = set()
    for match in _KOREAN_DAY.finditer(folded):
        if _reported(folded, match.start(), match.end()):
            continue
        month = int(match.group(1)) if match.group(1) else None
        relative = _RELATIVE.search(folded, max(0, match.start() - 6), match.start())
        found = _resolve(today, int(match.group(2)), month, relative.group(1) if relative else "")
        if found is not None:
            days.add(found.toordinal())
    if english:
        days |= _english_days(folded, today)
    return frozenset(days)


def _english_days(folded: str, today: date) -> set[int]:
    """Days in English: a month and a day either way round, and "on Tuesday" (the latest
    such weekday up to the publication day, the next one from it in a sentence about the
    future)."""
    days = set()
    for match in _ENGLISH_DAY.finditer(folded):
        if _DATELINE_AFTER.match(folded, match.end()):
            continue
        name = match.group(1) or match.group(4)
        month = next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(name[:3]))
        found = _resolve(today, int(match.group(2) or match.group(3)), month, "")
        if found is not None:
            days.add(found.toordinal())
    for match in _ENGLISH_WEEKDAY.finditer(folded):
        weekday = _WEEKDAYS.index(match.group(1))
        sentence = folded[folded.rfind(".", 0, match.start()) + 1 : match.start()]
        if _ENGLISH_FUTURE.search(sentence):
            days.add(today.toordinal() + (weekday - today.weekday()) % 7)
        else:
            days.add(today.toordinal() - (today.weekday() - weekday) % 7)
    return days


def _reported(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    return bool(_REPORTED.match(text, end) or _REPORTED_BEFORE.search(before))


def _resolve(today: date, day: int, month: int | None, relative: str) -> date | None:
    relative = "".join(relative.split())
    if month is not None:
        options = [_day(today.year + shift, month, day) for shift in (-1, 0, 1)]
    else:
        shift = {"지난달": [-1], "다음달": [1], "내달": [1]}.get(relative, list(_NEAREST_MONTHS))
        options = [_month_day(today, step, day) for step in shift]
    found = [d for d in options if d is not None]
    if relative == "지난":
        found = [d for d in found if d <= today]
    elif relative == "오는":
        found = [d for d in found if d >= today]
    return min(found, key=lambda d: abs(d - today), default=None)


def _month_day(today: date, step: int, day: int) -> date | None:
    month = today.month + step
    year = today.year + (month - 1) // 12
    return _day(year, (month - 1) % 12 + 1, day)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def days_apart(mine: frozenset[int], theirs: frozenset[int]) -> int:
    """The smallest distance in days between a day of each side."""
    return min(abs(a - b) for a in mine for b in theirs)
