"""A channel added by a configuration reload has its secret hidden in the scheduler's log
too (the redaction filter learns the new secrets; issue 12, defect 1)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from support.scheduling import Clock, FakeCrawler

from scwatch.config import load_config
from scwatch.core.clock import KST
from scwatch.core.redact import RedactingFilter, Redactor
from scwatch.scheduler.service import SchedulerService
from scwatch.services.runtime import Runtime

TOKEN = "Zq9Tk4Wx7"
NEW_CHANNEL = '\n[channels.newhook]\ntype = "webhook"\nurl_env = "SCWATCH_T_NEW_HOOK"\n'


def test_a_reloaded_channel_secret_stays_out_of_the_log(
    runtime: Runtime, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCWATCH_T_NEW_HOOK", f"https://hooks.example.kr/in/{TOKEN}")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(Redactor()))  # as `scwatch run` installs it
    logging.getLogger().addHandler(handler)
    service = SchedulerService(
        runtime.config, runtime.db, log_dir=tmp_path / "logs",
        runner=FakeCrawler(runtime, clock), clock=clock,
    )
    scheduler = BackgroundScheduler(timezone=KST)
    service.wire(scheduler)
    scheduler.start(paused=True)
    try:
        path = runtime.config.path
        assert path is not None
        path.write_text(path.read_text(encoding="utf-8") + NEW_CHANNEL, encoding="utf-8")
        service.apply(load_config(path), scheduler)
        logging.getLogger("scwatch.test").warning("the receiver echoed %s", TOKEN)
    finally:
        scheduler.shutdown(wait=False)
        logging.getLogger().removeHandler(handler)
    assert "the receiver echoed" in stream.getvalue()
    assert TOKEN not in stream.getvalue()
