"""The query language: every operator, precedence, scopes and errors with positions."""

from __future__ import annotations

import pytest

from scwatch.core.errors import RuleSyntaxError
from scwatch.core.models import Rule
from scwatch.core.rules import (
    DEFAULT_ALIASES,
    AliasRef,
    And,
    Near,
    Not,
    Or,
    Term,
    compile_rules,
    parse_query,
)


def term(text: str, position: int, **kwargs: object) -> Term:
    return Term(text, position, **kwargs)  # type: ignore[arg-type]


def test_a_bare_word_is_a_term() -> None:
    assert parse_query("스마트시티") == term("스마트시티", 0)


def test_a_quoted_phrase_keeps_its_spaces() -> None:
    assert parse_query('"smart city"') == term("smart city", 0, phrase=True)


def test_words_may_mix_hangul_latin_digits_and_hyphens() -> None:
    assert parse_query("K-스마트시티2") == term("K-스마트시티2", 0)


def test_adjacent_terms_are_joined_by_and() -> None:
    assert parse_query("스마트시티 수출") == And((term("스마트시티", 0), term("수출", 6)))


def test_explicit_and_or_not() -> None:
    assert parse_query("a AND b") == And((term("a", 0), term("b", 6)))
    assert parse_query("a OR b") == Or((term("a", 0), term("b", 5)))
    assert parse_query("NOT a") == Not(term("a", 4), 0)


def test_operators_are_upper_case_only() -> None:
    assert parse_query("a and b") == And((term("a", 0), term("and", 2), term("b", 6)))


def test_near_takes_a_distance_in_characters() -> None:
    assert parse_query("스마트시티 NEAR/20 수출") == Near(
        term("스마트시티", 0), term("수출", 14), 20, 6
    )


def test_and_binds_tighter_than_or() -> None:
    assert parse_query("a OR b c") == Or((term("a", 0), And((term("b", 5), term("c", 7)))))
    assert parse_query("a b OR c") == Or((And((term("a", 0), term("b", 2))), term("c", 7)))


def test_near_binds_tighter_than_and_and_or() -> None:
    assert parse_query("a NEAR/5 b c") == And(
        (Near(term("a", 0), term("b", 9), 5, 2), term("c", 11))
    )
    assert parse_query("a OR b NEAR/3 c") == Or(
        (term("a", 0), Near(term("b", 5), term("c", 14), 3, 7))
    )


def test_not_binds_tightest() -> None:
    assert parse_query("NOT a b") == And((Not(term("a", 4), 0), term("b", 6)))
    assert parse_query("NOT a NEAR/5 b") == Near(Not(term("a", 4), 0), term("b", 13), 5, 6)


def test_near_chains_to_the_left() -> None:
    parsed = parse_query("a NEAR/1 b NEAR/2 c")
    assert isinstance(parsed, Near) and parsed.distance == 2
    assert parsed.left == Near(term("a", 0), term("b", 9), 1, 2)


def test_parentheses_override_precedence() -> None:
    assert parse_query("(a OR b) c") == And((Or((term("a", 1), term("b", 6))), term("c", 9)))


def test_aliases_are_references_until_compiled() -> None:
    assert parse_query("@smartcity AND @export") == And(
        (AliasRef("smartcity", 0), AliasRef("export", 15))
    )


def test_field_scope_applies_to_a_term_a_phrase_and_an_alias() -> None:
    assert parse_query("title:수출") == term("수출", 6, field="title")
    assert parse_query('body:"smart city"') == term("smart city", 5, phrase=True, field="body")
    assert parse_query("source:@agency") == AliasRef("agency", 7, field="source")


def test_field_scope_on_a_group_reaches_every_term() -> None:
    assert parse_query("title:(a OR NOT b)") == Or(
        (term("a", 7, field="title"), Not(term("b", 16, field="title"), 12))
    )


