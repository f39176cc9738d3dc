"""Escaping and parsing helpers shared by the alert channels, and what they keep out of
messages, logs and terminals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scwatch.notify.escape import (
    Segment,
    marked_segments,
    one_line,
    safe_http_url,
    slack_escape,
    slack_link,
    story_view,
)
from scwatch.notify.http import parse_retry_after

NOW = datetime(2024, 5, 2, 0, 0, tzinfo=UTC)


def test_slack_escape_turns_control_characters_into_entities() -> None:
    assert slack_escape("A&B <!channel> <@U123>") == "A&amp;B &lt;!channel&gt; &lt;@U123&gt;"


def test_slack_escape_leaves_no_formatting_characters() -> None:
    escaped = slack_escape("*굵게* _기울임_ ~취소~ `코드` ＊전각＊")
    assert not set("*_~`＊") & set(escaped)
    assert "굵게" in escaped and "코드" in escaped


def test_a_quote_mark_cannot_open_a_slack_blockquote() -> None:
    assert slack_escape("> 인용").startswith("\u00ad&gt;")
    assert slack_escape("1 > 0") == "1 &gt; 0"


def test_slack_link_only_for_http_urls() -> None:
    assert slack_link("https://a.kr/x?a=1&b=2", "제목") == "<https://a.kr/x?a=1&amp;b=2|제목>"
    assert slack_link("https://a.kr/x|y>z", "t") == "<https://a.kr/x%7Cy%3Ez|t>"
    assert slack_link("javascript:alert(1)", "<b>") == "&lt;b&gt;"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "/relative", "https://", "http://a b", "", None],
)
def test_unsafe_urls_are_refused(url: object) -> None:
    assert safe_http_url(url) is None


def test_marked_segments_prefer_the_longest_term() -> None:
    segments = marked_segments("스마트시티 수출과 스마트 기술", ["스마트", "스마트시티"])
    assert segments == [
        Segment("스마트시티", True),
        Segment(" 수출과 ", False),
        Segment("스마트", True),
        Segment(" 기술", False),
    ]


def test_one_line_removes_header_breaking_characters() -> None:
    assert one_line("제목\r\nBcc: x@y\t\x00끝") == "제목 Bcc: x@y 끝"


def test_story_view_tolerates_missing_and_odd_values() -> None:
    view = story_view({"title": "", "published_at": "yesterday", "also_in": "x", "evidence": "s"})
    assert view.title == "(untitled)"
    assert view.when == "" and view.also_in == 0 and view.evidence == ()


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("86400", 3600.0),
        ("Thu, 02 May 2024 00:00:30 GMT", 30.0),
        ("Wed, 01 May 2024 23:00:00 GMT", 0.0),
        ("Fri, 03 May 2024 00:00:00 GMT", 3600.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_seconds_or_http_date(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def test_server_reason_never_echoes_a_secret_from_the_query_string() -> None:
    """Regression: a token in the webhook's query string came back in last_error."""
    from scwatch.notify.http import _reason

    assert _reason("invalid token s3cr3tvalue", "https://h.example/in?token=s3cr3tvalue") == ""
    assert _reason("no_service", "https://hooks.slack.com/services/T0/B0/abcdef") == " (no_service)"


def test_console_alert_strips_terminal_control_sequences() -> None:
    """Regression: a title with an ANSI/OSC escape reached the operator's terminal raw."""
    import io

    from scwatch.notify import ConsoleNotifier

    stream = io.StringIO()
    payload = {"rule": "r", "title": "스마트시티 \x1b]8;;http://evil\x07수출\x1b[31m", "url":
               "https://news.example.kr/1", "source": "t", "first_seen_at": "2024-11-08T05:00:00+00:00",
               "evidence": [{"field": "title", "sentence": "스마트시티 수출", "terms": ["수출"]}]}
    ConsoleNotifier(stream).send(payload, "k")
    text = stream.getvalue()
    assert "\x1b" not in text and "\x07" not in text
    assert "**수출**" in text and "2024-11-08 14:00 KST" in text
