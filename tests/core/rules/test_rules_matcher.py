"""Korean-aware matching: spacing, particles, width, case, boundaries, scopes, NEAR, NOT."""

from __future__ import annotations

import unicodedata

import pytest

from scwatch.core.errors import ConfigError
from scwatch.core.models import Rule
from scwatch.core.rules import DEFAULT_ALIASES, KEYWORD_RULES, RuleSet, compile_rules

ALIASES = {**DEFAULT_ALIASES, "agency": ("LH", "KOTRA")}


def ruleset(query: str) -> RuleSet:
    return compile_rules([Rule("r", query)], ALIASES)


def fires(query: str, body: str, title: str = "", source: str = "") -> bool:
    return bool(ruleset(query).match(title, body, source))


def found_terms(query: str, body: str, title: str = "") -> list[str]:
    matches = ruleset(query).match(title, body)
    return [t for m in matches for e in m.evidence for t in e.terms]


@pytest.mark.parametrize(
    "body",
    ["스마트 시티 조성", "스마트시티를 수출", "스마트시티와 협력", "K-스마트시티", "스마트  시티"],
)
def test_spacing_and_particles_do_not_matter(body: str) -> None:
    assert fires("스마트시티", body)


def test_a_spaced_query_phrase_matches_the_closed_up_word() -> None:
    assert fires('"스마트 시티"', "한국형 스마트시티 모델")


def test_particles_after_long_terms() -> None:
    assert fires("양해각서", "양국은 양해각서를 교환했다.")


@pytest.mark.parametrize("body", ["mou 체결", "ＭＯＵ 체결", "MOU를 체결", "업무협약(MOU)을"])
def test_latin_terms_ignore_case_and_width(body: str) -> None:
    assert fires("MOU", body)


def test_full_width_phrases_are_folded() -> None:
    assert fires('"smart city"', "ＳＭＡＲＴ ＣＩＴＹ 솔루션")


def test_evidence_shows_the_term_as_written() -> None:
    assert found_terms("MOU", "현지 기관과 MOU를 맺었다.") == ["MOU"]
    assert found_terms("스마트시티", "한국형 스마트 시티 모델") == ["스마트 시티"]
    assert found_terms("MOU", "ＭＯＵ를 맺었다.") == ["ＭＯＵ"]


@pytest.mark.parametrize(
    ("query", "body"),
    [("MOU", "MOUSE 없이 조작한다"), ("LH", "LHC 가속기"), ('"smart city"', "smart cityscape")],
)
def test_latin_terms_need_latin_letter_boundaries(query: str, body: str) -> None:
    assert not fires(query, body)


@pytest.mark.parametrize("body", ["LH와 KOTRA", "LH·KIND 컨소시엄", "(LH)", "LH2030 전략"])
def test_latin_terms_next_to_hangul_digits_or_punctuation_match(body: str) -> None:
    assert fires("@agency", body)


@pytest.mark.parametrize(
    "body",
    ["수출을 늘린다", "해외수출 성과", "수출길이 열렸다", "첫 수출", "韓 수출", "(수출)", "2수출"],
)
def test_short_term_matches_with_particles_and_allowed_prefixes(body: str) -> None:
    assert fires("수출", body)


@pytest.mark.parametrize(
    "body",
    [
        "수출입 동향",  # excluded continuation
        "수출 입국",  # excluded continuation, whitespace ignored
        "일본의 수출 규제",  # export controls
        "역수출된 콘텐츠",  # no word boundary before, prefix not allowed
        "밀수출 단속",
        "수 출",  # a space inside a two-syllable term
    ],
)
def test_short_term_rejects_other_words_that_contain_it(body: str) -> None:
    assert not fires("수출", body)


@pytest.mark.parametrize(
    "body", ["수 주간 이어진 심사", "수주간 이어진", "수주째 공전", "수주일 안에"]
)
def test_suju_meaning_a_few_weeks_is_not_an_order(body: str) -> None:
    assert not fires("수주", body)


@pytest.mark.parametrize("body", ["사업을 수주했다", "해외 수주 목표", "신규수주 실적", "첫 수주"])
def test_suju_meaning_an_order_won_matches(body: str) -> None:
    assert fires("수주", body)


