"""The sentence cut and the trigger search of deal extraction were rewritten for speed
(docs/benchmarks.md, "Deal extraction"); they must cut and find exactly what the plain
regexes they replace did."""

from __future__ import annotations

import random
import re

from scwatch.core.deals.sentences import split
from scwatch.core.deals.trie import first_chars, guarded
from scwatch.core.deals.triggers import _ANY_TRIGGER, find_triggers

_CLOSERS = "[\"'”’)\\]」』>]*"
# The former cut: one lazy regex over the body.
REFERENCE = re.compile(
    rf"\S(?:[^\n]*?(?:[다요]\.+{_CLOSERS}|[?!…]+{_CLOSERS}|\.+{_CLOSERS}(?=\s|$))|[^\n]*\S)?"
)
ALPHABET = list("다요.?!…\n \t\u3000\"')]」』>가나A1\u00a0\r")


def _bodies() -> list[str]:
    rng = random.Random(11)
    made = ["", " ", "다.", "1.4배 늘었다. 다음 문장", "끝?!\n\n  둘째 줄  \n셋…째", "a.b. c"]
    made += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    return made


def test_sentences_are_cut_where_the_former_regex_cut_them() -> None:
    for body in _bodies():
        expected = [(m.group(), m.start()) for m in REFERENCE.finditer(body)]
        got = [(s.text, s.start) for s in split("", body)]
        assert got == expected, body


def test_triggers_are_found_where_the_one_regex_finds_them() -> None:
    sentences = [
        "LH는 쿠웨이트 주택부와 설계 용역 계약을 체결했다.",
        "부산시는 해외수주 지원단을 파견하고 MOU를 맺을 예정이다.",
        "Busan signs an MOU and a supply contract with a business meetings host.",
        "국가시범도시 조성을 위한 실증사업 협약을 맺었다.",
        "SIGNS A PACT, ſells nothing, agreement on pilot; 수출상담액 100만 달러.",
    ]
    for sentence in sentences:
        expected = [(m.lastgroup, m.start(), m.end()) for m in _ANY_TRIGGER.finditer(sentence)]
        got = [(t.kind, t.start, t.end) for t in find_triggers(sentence)]
        assert got == expected, sentence


def test_a_guarded_pattern_finds_the_same_matches() -> None:
    pattern = re.compile(r"(?<!x)(?:MOU|협약)\s?체결|\bsign(?:ed)?\b|(?:수주)?계약", re.IGNORECASE)
    assert first_chars(pattern) is not None
    fast = guarded(pattern)
    for text in ["mou 체결, Signed 계약 수주계약", "xMOU 체결 협약체결", "ſigned nothing"]:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == expected


def test_a_pattern_that_may_start_anywhere_is_left_alone() -> None:
    for source in (r".계약", r"\w+협약", r"[^가]MOU", r"(?:x)?"):
        pattern = re.compile(source)
        assert first_chars(pattern) is None
        assert guarded(pattern) is pattern


def test_every_trigger_starts_with_a_known_character() -> None:
    # find_triggers skips positions whose character no trigger starts with; a trigger added
    # with a leading `.` or `\w` would make that set unknown and must be caught here.
    assert first_chars(_ANY_TRIGGER)
