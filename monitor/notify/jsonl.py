"""JSONL channel: appends one JSON object per alert to a file (for scripts and audits)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from scwatch.core.errors import PermanentDeliveryError, TransientDeliveryError


class JsonlNotifier:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        line = json.dumps({"idempotency_key": idempotency_key, **payload}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        except PermissionError as exc:
            raise PermanentDeliveryError(f"cannot write {self.path}: {exc.strerror}") from None
        except OSError as exc:
            raise TransientDeliveryError(f"cannot write {self.path}: {exc.strerror}") from None
