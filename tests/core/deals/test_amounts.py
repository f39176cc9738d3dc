"""Money amounts: Korean and English forms, won at the documented fixed rates."""

from __future__ import annotations

import pytest

from scwatch.core.deals.amounts import KRW_PER_UNIT, find_amounts, format_krw, parse_krw


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("775억원 규모", 775e8, "KRW"),
        ("775억 계약 성과", 775e8, "KRW"),
        ("1조2000억 원을", 1.2e12, "KRW"),
        ("1조 2000억원", 1.2e12, "KRW"),
        ("3천억원", 3e11, "KRW"),
        ("1천850만 달러", 1850e4, "USD"),
        ("4500만 달러의 계약", 4500e4, "USD"),
        ("US$ 45 million", 45e6, "USD"),
        ("$1.2 billion", 1.2e9, "USD"),
        ("2000만 유로", 2000e4, "EUR"),
        ("30억 엔을", 30e8, "JPY"),
        ("1조 위안", 1e12, "CNY"),
        ("1.2 trillion won", 1.2e12, "KRW"),
    ],
)
def test_amount_forms(text: str, value: float, currency: str) -> None:
    [found] = find_amounts(text)
    assert (found.amount.value, found.amount.currency) == (value, currency)
    assert found.amount.krw == value * KRW_PER_UNIT[currency]


def test_a_bracketed_won_figure_is_not_a_second_amount() -> None:
    text = "상담금액 315만 달러(한화 약 44억원)을 기록했다"
    [found] = find_amounts(text)
    assert found.amount.text == "315만 달러"
    assert text[found.start : found.end] == "315만 달러"
    assert found.amount.krw == 44e8  # the stated won figure, not the table's rate


@pytest.mark.parametrize("text", ["인구 1억 명", "2만여명이 함께", "10만 그루", "엔지니어링 업체"])
def test_counts_are_not_money(text: str) -> None:
    assert find_amounts(text) == []


def test_rule_amounts_and_formatting() -> None:
    assert parse_krw("100억") == 1e10
    assert parse_krw("1000만달러") == 1000e4 * KRW_PER_UNIT["USD"]
    assert parse_krw("5000만") == 5e7
    assert parse_krw("abc") is None
    assert format_krw(1.2e12) == "1.2조원"
    assert format_krw(775e8) == "775억원"
    assert format_krw(4.2517e9) == "42.5억원"  # not 42.52억원


@pytest.mark.parametrize(
    "text",
    ["2억3천만 달러(약 3천350억원) 규모", "2억3천만 달러, 우리 돈 약 3천350억원 규모"],
)
def test_a_stated_won_figure_values_the_foreign_amount(text: str) -> None:
    [found] = find_amounts(text)
    assert (found.amount.value, found.amount.currency) == (2.3e8, "USD")
    assert found.amount.krw == 3350e8
