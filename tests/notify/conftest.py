"""Fixtures of the notifier tests: a listener that never answers and a self-signed
certificate (the HTTP receiver and the SMTP servers are in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.loopback import SilentListener
from support.smtp import SelfSigned, make_self_signed


@pytest.fixture
def silent_listener() -> Iterator[SilentListener]:
    listener = SilentListener()
    yield listener
    listener.close()


@pytest.fixture
def self_signed(tmp_path: Path) -> SelfSigned:
    return make_self_signed(tmp_path)
