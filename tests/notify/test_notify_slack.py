"""The Slack channel against a real HTTP receiver on loopback."""

from __future__ import annotations

import json
import threading
import traceback
from typing import Any

import pytest
from support.loopback import LoopbackServer, Reply, SilentListener, closed_port
from support.payloads import ARTICLE_URL, TITLE, digest_of, sample_payload

from scwatch.core.errors import (
    ConfigError,
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from scwatch.notify.slack import SlackNotifier

SECRET_TOKEN = "s3cr3tW3bh00kT0ken"
SECRET_PATH = f"/services/T0SCWATCH/B0ALERTS/{SECRET_TOKEN}"


def visible(mrkdwn: str) -> str:
    """What a reader sees of the bold markers: zero-width spaces removed."""
    return mrkdwn.replace("\u200b", "")


def sent_message(receiver: LoopbackServer, payload: dict[str, object]) -> dict[str, Any]:
    SlackNotifier(receiver.url(SECRET_PATH)).send(payload, "key-1")
    [post] = receiver.requests
    message = post.json()
    assert isinstance(message, dict)
    return message


def failure(notifier: SlackNotifier) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        notifier.send(sample_payload(), "key-1")
    return caught.value


def test_alert_arrives_as_block_kit_with_link_outlet_kst_time_and_bold_terms(
    receiver: LoopbackServer,
) -> None:
    message = sent_message(receiver, sample_payload())
    [post] = receiver.requests
    assert post.target == SECRET_PATH
    assert post.headers["content-type"].startswith("application/json")
    assert post.headers["user-agent"] == "scwatch"

    blocks = message["blocks"]
    assert isinstance(blocks, list)
    assert [block["type"] for block in blocks] == ["section", "context", "section", "section"]
    link_url = ARTICLE_URL.replace("&", "&amp;")
    assert blocks[0]["text"] == {
        "type": "mrkdwn",
        "text": f"*<{link_url}|{TITLE}>*",
        "verbatim": True,
    }
    meta = visible(blocks[1]["elements"][0]["text"])
    assert meta == (
        "한빛일보 · published 2024-05-02 09:30 KST · rule *수출-MOU* · also in 2 other outlets"
    )
    body_evidence = visible(blocks[3]["text"]["text"])
    assert "*스마트시티* 교통 플랫폼" in body_evidence
    assert "*MOU*를 체결했다고" in body_evidence
    assert message["text"] == f"[수출-MOU] {TITLE} (한빛일보)"
    assert message["unfurl_links"] is False


def test_one_other_outlet_is_singular_and_none_is_not_mentioned(receiver: LoopbackServer) -> None:
    SlackNotifier(receiver.url(SECRET_PATH)).send(sample_payload(also_in=1), "a")
    SlackNotifier(receiver.url(SECRET_PATH)).send(sample_payload(also_in=0), "b")
    messages: list[Any] = [post.json() for post in receiver.requests]
    metas = [message["blocks"][1]["elements"][0]["text"] for message in messages]
    assert metas[0].endswith("also in 1 other outlet")
    assert "also in" not in metas[1]


def test_time_falls_back_to_first_seen_when_the_outlet_gave_none(receiver: LoopbackServer) -> None:
    message = sent_message(receiver, sample_payload(published_at=None))
    meta = message["blocks"][1]["elements"][0]["text"]
    assert "first seen 2024-05-02 09:41 KST" in meta


def test_scraped_text_cannot_ping_spoof_links_or_format(receiver: LoopbackServer) -> None:
    title = "<!channel> 긴급 <@U123> <https://evil.example|naver.com> *굵게* _기울임_ ~취소~ `코드`"
    sentence = "담당자 <@U123> 에게 <!here> 알림: 스마트시티 R&D 협력 > 확대"
    payload = sample_payload(
        title=title,
        evidence=[{"field": "body", "sentence": sentence, "terms": ["스마트시티", "R&D"]}],
    )
    message = sent_message(receiver, payload)
    everything = json.dumps(message, ensure_ascii=False)
    for dangerous in ["<!channel>", "<@U123>", "<!here>", "<https://evil.example"]:
        assert dangerous not in everything
    for markup in ["*굵게*", "_기울임_", "~취소~", "`코드`"]:
        assert markup not in everything

    headline = message["blocks"][0]["text"]["text"]
    assert headline.count("<") == 1, "the only link is the one scwatch builds"
    assert "&lt;!channel&gt; 긴급 &lt;@U123&gt;" in headline
    evidence = visible(message["blocks"][2]["text"]["text"])
    assert "&lt;@U123&gt; 에게 &lt;!here&gt;" in evidence
    assert "*스마트시티* *R&amp;D* 협력 &gt; 확대" in evidence
    assert "&lt;!channel&gt;" in str(message["text"])


def test_a_non_http_url_is_shown_without_a_link(receiver: LoopbackServer) -> None:
    message = sent_message(receiver, sample_payload(url="javascript:alert(1)"))
    headline = message["blocks"][0]["text"]["text"]
    assert headline == f"*{TITLE}*"
    assert "javascript" not in json.dumps(message)


def test_digest_lists_each_story_once(receiver: LoopbackServer) -> None:
    second = sample_payload(title="세종시 스마트시티 모델 사우디 진출", also_in=0)
    message = sent_message(receiver, digest_of(sample_payload(), second))
    texts = [visible(block["text"]["text"]) for block in message["blocks"]]
    assert texts[0] == "*수출-MOU: 2 new stories*"
    assert TITLE in texts[1] and "also in 2 other outlets" in texts[1]
    assert "세종시 스마트시티 모델 사우디 진출" in texts[2]
    assert message["text"] == "[scwatch] 수출-MOU: 2 new stories"


def test_429_is_retried_after_the_time_slack_asks_for(receiver: LoopbackServer) -> None:
    receiver.fallback = Reply(b"rate_limited", status=429, headers={"Retry-After": "7"})
    error = failure(SlackNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, TransientDeliveryError)
    assert error.retry_after == 7


def test_server_error_is_retried(receiver: LoopbackServer) -> None:
    receiver.fallback = Reply(b"rollup_error", status=500)
    error = failure(SlackNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, TransientDeliveryError)
    assert str(error) == "the Slack webhook answered 500 (rollup_error)"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, b"invalid_payload"),
        (403, b"action_prohibited"),
        (404, b"no_service"),
        (410, b"channel_is_archived"),
    ],
)
def test_refusals_are_permanent(receiver: LoopbackServer, status: int, body: bytes) -> None:
    receiver.fallback = Reply(body, status=status)
    error = failure(SlackNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, PermanentDeliveryError)
    assert str(error) == f"the Slack webhook answered {status} ({body.decode()})"


