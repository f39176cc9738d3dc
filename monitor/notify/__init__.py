"""Notifiers: one module per channel type (Slack, email, webhook, JSONL, console).

What belongs here: rendering an alert payload for one channel and sending it, nothing about
when or whether to send (that is scwatch.services.deliver). Each sender raises
TransientDeliveryError or PermanentDeliveryError on failure and never puts a secret in a
message. It may import scwatch.core only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, Protocol, cast

from scwatch.core.errors import ChannelNotReadyError
from scwatch.core.models import Channel
from scwatch.notify.console import ConsoleNotifier
from scwatch.notify.email import EmailNotifier
from scwatch.notify.jsonl import JsonlNotifier
from scwatch.notify.slack import SlackNotifier
from scwatch.notify.webhook import WebhookNotifier

__all__ = ["ConsoleNotifier", "JsonlNotifier", "Notifier", "build_notifiers"]


class Notifier(Protocol):
    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        """Deliver one alert; raise TransientDeliveryError or PermanentDeliveryError."""


class MissingSecretNotifier:
    """A channel whose secret is not in the environment: alerts wait (transient) instead of
    being lost, and `scwatch alerts list` shows why."""

    def __init__(self, channel: Channel, variable: str) -> None:
        self.reason = f"channel {channel.name!r}: environment variable {variable} is not set"

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        raise ChannelNotReadyError(self.reason)


def build_notifiers(channels: Mapping[str, Channel]) -> dict[str, Notifier]:
    """One notifier per configured channel name."""
    return {name: _notifier(channel) for name, channel in channels.items()}


def _notifier(channel: Channel) -> Notifier:
    options = channel.options
    if channel.type == "console":
        return ConsoleNotifier()
    if channel.type == "jsonl":
        return JsonlNotifier(str(options.get("path", "alerts.jsonl")))
    secret_key = {"slack": "webhook_url_env", "webhook": "url_env", "email": "password_env"}
    variable = str(options.get(secret_key[channel.type], ""))
    if not channel.secret and (channel.type != "email" or options.get("username")):
        return MissingSecretNotifier(channel, variable)
    if channel.type == "slack":
        return SlackNotifier(channel.secret)
    if channel.type == "webhook":
        return WebhookNotifier(channel.secret)
    return _email(channel)


def _email(channel: Channel) -> EmailNotifier:
    options = channel.options
    security = cast(Literal["starttls", "ssl", "none"], str(options.get("security", "starttls")))
    return EmailNotifier(
        host=str(options["host"]),
        port=int(str(options.get("port", 587))),
        security=security,
        username=str(options.get("username", "")),
        password=channel.secret,
        sender=str(options["sender"]),
        recipients=cast(Sequence[str], options.get("recipients", ())),
        timeout=float(str(options.get("timeout", 30))),
    )
