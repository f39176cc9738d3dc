"""The short fault-injection run (benchmarks/faults.py with 5 kills and 40 articles): the
scheduler, `scwatch crawl`, the delivery worker and their crawlers are killed with SIGKILL
while a loopback news web publishes; afterwards every article is stored once, nothing
arrived twice under two keys, no process was left behind, the database is intact, and
every alert reached the webhook. The full run (50 kills) is in docs/reliability.md."""

from __future__ import annotations

from typing import Any

import pytest
from support.faults import FaultSettings, run_faults

pytestmark = pytest.mark.slow

SAFE = (
    "articles_lost",
    "articles_stored_twice",
    "stories_without_alert",
    "duplicate_deliveries_after_dedup",
    "orphans_left",
    "lock_errors",
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def fault_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One short fault run per backend, shared by the tests of this module."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres_admin")  # skips, or fails when CI=true, without it
    settings = FaultSettings(
        kills=5, backend=request.param, articles=40, settle=60, max_seconds=120
    )
    return run_faults(settings, tmp_path_factory.mktemp(f"faults-{request.param}"))


def test_killed_processes_lose_and_double_nothing(fault_run: dict[str, Any]) -> None:
    assert fault_run["kills"] >= 5
    assert fault_run["articles_stored"] == fault_run["articles_published"] == 40
    assert {name: fault_run[name] for name in SAFE} == dict.fromkeys(SAFE, 0)
    assert fault_run["integrity"] == "ok"


def test_every_alert_reaches_the_webhook_after_kills(fault_run: dict[str, Any]) -> None:
    assert fault_run["alerts_undelivered"] == fault_run["alerts_pending"] == 0
    assert fault_run["alerts_sent"] == fault_run["alerts"] == fault_run["stories"]
    assert fault_run["deliveries_distinct_keys"] == fault_run["alerts"]
