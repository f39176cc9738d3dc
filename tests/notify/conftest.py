"""Fixtures for the notifier tests: loopback HTTP receivers and SMTP servers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from notify_receivers import HttpReceiver, SilentListener
from notify_smtp import LoopbackSMTP, MailSink, SelfSigned, make_self_signed


@pytest.fixture
def receiver() -> Iterator[HttpReceiver]:
    server = HttpReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def silent_listener() -> Iterator[SilentListener]:
    listener = SilentListener()
    yield listener
    listener.close()


@pytest.fixture
def mail_sink() -> MailSink:
    return MailSink()


@pytest.fixture
def start_smtp() -> Iterator[Callable[..., LoopbackSMTP]]:
    """Start a loopback SMTP server around a MailSink; stopped after the test."""
    started: list[LoopbackSMTP] = []

    def start(sink: MailSink, **kwargs: object) -> LoopbackSMTP:
        controller = LoopbackSMTP(sink, **kwargs)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def self_signed(tmp_path: Path) -> SelfSigned:
    return make_self_signed(tmp_path)
