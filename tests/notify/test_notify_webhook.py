"""The generic webhook channel against a real HTTP receiver on loopback."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest
from support.loopback import LoopbackServer, Reply, SilentListener, in_order
from support.payloads import sample_payload

from scwatch.core.errors import DeliveryError, PermanentDeliveryError, TransientDeliveryError
from scwatch.notify.webhook import WebhookNotifier

SECRET_PATH = "/hooks/scwatch?token=Zq81wPc0tOkenValue"


def failure(notifier: WebhookNotifier) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        notifier.send(sample_payload(), "0f3c9a")
    return caught.value


def test_payload_arrives_as_utf8_json_with_idempotency_key(receiver: LoopbackServer) -> None:
    payload = sample_payload()
    WebhookNotifier(receiver.url(SECRET_PATH)).send(payload, "0f3c9a")
    [post] = receiver.requests
    assert post.json() == payload
    assert "스마트시티".encode() in post.body, "Korean is sent as UTF-8, not \\u escapes"
    assert post.headers["idempotency-key"] == "0f3c9a"
    assert post.headers["user-agent"] == "scwatch"
    assert post.headers["content-type"] == "application/json; charset=utf-8"


def test_a_repeat_carries_the_same_idempotency_key(receiver: LoopbackServer) -> None:
    notifier = WebhookNotifier(receiver.url(SECRET_PATH))
    notifier.send(sample_payload(), "0f3c9a")
    notifier.send(sample_payload(), "0f3c9a")
    assert [post.headers["idempotency-key"] for post in receiver.requests] == ["0f3c9a", "0f3c9a"]


def test_any_2xx_is_success(receiver: LoopbackServer) -> None:
    receiver.fallback = in_order(Reply(status=202), Reply(status=204))
    notifier = WebhookNotifier(receiver.url(SECRET_PATH))
    notifier.send(sample_payload(), "a")
    notifier.send(sample_payload(), "b")
    assert len(receiver.requests) == 2


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503])
def test_busy_or_broken_receivers_are_retried(receiver: LoopbackServer, status: int) -> None:
    receiver.fallback = Reply(b"busy", status=status)
    error = failure(WebhookNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, TransientDeliveryError)
    assert str(error) == f"the webhook answered {status} (busy)"


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
def test_refusals_are_permanent(receiver: LoopbackServer, status: int) -> None:
    receiver.fallback = Reply(status=status)
    error = failure(WebhookNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, PermanentDeliveryError)
    assert str(error) == f"the webhook answered {status}"


def test_retry_after_as_an_http_date_is_capped_at_an_hour(receiver: LoopbackServer) -> None:
    two_hours = formatdate(time.time() + 7200, usegmt=True)
    receiver.fallback = Reply(status=503, headers={"Retry-After": two_hours})
    error = failure(WebhookNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, TransientDeliveryError)
    assert error.retry_after == 3600


def test_a_redirect_is_not_followed(receiver: LoopbackServer) -> None:
    receiver.fallback = Reply(status=307, headers={"Location": receiver.url("/elsewhere")})
    error = failure(WebhookNotifier(receiver.url(SECRET_PATH)))
    assert isinstance(error, PermanentDeliveryError)
    assert "redirect" in str(error)
    assert [post.target for post in receiver.requests] == [SECRET_PATH]


def test_silence_fails_transiently_without_revealing_the_url(
    silent_listener: SilentListener,
) -> None:
    url = f"http://127.0.0.1:{silent_listener.port}{SECRET_PATH}"
    error = failure(WebhookNotifier(url, timeout=0.3))
    assert isinstance(error, TransientDeliveryError)
    assert "Zq81wPc0tOkenValue" not in str(error)
    assert str(silent_listener.port) not in str(error)
