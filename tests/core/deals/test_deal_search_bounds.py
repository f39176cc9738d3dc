"""Deal extraction searches some patterns only where a match can be (docs/benchmarks.md,
"Deal extraction", fresh-text round): from the earliest start an end-anchored match can
have, over the stretch that holds a required marker, or behind a look-ahead. Each must find
exactly what the plain search over the whole text finds."""

from __future__ import annotations

import random
import re

from scwatch.core.deals import amounts, fields, gazetteer, predicates
from scwatch.core.deals.trie import trie_pattern
from scwatch.core.text.folding import fold

PIECES = [
    "했다", "했다고 밝혔다.", '"라고 말했다', " 하고 있다.", "할 것으로 기대된다", "과 ",
    "와 ", "시와 ", "(주)", "㈜", " Co., Ltd.", "건설", "엔지니어링", " 있다", "\u00a0있다.",
    '다"고 23일 덧붙였습니다.)', "것", "체결했다", "예정이다", " ", "  ", ".", '"', "’",
    "하노이시", "교통청(ATTT)", "3 million dollars", "US$ 45", "$1.2 billion", "775억원",
    "1조2000억 원", "3 thouſand won", "5 MİLLİON", "A", "가", "1", "\t",
]  # fmt: skip


def _texts(count: int = 4000) -> list[str]:
    rng = random.Random(5)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_final_tense_reads_what_a_search_from_the_start_reads() -> None:
    def reference(sentence: str) -> tuple[str, str] | None:
        text = sentence[-80:].rstrip()
        clause = predicates._REPORTED.sub(lambda m: m.group("keep") or "", text)
        for tense, pattern in (
            ("future", predicates.FINAL_FUTURE),
            ("past", predicates.FINAL_PAST),
            ("present", predicates.FINAL_PRESENT),
        ):
            found = pattern.search(clause)
            if found:
                return tense, found.group().strip()
        return None

    for text in _texts():
        assert predicates.final_tense(text) == reference(text), text


def test_partners_are_those_of_a_search_over_the_whole_sentence() -> None:
    for text in _texts():
        expected = [m.span() for m in fields._PARTNER.finditer(text)]
        assert [m.span() for m in fields._partner_matches(text)] == expected, text


def test_companies_are_those_of_every_pattern_run_over_the_whole_text() -> None:
    for text in _texts():
        folded = fold(text)
        expected = []
        for pattern in gazetteer._COMPANY_PATTERNS:
            expected += [m.span(1) for m in pattern.finditer(folded)]
        got = [
            m.span(1)
            for pattern, start in zip(
                gazetteer._COMPANY_PATTERNS, gazetteer._company_starts(folded), strict=True
            )
            if start is not None
            for m in pattern.finditer(folded, start)
        ]
        assert got == expected, text


def test_amounts_are_those_of_the_plain_patterns() -> None:
    korean = re.compile(amounts._KOREAN_AMOUNT.pattern.removeprefix("(?=\\d)"))
    for text in _texts():
        for fast, plain in (
            (amounts._SIGN_AMOUNT, amounts._SIGN_PLAIN),
            (amounts._KOREAN_AMOUNT, korean),
        ):
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], text
        words = [m.span() for m in amounts._WORD_AMOUNT.finditer(text)]
        assert [(m.start, m.end) for m in amounts._word_amounts(text)] == words, text


def test_a_trie_of_many_first_characters_matches_like_one_alternation() -> None:
    rng = random.Random(3)
    syllables = [chr(0xAC00 + 28 * i) for i in range(200)] + list("abcXYZ")
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(600)}
    grouped = re.compile(trie_pattern(words))
    assert grouped.pattern.startswith("(?=[")  # more than 32 first characters: grouped
    plain = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    for _ in range(500):
        text = "".join(rng.choice([*syllables, " "]) for _ in range(rng.randint(0, 60)))
        assert [m.span() for m in grouped.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text


def test_a_scale_spelled_with_a_dotted_capital_is_read_not_raised() -> None:
    # MİLLİON matches `million` case-blind, but its lower() is not `million` (KeyError before).
    found = amounts.find_amounts("무려 5 MİLLİON dollars, 3 thouſand won")
    assert [(m.amount.value, m.amount.currency) for m in found] == [(5e6, "USD"), (3e3, "KRW")]