def test_excluded_prefixes_apply_across_spaces() -> None:
    assert not fires("협약", "기후변화협약 총회")
    assert not fires("협약", "파리 기후 협약 목표")
    assert fires("협약", "두 기관이 협약을 체결했다")
    assert fires("협약", "업무협약을 맺었다")


def test_the_disambiguation_table_can_be_replaced() -> None:
    plain = compile_rules([Rule("r", "수출")], ALIASES, term_contexts={})
    assert not plain.match("", "해외수출 성과")  # no allowed prefix any more
    assert plain.match("", "수출입 동향")  # and no excluded continuation


def test_long_terms_need_no_boundary() -> None:
    assert fires("스마트시티", "한국형스마트시티모델")


def test_aliases_expand_to_their_terms() -> None:
    for body in ("스마트도시 조성", "K-Smart City 홍보", "smart cities", "智慧城市 정책"):
        assert fires("@smartcity", body), body


def test_and_or_not() -> None:
    assert fires("스마트시티 AND 수출", "스마트시티 수출")
    assert not fires("스마트시티 AND 수출", "스마트시티 조성")
    assert fires("수주 OR 수출", "사업을 수주했다")
    assert fires("스마트시티 NOT 폐지", "스마트시티 조성")
    assert not fires("스마트시티 NOT 폐지", "스마트시티 사업 폐지")


def test_title_and_body_scopes() -> None:
    assert fires("title:수출", "", title="스마트시티 수출")
    assert not fires("title:수출", "스마트시티 수출", title="스마트시티")
    assert fires("body:수출", "스마트시티 수출", title="")
    assert not fires("body:수출", "", title="수출")
    assert fires("title:(@smartcity @export)", "", title="K-스마트시티 수출")


def test_source_scope_matches_the_slug_and_its_family() -> None:
    assert fires("source:yonhap 수출", "수출", source="yonhap")
    assert fires("source:yonhap 수출", "수출", source="yonhap-industry")
    assert not fires("source:yonhap 수출", "수출", source="yonhapnews")
    assert not fires("source:yonhap 수출", "수출", source="")


def test_near_counts_characters_without_whitespace() -> None:
    query = "스마트시티 NEAR/5 수출"
    assert fires(query, "스마트시티 기술 수출")  # 2 characters between
    assert fires(query, "스마트시티 가 나 다 라 마 수출")  # 5 without the spaces
    assert not fires(query, "스마트시티 가나다라마바 수출")  # 6
    assert fires(query, "수출 가나다라마 스마트시티")  # either order


def test_near_does_not_cross_from_title_to_body() -> None:
    assert not fires("스마트시티 NEAR/50 수출", "수출 실적", title="스마트시티")


def test_near_evidence_keeps_only_the_close_pair() -> None:
    body = "스마트시티 행사. " + "가" * 80 + ". 스마트시티 수출 계약."
    matches = ruleset("스마트시티 NEAR/3 수출").match("", body)
    assert [e.sentence for e in matches[0].evidence] == ["스마트시티 수출 계약."]


def test_nfd_and_invisible_characters_still_match() -> None:
    assert fires("수출", unicodedata.normalize("NFD", "스마트시티 수출 계약"))
    assert fires("스마트시티", "스마트\u200b시티")


def test_rules_fire_in_their_configured_order_and_only_when_true() -> None:
    rules = compile_rules(KEYWORD_RULES, DEFAULT_ALIASES)
    names = [m.rule for m in rules.match("K-스마트시티 수출 MOU 체결", "")]
    assert names == ["smart-city export", "smart-city MOU"]
    assert rules.match("", "") == []
    assert rules.names == ("smart-city export", "smart-city MOU")


def test_duplicate_rule_names_are_refused() -> None:
    with pytest.raises(ConfigError, match="two rules are named 'r'"):
        compile_rules([Rule("r", "a"), Rule("r", "b")], {})


def test_terms_shared_by_rules_are_found_for_each_rule() -> None:
    rules = compile_rules(
        [Rule("one", "수출"), Rule("two", "수출계약"), Rule("three", "해외수출")], ALIASES
    )
    assert [m.rule for m in rules.match("", "해외수출계약 체결")] == ["one", "two", "three"]