def test_an_inner_scope_agreeing_with_the_outer_one_is_fine() -> None:
    assert parse_query("title:(title:a)") == term("a", 13, field="title")


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "empty query: expected a term", 0),
        ("(a OR b", "expected ')' after group opened at 0", 7),
        ("x (a OR b", "expected ')' after group opened at 2", 9),
        ("a AND", "expected a term after AND, found the end of the query", 5),
        ("NOT", "expected a term after NOT, found the end of the query", 3),
        ("a OR OR b", "expected a term after OR, found 'OR'", 5),
        ("OR a", "expected a term at the start of the query, found 'OR'", 0),
        ("a NEAR/5", "expected a term after NEAR/5, found the end of the query", 8),
        ("a NEAR b", "expected a number of characters after NEAR/ (e.g. NEAR/30)", 6),
        ("a NEAR/x b", "expected a number of characters after NEAR/ (e.g. NEAR/30)", 7),
        ("a NEAR/0 b", "NEAR distance must be at least 1", 7),
        ("a)", "unexpected ')' with no group open", 1),
        ("()", "empty group opened at 0", 1),
        ('"수출', "unterminated phrase opened at 0", 3),
        ('a ""', "empty phrase", 2),
        (
            "url:x",
            "unknown field 'url:' (expected title:, body:, source:, deal:, status:, subject:, country:, city:, party:, event: or amount>=)",
            0,
        ),
        ("title:", "expected a term after title:, found the end of the query", 6),
        ("@ a", "expected an alias name after '@'", 1),
        ("-수출", "a leading '-' does not negate; write NOT 수출", 0),
        ("title:(body:a)", "body: inside title: (field scope opened at 0)", 12),
    ],
)
def test_errors_name_the_position_and_what_was_expected(
    query: str, message: str, position: int
) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_query(query)
    assert caught.value.position == position
    assert caught.value.query == query
    assert str(caught.value) == f"{message} at position {position}: {query!r}"


def compile_one(query: str) -> None:
    compile_rules([Rule("r", query)], DEFAULT_ALIASES)


def test_an_unknown_alias_fails_at_compile_time_with_its_position() -> None:
    with pytest.raises(RuleSyntaxError, match="unknown alias '@nowhere'") as caught:
        compile_one("스마트시티 @nowhere")
    assert caught.value.position == 6
    assert "@smartcity" in str(caught.value)


def test_alias_names_ignore_case() -> None:
    mixed = compile_rules([Rule("r", "@SmartCity AND @MOU")], DEFAULT_ALIASES)
    lower = compile_rules([Rule("r", "@smartcity AND @mou")], DEFAULT_ALIASES)
    title = "부산시, 스마트시티 MOU 체결"
    assert [match.rule for match in mixed.match(title, "")] == ["r"]
    assert mixed.match(title, "") == lower.match(title, "")
    assert mixed.match("날씨", "맑음") == []


def test_an_empty_alias_is_an_error() -> None:
    with pytest.raises(RuleSyntaxError, match="alias '@empty' is empty"):
        compile_rules([Rule("r", "@empty")], {"empty": []})


def test_near_refuses_operands_without_a_place_in_the_text() -> None:
    with pytest.raises(RuleSyntaxError, match="NEAR needs terms") as caught:
        compile_one("스마트시티 NEAR/5 NOT 수출")
    assert caught.value.position == 6
    with pytest.raises(RuleSyntaxError, match="NEAR needs terms"):
        compile_one("source:yonhap NEAR/5 수출")


def test_a_query_made_only_of_absences_is_refused() -> None:
    for query in ("NOT 수출", "수출 OR NOT 수입"):
        with pytest.raises(RuleSyntaxError, match="only says what must be absent"):
            compile_one(query)
    compile_one("수출 NOT 수입")


def test_a_term_without_letters_is_refused() -> None:
    with pytest.raises(RuleSyntaxError, match="has no letters"):
        compile_rules([Rule("r", "@blank")], {"blank": ["   "]})


def test_absurd_nesting_is_a_syntax_error_not_a_crash() -> None:
    """Regression: 2,000 nested parentheses raised RecursionError."""
    import pytest

    from scwatch.core.errors import RuleSyntaxError

    with pytest.raises(RuleSyntaxError, match="nested deeper"):
        parse_query("(" * 2000 + "스마트시티" + ")" * 2000)
    with pytest.raises(RuleSyntaxError, match="nested deeper"):
        parse_query("NOT " * 2000 + "스마트시티")
