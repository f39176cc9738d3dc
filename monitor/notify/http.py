"""Posting one JSON alert over HTTP, shared by the Slack and webhook channels.

The URL is a secret (a Slack webhook URL is its own credential), and httpx puts the full URL
into its exception text, so no httpx error is ever passed on: errors are rebuilt from the
status code and a short reason, raised `from None`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from scwatch.core.clock import retry_after_seconds
from scwatch.core.errors import (
    ChannelThrottledError,
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)

USER_AGENT = "scwatch"
DEFAULT_DEADLINE = 15.0
MAX_RETRY_AFTER = 3600.0  # a server asking for more than an hour is asked again in an hour
MAX_ANSWER_BYTES = 64 * 1024
# Reasons worth showing are short tokens such as Slack's `invalid_payload`; anything else in
# an answer body might echo the request (and with it the secret URL), so it is left out.
_REASON_TOKEN = re.compile(r"[A-Za-z0-9_.:\- ]{1,80}")
_TRANSIENT_STATUSES = {408, 425, 429}
# "Slow down" answers: they concern the whole channel, not one alert, so the channel pauses.
_THROTTLE_STATUSES = {429, 503}


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    text: str


def new_client() -> httpx.Client:
    """A client that never follows redirects (a POST must not wander to another host)."""
    return httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT})


def post_json(
    client: httpx.Client,
    url: str,
    body: object,
    *,
    service: str,
    deadline: float = DEFAULT_DEADLINE,
    headers: Mapping[str, str] | None = None,
) -> HttpAnswer:
    """POST `body` as UTF-8 JSON; return the 2xx answer or raise a classified DeliveryError.

    Every network wait is bounded by `deadline` and the whole answer must arrive within it;
    `service` names the receiver in messages ("the Slack webhook"), never the URL.
    """
    content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    sent_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        **(headers or {}),
    }
    finish_by = time.monotonic() + deadline
    try:
        with client.stream(
            "POST",
            url,
            content=content,
            headers=sent_headers,
            timeout=httpx.Timeout(deadline),
            follow_redirects=False,
        ) as response:
            text = _read_answer(response, finish_by, service, deadline)
            answer = HttpAnswer(response.status_code, text)
            retry_header = response.headers.get("Retry-After")
    except DeliveryError:
        raise
    except Exception as exc:
        raise _network_error(exc, service, deadline) from None
    check_answer(answer, retry_header, service, url)
    return answer


def _read_answer(response: httpx.Response, finish_by: float, service: str, deadline: float) -> str:
    """The first MAX_ANSWER_BYTES of the body, giving up when the deadline passes."""
    received = bytearray()
    for chunk in response.iter_bytes():
        if time.monotonic() > finish_by:
            raise TransientDeliveryError(f"{service} took over {deadline:g} s to answer")
        received += chunk
        if len(received) >= MAX_ANSWER_BYTES:
            break
    return bytes(received[:MAX_ANSWER_BYTES]).decode("utf-8", errors="replace")


def _network_error(exc: Exception, service: str, deadline: float) -> DeliveryError:
    """Only the exception's class name survives: its text would contain the URL."""
    if isinstance(exc, httpx.TimeoutException):
        return TransientDeliveryError(f"{service} did not answer within {deadline:g} s")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return PermanentDeliveryError(f"{service} URL is not a valid http(s) URL")
    if isinstance(exc, httpx.HTTPError | OSError):
        return TransientDeliveryError(f"{service} could not be reached ({type(exc).__name__})")
    return TransientDeliveryError(f"posting to {service} failed ({type(exc).__name__})")


def check_answer(answer: HttpAnswer, retry_after: str | None, service: str, url: str) -> None:
    """2xx passes; 429 and 503 pause the channel; 408/425/5xx are worth retrying;
    redirects and other 4xx are not."""
    status = answer.status
    if 200 <= status < 300:
        return
    message = f"{service} answered {status}{_reason(answer.text, url)}"
    if status in _THROTTLE_STATUSES:
        raise ChannelThrottledError(message, retry_after=parse_retry_after(retry_after))
    if status in _TRANSIENT_STATUSES or status >= 500:
        raise TransientDeliveryError(message, retry_after=parse_retry_after(retry_after))
    if 300 <= status < 400:
        raise PermanentDeliveryError(f"{message}: a redirect; configure the final URL")
    raise PermanentDeliveryError(message)


def _reason(text: str, url: str) -> str:
    reason = text.strip()
    if not _REASON_TOKEN.fullmatch(reason):
        return ""
    # Any piece of the URL (path, query, credentials) may be the secret: never echo one.
    parts = urlsplit(url)
    where = f"{parts.path}?{parts.query}#{parts.fragment}@{parts.username}:{parts.password}"
    secret_parts = [part for part in re.split(r"[/?&=#:@;,]", where) if len(part) >= 4]
    if any(part in reason for part in secret_parts):
        return ""
    return f" ({reason})"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header, capped at an hour; None when absent."""
    seconds = retry_after_seconds(value, now)
    return None if seconds is None else min(seconds, MAX_RETRY_AFTER)
