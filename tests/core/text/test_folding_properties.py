"""Property-based tests of the one text folding (scwatch.core.text.folding).

Search (the squeezed `search_text` column and squeezed query terms), the rule matcher (which
scans `FoldedText.folded`, in place) and dedup (`content_key`) must see the same characters,
or an article found by `scwatch search` is missed by the rule with the same term, or two
copies of one story get different content keys. These properties pin that down for any
text, including the characters that broke earlier foldings: compatibility and half-width
Hangul jamo, full-width forms, combining marks, ㈜ and ㎡, ß, zero-width characters and
every kind of whitespace.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from scwatch.core.models import Rule
from scwatch.core.rules import DEFAULT_TERM_CONTEXTS, compile_rules, mark_terms
from scwatch.core.rules.terms import SHORT_HANGUL_MAX
from scwatch.core.text.folding import FoldedText, fold, squeeze, squeeze_fields
from scwatch.core.text.keys import content_key

# ---------------------------------------------------------------- strategies

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
WHITESPACE = " \t\n\r\u00a0\u1680\u2002\u2009\u202f\u3000\u2028\u2029\x0b\x0c\x1c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Characters whose folding is easy to get wrong, drawn often next to ordinary ones.
TRICKY = (
    WHITESPACE
    + INVISIBLE
    + "㈜㎡…․ß ẞİıſﬁǰΣσς\u212a\u212b"  # compatibility forms and case-folding oddities
    + "ＡＭＯＵｅｚ０９－（）"  # full-width forms
    + "ㄱㄴㅏㅓㅎㅣㆍ\u3164ﾡ\uffc2㉠"  # compatibility, half-width and circled jamo; Hangul filler
    + "\u1100\u1161\u11a8\u115f\u1160"  # conjoining jamo
    + "\u0300\u0301\u0308\u030c\u0323\u0345\u0340\u0f73"  # combining marks
    + "가각한국스마트시티수출jJeEkK"
)
CHARS = st.one_of(st.characters(), st.sampled_from(TRICKY), HANGUL)
# Any text, and texts made of the tricky characters only (so that they meet each other).
TEXT = st.one_of(st.text(CHARS, max_size=40), st.text(st.sampled_from(TRICKY), max_size=12))
NOISE = st.text(st.sampled_from(WHITESPACE + INVISIBLE), max_size=3)
# Noise that is not whitespace: particles, Latin and full-width letters, punctuation, ㈜.
LETTER_NOISE = st.text(st.sampled_from("을를의와은ＡaZ1-·(㈜"), min_size=1, max_size=2)

# ---------------------------------------------------------------- fold and squeeze


@settings(max_examples=400)
@given(TEXT)
@example("ㄱㅏ")  # compatibility jamo would fold into a composable pair
@example("ｅ\u0301")  # a full-width letter folds into one that composes with the mark
@example("e \u0301")  # squeezing the space out puts the mark on the letter
@example("J\u030c")  # case folding: j + caron composes (ǰ), J + caron does not
def test_fold_keeps_the_length_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded


@settings(max_examples=400)
@given(TEXT)
@example("ㄱㅏ")
@example("ｅ\u0301")
@example("e \u0301")
@example("가 \u11a8")
@example("J\u030c")
@example("ｅ" + "\u0301\u0323" * 40 + " \u0301")  # a long run of marks
def test_squeeze_is_idempotent_and_has_no_whitespace(text: str) -> None:
    squeezed = squeeze(text)
    assert squeeze(squeezed) == squeezed
    assert not any(char.isspace() for char in squeezed)
    assert unicodedata.is_normalized("NFC", squeezed)


@settings(max_examples=400)
@given(TEXT)
def test_rules_and_search_see_the_same_characters(text: str) -> None:
    """The matcher's copy is the NFC original folded in place; the search copy is that copy
    without its whitespace. So a squeezed term is in squeeze(text) exactly when the matcher's
    whitespace-skipping pattern finds it in the folded copy."""
    matched = FoldedText(text)
    assert matched.original == unicodedata.normalize("NFC", text)
    assert len(matched.folded) == len(matched.original)
    assert matched.folded == fold(matched.original)
    assert squeeze(text) == "".join(matched.folded.split())


# ---------------------------------------------------------------- search vs rules


def _rule_fires(term: str, text: str, body: str = "") -> bool:
    ruleset = compile_rules([Rule(name="t", query=f'"{term}"')], {})
    return bool(ruleset.match(text, body))


def _search_finds(term: str, text: str) -> bool:
    return squeeze(term) in squeeze(text)


def _plain_term(term: str) -> bool:
    """Terms the matcher accepts wherever they occur, as search does: 3+ Hangul syllables
    without an entry in the disambiguation table. Shorter Hangul terms need a word boundary
    before them and have excluded continuations (수출 is not in 역수출 or 수출입) and Latin
    terms need Latin-letter boundaries (MOU is not in MOUSE): there the rules are stricter
    than search by design (docs/rules.md, "Korean-aware matching")."""
    squeezed = squeeze(term)
    contexts = {squeeze(key) for key in DEFAULT_TERM_CONTEXTS}
    return len(squeezed) > SHORT_HANGUL_MAX and squeezed not in contexts


def _with_noise(term: str, noises: list[str]) -> str:
    """`term` with noises[i] after its i-th letter (none after the last one)."""
    gaps = [*noises[: len(term) - 1], *[""] * len(term)]
    return "".join(char + gap for char, gap in zip(term, gaps, strict=False))


TERMS = st.text(HANGUL, min_size=SHORT_HANGUL_MAX + 1, max_size=6).filter(_plain_term)


@settings(max_examples=150)
@given(st.text(HANGUL, min_size=3, max_size=30), st.data())
def test_search_and_rules_agree_on_a_slice_of_the_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 3))
    end = data.draw(st.integers(start + 3, min(len(text), start + 6)))
    term = text[start:end]
    spaced = data.draw(st.lists(NOISE, max_size=len(text)))
    assume(_plain_term(term))
    noisy = _with_noise(text, spaced)
    assert _search_finds(term, noisy)
    assert _rule_fires(term, noisy)


@settings(max_examples=150)
@given(TERMS, TEXT, TEXT, st.lists(NOISE, max_size=5))
def test_a_term_split_by_whitespace_or_invisible_characters_is_found_by_both(
    term: str, before: str, after: str, noises: list[str]
) -> None:
    text = before + " " + _with_noise(term, noises) + " " + after
    assert _search_finds(term, text)
    assert _rule_fires(term, text)


@settings(max_examples=150)
@given(TERMS, TEXT, TEXT, st.lists(st.one_of(NOISE, LETTER_NOISE), max_size=5))
def test_search_and_rules_agree_on_any_text_around_a_term(
    term: str, before: str, after: str, noises: list[str]
) -> None:
    text = before + _with_noise(term, noises) + after
    assert _search_finds(term, text) == _rule_fires(term, text)


@settings(max_examples=150)
@given(TERMS, TEXT)
def test_search_and_rules_agree_on_arbitrary_text(term: str, text: str) -> None:
    assert _search_finds(term, text) == _rule_fires(term, text)


@settings(max_examples=150)
@given(TERMS, TEXT, TEXT, st.data())
def test_search_text_and_rules_agree_on_a_title_and_a_body(
    term: str, title: str, body: str, data: st.DataObject
) -> None:
    """The search column holds title and body (services.ingest): a term split between the
    end of the title and the start of the body is found by neither."""
    cut = data.draw(st.integers(0, len(term)))
    title, body = title + term[:cut], term[cut:] + body
    found = squeeze(term) in squeeze_fields(title, body)
    assert found == _rule_fires(term, title, body)


# ---------------------------------------------------------------- content keys

BASE_CHARS = st.one_of(HANGUL, st.sampled_from("abcXYZ019.,-()·“”㈜% "))


@st.composite
def respelled(draw: st.DrawFn, text: str) -> str:
    """`text` with other spacing, case, full-width forms and zero-width characters."""
    out = []
    for char in text:
        if char == " ":
            char = draw(st.sampled_from(["", " ", "  ", "\u00a0", "\u3000", "\n"]))
        elif char.isascii() and char.isalpha():
            char = draw(st.sampled_from([char.lower(), char.upper()]))
        if len(char) == 1 and "!" <= char <= "~" and draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # the full-width form
        out.append(char + draw(NOISE))
    return "".join(out)


@settings(max_examples=150)
@given(st.text(BASE_CHARS, max_size=60), st.text(BASE_CHARS, max_size=300), st.data())
def test_content_key_ignores_spacing_case_width_and_zero_width_characters(
    title: str, body: str, data: st.DataObject
) -> None:
    other_title, other_body = data.draw(respelled(title)), data.draw(respelled(body))
    assert content_key(title, body) == content_key(other_title, other_body)


# ---------------------------------------------------------------- regressions
# Counterexamples to the properties above, found before folding.py was fixed.


@pytest.mark.parametrize(
    ("text", "squeezed"),
    [
        ("ſ\u0301", "s"),  # found by hypothesis: ſ folds to s, and s + ́ composed to ś
        ("ｅ\u0301", "e"),  # full-width e: the same
        ("J\u030c", "j"),  # case folding: j + ̌ composes to ǰ, J + ̌ does not
        ("e \u0301", "e"),  # squeezing moved the mark onto the e
        ("가 \u11a8", "가"),  # squeezing moved the final consonant into 가 (각)
    ],
)
def test_a_mark_folding_or_squeezing_would_move_onto_a_letter_is_dropped(
    text: str, squeezed: str
) -> None:
    assert squeeze(text) == squeezed
    assert squeeze(squeezed) == squeezed
    assert len(fold(text)) == len(text)


def test_compatibility_jamo_are_not_fused_into_a_syllable() -> None:
    # NFKC makes ㄱ and ㅏ conjoining jamo, and squeeze("ㄱㅏ") was 가 the second time.
    assert squeeze("ㄱㅏ") == "ㄱㅏ" == squeeze(squeeze("ㄱㅏ"))
    assert fold("ㅋㅋ ㄱㅏ") == "ㅋㅋ ㄱㅏ"
    assert fold("ﾡ\uffc2㉠") == "ㄱㅏㄱ"  # half-width and circled letters fold to them
    assert not _search_finds("가나다", "ㄱㅏ나다")
    assert not _rule_fires("가나다", "ㄱㅏ나다")


def test_a_term_across_title_and_body_is_found_by_neither_search_nor_rules() -> None:
    # The search column was squeeze(title + "\n" + body): the newline was squeezed away.
    title, body = "세종 스마트", "시티 사업 착수"
    assert "스마트시티" not in squeeze_fields(title, body)
    assert not _rule_fires("스마트시티", title, body)
    assert "스마트시티" in squeeze_fields("세종 스마트 시티", body)


def test_company_sign_and_units_stay_as_they_are_for_search_and_rules() -> None:
    assert squeeze("㈜한국 100㎡") == "㈜한국100㎡"
    assert _search_finds("㈜한국", "㈜ 한국 스마트") and _rule_fires("㈜한국", "㈜ 한국 스마트")
    assert not _search_finds("(주)한국", "㈜한국") and not _rule_fires("(주)한국", "㈜한국")


def test_marking_uses_the_same_folding() -> None:
    # mark_terms used re.IGNORECASE: ＭＯＵ (full-width) was not marked for the term MOU.
    assert mark_terms("ＭＯＵ와 mou", ["MOU"]) == "**ＭＯＵ**와 **mou**"
