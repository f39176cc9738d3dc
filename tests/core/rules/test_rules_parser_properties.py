"""Property-based tests of the rule parser (scwatch.core.rules.parser): any string is a
rule or a RuleSyntaxError naming a position in it, never another exception, and a query
that parses also compiles and runs on an article (or says why not, as a QueryError)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scwatch.core.errors import QueryError, RuleSyntaxError
from scwatch.core.models import Rule
from scwatch.core.rules import DEFAULT_ALIASES, compile_rules, parse_query

TOKENS = st.sampled_from(
    ["AND", "OR", "NOT", "NEAR/3", "NEAR/0", "NEAR/99999999999999999999", "NEAR/", "(", ")",
     '"', '"스마트 시티"', "@smartcity", "@", "@없는별칭", "title:", "body:", "source:", "x:",
     "deal:export", "deal:", "status:done", "country:베트남", "party:LH", "amount>=100억",
     "amount<1000만달러", "amount=", "amount>=1e999억", "amount>=-5", "수출", "MOU", "스마트시티",
     "㈜", "\x00", "\u202e", " ", "\t", "\n", "-", "*", ":"]
)  # fmt: skip
QUERIES = st.lists(TOKENS | st.text(max_size=3), max_size=15).map(" ".join) | st.text()
TITLE = "한빛시스템, 베트남 하노이에 스마트시티 관제 플랫폼 수출"
BODY = "한빛시스템은 4일 베트남 하노이시와 120억원 규모의 스마트시티 통합관제 플랫폼 수출 계약을 체결했다."


@settings(deadline=None)
@given(QUERIES)
@example("a NEAR/" + "9" * 5000 + " b")  # int() raised ValueError past 4,300 digits
def test_any_string_is_a_rule_or_a_syntax_error(query: str) -> None:
    try:
        tree = parse_query(query)
    except RuleSyntaxError as error:
        assert 0 <= error.position <= len(query)
        return
    assert tree is not None


@settings(deadline=None)
@given(QUERIES)
def test_a_parsed_rule_compiles_and_matches_or_says_why_not(query: str) -> None:
    try:
        ruleset = compile_rules([Rule("r", query)], DEFAULT_ALIASES)
    except QueryError as error:
        assert str(error)
        return
    matches = ruleset.match(TITLE, BODY, "gukje")
    assert all(match.rule == "r" for match in matches)
