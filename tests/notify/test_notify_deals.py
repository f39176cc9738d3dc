"""Every channel carries the deal in one line and marks a story's update as such."""

from __future__ import annotations

from support.payloads import digest_of, sample_payload

from scwatch.notify.email import alert_subject, render_alert
from scwatch.notify.render import render_text
from scwatch.notify.slack import build_slack_message

DEAL_LINE = "부산시 ↔ 하노이 인민위원회 · MOU · 스마트시티 교통 플랫폼 (done)"


def with_deal(**overrides: object) -> dict[str, object]:
    return sample_payload(deal={"line": DEAL_LINE, "amount_krw": None}, **overrides)


def test_slack_shows_the_deal_and_the_update_mark() -> None:
    message = build_slack_message(with_deal(update=True))
    text = str(message["blocks"])
    assert "Deal:" in text and "하노이 인민위원회" in text
    assert str(message["text"]).startswith("[수출-MOU] Update: ")
    digest = str(build_slack_message(digest_of(with_deal()))["blocks"])
    assert "하노이 인민위원회" in digest


def test_email_shows_the_deal_and_marks_the_update_in_the_subject() -> None:
    mail = render_alert(with_deal())
    assert f"deal: {DEAL_LINE}" in mail.text
    assert "하노이 인민위원회" in mail.html
    assert "Update:" in alert_subject(with_deal(update=True))
    assert "Update:" not in alert_subject(with_deal())


def test_console_shows_the_deal_line() -> None:
    text = render_text(with_deal(update=True))
    assert f"deal: {DEAL_LINE}" in text and "Update: " in text


def test_a_deal_line_cannot_inject_control_characters() -> None:
    hostile = sample_payload(deal={"line": "LH\x1b[2J ↔ \nKuwait"})
    assert "\x1b" not in render_text(hostile)
    assert "\x1b" not in str(build_slack_message(hostile))
