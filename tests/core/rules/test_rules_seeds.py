"""The real seed articles: 000, 002, 003, 004 must alert; the expo notice 001 must not.

The texts are read from ../shared/seeds at test time (first line title, rest body).
"""

from __future__ import annotations

import pytest
from support.paths import SEEDS

from scwatch.core.rules import DEFAULT_ALIASES, KEYWORD_RULES, compile_rules

RULE_NAMES = {"smart-city export", "smart-city MOU"}

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not present")


def fired(number: str) -> set[str]:
    [path] = SEEDS.glob(f"{number}_*.txt")
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    ruleset = compile_rules(KEYWORD_RULES, DEFAULT_ALIASES)
    return {match.rule for match in ruleset.match(title, body)}


@pytest.mark.parametrize("number", ["000", "002", "003", "004"])
def test_export_and_mou_news_fires_a_default_rule(number: str) -> None:
    assert fired(number) & RULE_NAMES


def test_the_expo_announcement_fires_neither_rule() -> None:
    assert not fired("001") & RULE_NAMES


def test_seeds_fire_the_rule_their_story_is_about() -> None:
    assert "smart-city export" in fired("000")  # 775억원 export contracts
    assert "smart-city export" in fired("002")  # 407 export consultations
    assert "smart-city export" in fired("003")  # K-Smart City 수출추진단
    assert "smart-city MOU" in fired("004")  # 양해각서(MOU) in China
