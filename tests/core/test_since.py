"""`--since`: one parser for every command: a window back from now (30d, 2w, 12h, 45m) or
a moment (an ISO date or date-time, read as KST unless it names its offset)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scwatch.core.clock import parse_since

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("30d", timedelta(days=30)),
        ("2w", timedelta(weeks=2)),
        ("12h", timedelta(hours=12)),
        ("45m", timedelta(minutes=45)),
        (" 7D ", timedelta(days=7)),
    ],
)
def test_windows_count_back_from_now(text: str, back: timedelta) -> None:
    assert parse_since(text, NOW) == NOW - back


def test_a_date_is_midnight_in_korea() -> None:
    assert parse_since("2025-01-01", NOW) == datetime(2024, 12, 31, 15, 0, tzinfo=UTC)


def test_a_date_time_is_read_as_kst_unless_it_names_its_offset() -> None:
    assert parse_since("2025-01-01T09:30", NOW) == datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    assert parse_since("2025-01-01 09:30", NOW) == datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    assert parse_since("2025-01-01T09:30+00:00", NOW) == datetime(2025, 1, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["yesterday", "30", "d30", "2025-13-01", "", "-3d", "3y"])
def test_anything_else_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match="2w") as error:
        parse_since(text, NOW)
    assert "2025-01-01" in str(error.value)
