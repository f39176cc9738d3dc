"""Notifiers: one per channel type. Each raises Transient/PermanentDeliveryError on failure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from monitor.models import Channel
from monitor.notify.console import ConsoleNotifier
from monitor.notify.jsonl import JsonlNotifier

__all__ = ["ConsoleNotifier", "JsonlNotifier", "Notifier", "build_notifiers"]


class Notifier(Protocol):
    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        """Deliver one alert; raise TransientDeliveryError or PermanentDeliveryError."""


def build_notifiers(channels: Mapping[str, Channel]) -> dict[str, Notifier]:
    """One notifier per configured channel name."""
    notifiers: dict[str, Notifier] = {}
    for name, channel in channels.items():
        if channel.type == "console":
            notifiers[name] = ConsoleNotifier()
        elif channel.type == "jsonl":
            notifiers[name] = JsonlNotifier(str(channel.options.get("path", "alerts.jsonl")))
    return notifiers