def test_a_webhook_that_never_answers_fails_transiently(silent_listener: SilentListener) -> None:
    url = f"http://127.0.0.1:{silent_listener.port}{SECRET_PATH}"
    notifier = SlackNotifier(url, timeout=0.5)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            notifier.send(sample_payload(), "key-1")
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(60)  # a liveness guard, far above the deadline: the send must not hang
    assert not worker.is_alive()
    [error] = outcome
    assert isinstance(error, TransientDeliveryError)
    assert "did not answer within 0.5 s" in str(error)


def test_an_answer_trickling_past_the_deadline_fails_transiently(receiver: LoopbackServer) -> None:
    receiver.fallback = Reply(drip_bytes=200)
    error = failure(SlackNotifier(receiver.url(SECRET_PATH), timeout=0.5))
    assert isinstance(error, TransientDeliveryError)
    assert "took over 0.5 s" in str(error)


def _failures(receiver: LoopbackServer, silent: SilentListener) -> list[DeliveryError]:
    errors = []
    for reply in [
        Reply(f"no route for {SECRET_PATH}".encode(), status=404),
        Reply(SECRET_TOKEN.encode(), status=400),
        Reply(receiver.url(SECRET_PATH).encode(), status=500),
        Reply(status=301, headers={"Location": receiver.url("/moved")}),
    ]:
        receiver.fallback = reply
        errors.append(failure(SlackNotifier(receiver.url(SECRET_PATH))))
    for base in [f"http://127.0.0.1:{closed_port()}", f"http://127.0.0.1:{silent.port}"]:
        errors.append(failure(SlackNotifier(base + SECRET_PATH, timeout=0.3)))
    return errors


def test_no_error_reveals_the_webhook_url(
    receiver: LoopbackServer, silent_listener: SilentListener
) -> None:
    errors = _failures(receiver, silent_listener)
    assert len(errors) == 6
    for error in errors:
        shown = str(error) + repr(error) + "".join(traceback.format_exception(error))
        assert SECRET_TOKEN not in shown
        assert "T0SCWATCH" not in shown
        assert error.__cause__ is None
        assert error.__context__ is None or error.__suppress_context__
    assert str(errors[0]) == "the Slack webhook answered 404"
    assert isinstance(errors[3], PermanentDeliveryError)
    assert receiver.requests[-1].target == SECRET_PATH, "redirects are not followed"


def test_the_url_stays_out_of_repr_and_config_errors() -> None:
    notifier = SlackNotifier(f"https://hooks.slack.example{SECRET_PATH}")
    assert SECRET_TOKEN not in repr(notifier)
    with pytest.raises(ConfigError) as caught:
        SlackNotifier(f"hooks.slack.example{SECRET_PATH}")
    assert SECRET_TOKEN not in str(caught.value)
