"""Evidence sentences for matches, and marking of the matched terms."""

from __future__ import annotations

import pytest

from scwatch.core.models import Evidence, Rule
from scwatch.core.rules import DEFAULT_ALIASES, KEYWORD_RULES, compile_rules, mark_terms
from scwatch.core.rules.evidence import MAX_SENTENCE, sentence_spans

DEFAULTS = compile_rules(KEYWORD_RULES, DEFAULT_ALIASES)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_korean_sentence_ends() -> None:
    text = "수출이 늘었다. 정말요? 대단해요! 그러나…\n다음 줄 첫 문장"
    assert sentences(text) == [
        "수출이 늘었다.",
        "정말요?",
        "대단해요!",
        "그러나…",
        "다음 줄 첫 문장",
    ]


def test_a_missing_space_after_da_still_ends_the_sentence() -> None:
    assert sentences("350명이 참석한다.국민과 함께한다.") == [
        "350명이 참석한다.",
        "국민과 함께한다.",
    ]


def test_decimals_and_dates_do_not_end_sentences() -> None:
    assert sentences("상담 금액은 1.4배 늘었고 9.8일(목) 열렸다.") == [
        "상담 금액은 1.4배 늘었고 9.8일(목) 열렸다."
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert sentences("“수출을 늘리겠다.” 장관이 말했다.") == [
        "“수출을 늘리겠다.”",
        "장관이 말했다.",
    ]


def test_the_title_is_a_sentence_of_its_own() -> None:
    [export, mou] = DEFAULTS.match(
        "韓 스마트시티, 사우디와 MOU…수출 기대", "본문에는 관련 없는 내용."
    )
    assert export.evidence == (
        Evidence("title", "韓 스마트시티, 사우디와 MOU…수출 기대", ("스마트시티", "수출")),
    )
    assert mou.evidence[0].terms == ("스마트시티", "MOU")


def test_evidence_terms_are_the_original_substrings() -> None:
    body = "한국형 스마트 시티 모델을 소개했다. 현지 기관과 MOU를 맺었다."
    [match] = compile_rules([Rule("r", "@smartcity AND @mou")], DEFAULT_ALIASES).match("", body)
    assert {e.sentence: e.terms for e in match.evidence} == {
        "한국형 스마트 시티 모델을 소개했다.": ("스마트 시티",),
        "현지 기관과 MOU를 맺었다.": ("MOU",),
    }


def test_the_sentence_showing_every_part_of_the_rule_comes_first() -> None:
    body = (
        "스마트시티 행사가 열렸다. 스마트시티 전시관이 붐볐다. 스마트시티 포럼도 열렸다. "
        "현장에서 스마트시티 수출 계약이 체결됐다. 수출 논의는 계속된다."
    )
    [export] = DEFAULTS.match("", body)[:1]
    assert export.evidence[0].sentence == "현장에서 스마트시티 수출 계약이 체결됐다."
    # then the rarer part (수출, in two sentences) before the common one (스마트시티, in four)
    assert export.evidence[1].sentence == "수출 논의는 계속된다."


def test_at_most_three_sentences_per_rule() -> None:
    body = " ".join(f"스마트시티 수출 사례 {n}번이다." for n in range(10))
    [export] = DEFAULTS.match("", body)
    assert len(export.evidence) == 3


def test_nested_terms_are_reported_once() -> None:
    [export, _] = DEFAULTS.match("", "K-Smart City 수출추진단이 MOU를 맺었다.")
    assert export.evidence[0].terms == ("K-Smart City", "수출")


def test_long_sentences_are_clipped_around_the_terms() -> None:
    body = "가" * 500 + " 스마트시티 수출 " + "나" * 500
    [export] = DEFAULTS.match("", body)
    sentence = export.evidence[0].sentence
    assert len(sentence) <= MAX_SENTENCE + 2
    assert sentence.startswith("…") and sentence.endswith("…")
    assert "스마트시티 수출" in sentence


def test_mark_terms_wraps_longest_first_without_nesting() -> None:
    marked = mark_terms("K-스마트시티와 스마트시티 수출", ["스마트시티", "K-스마트시티", "수출"])
    assert marked == "**K-스마트시티**와 **스마트시티** **수출**"


def test_mark_terms_with_custom_markers_and_no_terms() -> None:
    assert mark_terms("MOU를 맺었다", ["MOU"], "<b>", "</b>") == "<b>MOU</b>를 맺었다"
    assert mark_terms("그대로", []) == "그대로"


@pytest.mark.parametrize(("left", "right"), [("**", "**"), ("[", "]")])
def test_evidence_marked_uses_mark_terms(left: str, right: str) -> None:
    evidence = Evidence("body", "스마트 시티 수출 계약", ("스마트 시티", "수출"))
    assert evidence.marked(left, right) == f"{left}스마트 시티{right} {left}수출{right} 계약"
