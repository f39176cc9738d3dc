"""Money amounts in Korean and English press copy, with a value in won at fixed rates.

    775억원, 1조2000억 원, 4500만 달러, 315만 달러(한화 약 44억원), US$ 45 million,
    $1.2 billion, 2000만 유로, 30억 엔, 1조 위안

Rates are fixed (KRW_PER_UNIT, documented in docs/deals.md), not the day's rate: the figure is
for comparing deals (`amount>=100억`) and sorting, not for accounting. When the article
states a won equivalent (315만 달러(한화 약 44억원), 우리 돈 약 44억원), it is not a second
amount: it is the won value of the foreign one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from scwatch.core.deals.models import Amount
from scwatch.core.deals.trie import guarded

# Won per unit of currency, rounded 2023-2024 averages.
KRW_PER_UNIT: dict[str, float] = {
    "KRW": 1.0,
    "USD": 1350.0,
    "EUR": 1450.0,
    "JPY": 9.0,
    "CNY": 185.0,
    "GBP": 1700.0,
    "AUD": 880.0,
    "SGD": 1000.0,
    "VND": 0.055,
    "KWD": 4400.0,
    "SAR": 360.0,
    "AED": 370.0,
}
_KOREAN_CURRENCY = {
    "원": "KRW",
    "달러": "USD",
    "불": "USD",
    "유로": "EUR",
    "엔": "JPY",
    "위안": "CNY",
    "파운드": "GBP",
    "호주달러": "AUD",
    "싱가포르달러": "SGD",
    "동": "VND",
    "디나르": "KWD",
    "리얄": "SAR",
    "디르함": "AED",
}
_SIGN_CURRENCY = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "krw": "KRW",
    "₩": "KRW",
}
_KOREAN_UNITS = {"조": 1e12, "억": 1e8, "만": 1e4}
_SMALL_UNITS = {"천": 1e3, "백": 1e2, "십": 10.0}
_NUMBER_TOKEN = re.compile(r"(\d[\d,]*(?:\.\d+)?)|(조|억|만|천|백|십)")
_ENGLISH_SCALES = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
    "만": 1e4,
    "억": 1e8,
}

_NUM = r"\d[\d,]*(?:\.\d+)?"
_UNIT = "(?:조|억|만|천|백|십)"
# A number starts where no digit stands before it: without the look-behind a long run of
# digits is retried from every position (quadratic on a hostile page).
_NUM_START = r"(?<![\d,.])"
# (?=\d) first: the engine scans for a digit instead of trying the look-behind everywhere.
_KOREAN_AMOUNT = re.compile(
    rf"(?=\d){_NUM_START}(?P<num>{_NUM}\s?{_UNIT}(?:\s?(?:{_NUM}\s?)?{_UNIT})*(?:\d[\d,]*(?![\d년]))?|{_NUM})"
    r"\s?(?:여\s?)?(?:(?P<pre>미화|미\s?달러|미국\s?달러)\s?)?"
    r"(?P<cur>호주달러|싱가포르달러|달러|유로|위안|파운드|디나르|리얄|디르함|원|불|엔|동)?"
)
# Behind a look-ahead of its first characters (trie.guarded): without it, IGNORECASE makes
# the engine try every branch at every position.
_SIGN_PLAIN = re.compile(
    rf"(?P<sign>US\$|USD|EUR|GBP|JPY|CNY|RMB|KRW|[$€£¥₩])\s?(?P<num>{_NUM})"
    r"\s?(?P<scale>trillion|billion|million|thousand|bn|mln|mn|[bmk](?![a-z])|억|만)?",
    re.IGNORECASE,
)
_SIGN_AMOUNT = guarded(_SIGN_PLAIN)
_WORD_AMOUNT = re.compile(
    rf"{_NUM_START}(?P<num>{_NUM})\s?(?P<scale>trillion|billion|million|thousand)\s"
    r"(?P<cur>(?:US )?dollars|euros|won|yen|yuan)",
    re.IGNORECASE,
)
# What a _WORD_AMOUNT match holds, case-blind (`.` is i, I, İ or ı): without it the
# pattern is not run (few sentences write `million`).
_WORD_SCALE = re.compile(r"[lL][lL].[oO][nN]|[tT][hH][oO][uU]")
_WORD_CURRENCY = {
    "dollars": "USD",
    "us dollars": "USD",
    "euros": "EUR",
    "won": "KRW",
    "yen": "JPY",
    "yuan": "CNY",
}
# Counted things that follow a bare 억/조 number: people, items, tonnes, not money.
_NOT_MONEY = re.compile(r"\s?(?:명|개|건|톤|가구|대|그루|평|㎡|마리|회|배|위|%|년|분|시간|km|m)")
# The won figure the article states for a foreign amount: 2억3천만 달러(약 3천350억원),
# 315만 달러(한화 약 44억원), 1천만 달러, 우리 돈 약 135억원.
_STATED_KRW = re.compile(
    r"\s?(?:[(\[]\s?(?:한화|원화|우리\s?돈)?|,?\s?(?:한화|원화|우리\s?돈)\s?(?:로)?)\s?(?:약|대략)?\s?"
)
# How far a stated won figure may lie from the rate's (rates moved ~20 % in ten years).
_STATED_SPREAD = 0.2
_HANGUL = re.compile("[\uac00-\ud7a3]")
_CURRENCY_FOLLOWERS = frozenset("은는이가을를의에과와도로으만씩대과규")


@dataclass(frozen=True)
class AmountMention:
    amount: Amount
    start: int
    end: int


def find_amounts(text: str) -> list[AmountMention]:
    """Money amounts in text order; a stated won equivalent values the amount before."""
    mentions = _sign_amounts(text) + _word_amounts(text)
    taken = [(m.start, m.end) for m in mentions]
    for match in _KOREAN_AMOUNT.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        mention = _korean_mention(text, match)
        if mention is not None:
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return _merge_stated_krw(text, mentions)


def _korean_mention(text: str, match: re.Match[str]) -> AmountMention | None:
    number = match.group("num").strip()
    has_unit = any(unit in number for unit in ("억", "조"))
    currency = _KOREAN_CURRENCY.get(match.group("cur") or "")
    if match.group("pre") and currency in (None, "USD"):
        currency = "USD"
    end = match.end() if currency else match.start() + len(match.group("num").rstrip())
    if currency is None:
        if not has_unit or _NOT_MONEY.match(text, end):
            return None
        currency = "KRW"  # "775억 계약": a bare 억/조 figure in a deal story is won
    elif not _currency_bounded(text, match.end()):
        return None
    value = _korean_value(number)
    if value <= 0 or (currency == "KRW" and value < 1e6 and not has_unit):
        return None
    written = text[match.start() : end].strip()
    return _mention(value, currency, written, match.start(), end)


def _currency_bounded(text: str, end: int) -> bool:
    """엔 in 엔지니어링 and 동 in 동남아 are not currencies."""
    after = text[end : end + 1]
    return not _HANGUL.match(after) or after in _CURRENCY_FOLLOWERS


def _korean_value(number: str) -> float:
    """1조2000억 = 1.2e12; 1천850만 = 1850e4: 천/백/십 count inside a 만/억/조 group."""
    total = section = 0.0
    digits: float | None = None
    for value, unit in _NUMBER_TOKEN.findall(number):
        if value:
            digits = float(value.replace(",", ""))
        elif unit in _SMALL_UNITS:
            section += (1.0 if digits is None else digits) * _SMALL_UNITS[unit]
            digits = None
        else:
            section += digits or 0.0
            total += (section or 1.0) * _KOREAN_UNITS[unit]
            section, digits = 0.0, None
    return total + section + (digits or 0.0)


def _sign_amounts(text: str) -> list[AmountMention]:
    mentions = []
    for match in _SIGN_AMOUNT.finditer(text):
        currency = _SIGN_CURRENCY[match.group("sign").lower()]
        scale = _ENGLISH_SCALES.get((match.group("scale") or "").lower(), 1.0)
        value = float(match.group("num").replace(",", "")) * scale
        end = match.end() if match.group("scale") else match.end("num")
        mentions.append(_mention(value, currency, text[match.start() : end], match.start(), end))
    return mentions


def _word_amounts(text: str) -> list[AmountMention]:
    mentions: list[AmountMention] = []
    if _WORD_SCALE.search(text) is None:
        return mentions
    for match in _WORD_AMOUNT.finditer(text):
        currency = _WORD_CURRENCY.get(match.group("cur").lower().replace("us ", ""), "USD")
        value = float(match.group("num").replace(",", "")) * _scale(match.group("scale"))
        mentions.append(_mention(value, currency, match.group(), match.start(), match.end()))
    return mentions


def _scale(word: str) -> float:
    """million, MILLION, and the case-blind spellings IGNORECASE also matches (MİLLİON,
    thouſand), whose lower() is not in the table (these raised KeyError)."""
    if (scale := _ENGLISH_SCALES.get(word.lower())) is not None:
        return scale
    name = next(
        n for n in ("trillion", "billion", "million", "thousand") if re.fullmatch(n, word, re.I)
    )
    return _ENGLISH_SCALES[name]


def _mention(value: float, currency: str, written: str, start: int, end: int) -> AmountMention:
    krw = value * KRW_PER_UNIT.get(currency, 0.0)
    return AmountMention(Amount(value, currency, krw, written), start, end)


def _merge_stated_krw(text: str, mentions: list[AmountMention]) -> list[AmountMention]:
    """315만 달러(한화 약 44억원): one mention, in dollars, worth the won figure stated."""
    merged: list[AmountMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.amount.currency != "KRW"
            and mention.amount.currency == "KRW"
            and _STATED_KRW.fullmatch(text[previous.end : mention.start])
        ):
            stated = replace(previous.amount, krw=mention.amount.krw)
            merged[-1] = AmountMention(stated, previous.start, previous.end)
            continue
        merged.append(mention)
    return merged


def by_rate(amount: Amount) -> bool:
    """A foreign amount valued at the table's rate, not at a won figure the article states."""
    rate = KRW_PER_UNIT.get(amount.currency, 0.0)
    return amount.currency != "KRW" and abs(amount.krw - amount.value * rate) < 1.0


