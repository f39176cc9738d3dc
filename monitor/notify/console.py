"""Console channel: prints the alert for a person watching the terminal."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from scwatch.notify.render import render_text


class ConsoleNotifier:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(render_text(payload) + "\n")
        stream.flush()
