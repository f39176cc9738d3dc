"""Generic webhook channel: the alert payload as JSON, for scripts and other tools.

The `Idempotency-Key` header is stable for an alert, so a receiver can drop the repeat that
at-least-once delivery sends after a crash between posting and recording the send.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from scwatch.core.errors import ConfigError
from scwatch.core.text.links import safe_http_url
from scwatch.notify.http import DEFAULT_DEADLINE, new_client, post_json

SERVICE = "the webhook"


class WebhookNotifier:
    def __init__(
        self,
        url: str,
        client: httpx.Client | None = None,
        *,
        timeout: float = DEFAULT_DEADLINE,
    ) -> None:
        if safe_http_url(url) is None:
            raise ConfigError("the webhook URL must be an http(s) URL")
        self._url = url
        self._client = client or new_client()
        self.timeout = timeout

    def __repr__(self) -> str:  # webhook URLs often carry a token: never show them
        return "WebhookNotifier(url=<hidden>)"

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        post_json(
            self._client,
            self._url,
            dict(payload),
            service=SERVICE,
            deadline=self.timeout,
            headers={"Idempotency-Key": idempotency_key},
        )

    def close(self) -> None:
        self._client.close()