def with_stated_krw(amount: Amount, others: Iterable[Amount]) -> Amount:
    """A foreign amount valued at the rate takes the won figure stated for it elsewhere (the
    lead's `2억3천만 달러(약 3천350억원)` or `약 3천350억원` within a fifth of the rate's)."""
    if not by_rate(amount):
        return amount
    for other in others:
        same = other.currency == amount.currency and abs(other.value - amount.value) < 1.0
        if same and not by_rate(other):
            return replace(amount, krw=other.krw)
        if other.currency == "KRW" and abs(other.krw - amount.krw) <= _STATED_SPREAD * amount.krw:
            return replace(amount, krw=other.krw)
    return amount


def format_krw(krw: float) -> str:
    """1.2조원, 775억원, 3,350억원, 4,500만원: the won figure as an alert line writes it."""
    if krw >= 1e12:
        return f"{krw / 1e12:.3g}조원"
    if krw >= 1e10:
        return f"{round(krw / 1e8):,}억원"
    if krw >= 1e8:  # 42.5억원, not 42.52억원: two significant digits are what a desk reads
        return f"{krw / 1e8:.1f}".removesuffix(".0") + "억원"
    return f"{round(krw / 1e4):,}만원"


def parse_krw(text: str) -> float | None:
    """`100억`, `1000만달러`, `1.5조원`, `$10m` as won (rule fields); None if not an amount."""
    found = find_amounts(text.strip())
    if len(found) != 1:
        # A bare number of 만 (5000만) is not found as money in prose; accept it here.
        match = re.fullmatch(rf"((?:{_NUM}\s?(?:천|백|십)?\s?)+만)\s?원?", text.strip())
        return _korean_value(match.group(1)) if match else None
    return found[0].amount.krw
