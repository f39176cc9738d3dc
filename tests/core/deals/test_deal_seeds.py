"""The real seed articles (../shared/seeds, read at test time, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scwatch.core.deals import Deal, extract_deals
from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")


def _read(prefix: str) -> tuple[str, str]:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    return title, body


def _deals(prefix: str) -> tuple[Deal, ...]:
    return extract_deals(*_read(prefix))


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_done_export_or_mou_about_smart_city(prefix: str) -> None:
    assert any(
        d.status == "done" and d.smartcity and (d.is_export or d.kind == "mou")
        for d in _deals(prefix)
    )


def test_002_main_deal_is_the_consultation_results() -> None:
    main = _deals("002")[0]
    assert (main.kind, main.status, main.event) == ("consultation", "done", "SCEWC")
    assert main.amount is not None and main.amount.currency == "USD"


def test_004_mou_is_scheduled() -> None:
    assert any(d.kind == "mou" and d.status == "scheduled" and d.smartcity for d in _deals("004"))


def test_001_gives_no_done_or_scheduled_deal() -> None:
    assert not any(d.status in ("done", "scheduled") for d in _deals("001"))


def test_default_rules_on_the_seeds() -> None:
    ruleset = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)
    fired = {
        p: {m.rule for m in ruleset.match(*_read(p))} for p in ("000", "001", "002", "003", "004")
    }
    assert "smart-city export" in fired["000"] and "smart-city export" in fired["002"]
    assert fired["003"] and "smart-city MOU" in fired["004"]
    assert not fired["001"]
