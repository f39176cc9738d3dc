"""Time helpers: UTC inside the program, Asia/Seoul when shown."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_kst(moment: datetime | None) -> datetime | None:
    return moment.astimezone(KST) if moment is not None else None


def format_kst(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A timestamp as people in Korea read it, or '' when unknown."""
    shown = to_kst(moment)
    return f"{shown.strftime(fmt)} KST" if shown is not None else ""
