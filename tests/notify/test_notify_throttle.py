"""429 and 503 say "slow down" for the whole channel (ChannelThrottledError, which the worker
turns into a pause); other failures stay about the one alert."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest
from support.loopback import LoopbackServer, Reply
from support.payloads import sample_payload

from scwatch.core.errors import ChannelThrottledError, DeliveryError, TransientDeliveryError
from scwatch.notify.slack import SlackNotifier
from scwatch.notify.webhook import WebhookNotifier


def failure(notifier: SlackNotifier | WebhookNotifier) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        notifier.send(sample_payload(), "key")
    return caught.value


@pytest.mark.parametrize(
    ("status", "header", "retry_after"),
    [(429, "7", 7.0), (503, None, None), (429, "86400", 3600.0)],
)
def test_slow_down_answers_throttle_the_channel(
    receiver: LoopbackServer, status: int, header: str | None, retry_after: float | None
) -> None:
    receiver.fallback = Reply(
        b"rate_limited", status=status, headers={"Retry-After": header} if header else {}
    )
    for notifier in (SlackNotifier(receiver.url("/s")), WebhookNotifier(receiver.url("/h"))):
        error = failure(notifier)
        assert isinstance(error, ChannelThrottledError)
        assert error.retry_after == retry_after


def test_retry_after_as_an_http_date_reaches_the_worker(receiver: LoopbackServer) -> None:
    receiver.fallback = Reply(
        status=429, headers={"Retry-After": formatdate(time.time() + 90, usegmt=True)}
    )
    error = failure(WebhookNotifier(receiver.url("/h")))
    assert isinstance(error, ChannelThrottledError)
    assert error.retry_after is not None and 80 <= error.retry_after <= 91


@pytest.mark.parametrize("status", [408, 500, 502])
def test_other_failures_concern_only_the_alert(receiver: LoopbackServer, status: int) -> None:
    receiver.fallback = Reply(b"busy", status=status)
    error = failure(WebhookNotifier(receiver.url("/h")))
    assert isinstance(error, TransientDeliveryError)
    assert not isinstance(error, ChannelThrottledError)
