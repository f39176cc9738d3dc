"""Property-based tests of the control-character cleaning (scwatch.core.text.controls):
idempotent, no control or bidi character left (newline and tab kept in a body), every other
character (Korean above all) untouched, and the extractor's xml_safe leaves only what an
XML tree can hold."""

from __future__ import annotations

import unicodedata

import lxml.etree
from hypothesis import example, given
from hypothesis import strategies as st

from scwatch.core.text.controls import strip_controls, utf8_if_xml_safe, xml_safe

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))) + "".join(sorted(BIDI))
# Any text, with controls, bidi characters, CRLF and Korean drawn often.
TEXTS = st.lists(
    st.characters(codec="utf-8")
    | st.sampled_from([*CONTROLS, "\r\n", "스마트시티", "가", " ", "\u2028", "\ud800"])
).map("".join)
KOREAN = st.text(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
    | st.characters(min_codepoint=0x3131, max_codepoint=0x318E)  # compatibility jamo
    | st.sampled_from(list(" .,·…()\n\t0123456789%㈜㎡「」“”"))
)


def is_unsafe(char: str, lines: bool) -> bool:
    if lines and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI


@given(TEXTS, st.booleans())
@example("a\r\x00\nb", True)  # a control removed between CR and LF: one newline, not two
def test_cleaning_is_idempotent_and_leaves_no_control(text: str, lines: bool) -> None:
    cleaned = strip_controls(text, lines=lines)
    assert strip_controls(cleaned, lines=lines) == cleaned
    assert not [char for char in cleaned if is_unsafe(char, lines)]


@given(TEXTS)
def test_only_controls_are_removed(text: str) -> None:
    kept = [char for char in text if not is_unsafe(char, False)]
    assert [char for char in strip_controls(text) if char != " "] == [c for c in kept if c != " "]


@given(KOREAN, st.booleans())
def test_korean_text_is_untouched(text: str, lines: bool) -> None:
    cleaned = strip_controls(text, lines=lines)
    assert cleaned == (text if lines else text.replace("\n", " ").replace("\t", " "))


@given(TEXTS)
def test_xml_safe_text_fits_in_a_tree(text: str) -> None:
    element = lxml.etree.Element("p")
    element.text = xml_safe(text)  # raises ValueError on a character XML forbids
    assert element.text == xml_safe(text)


@given(TEXTS)
@example("a\ufffeb")
@example("a\uffffb\x0c")
def test_utf8_is_given_exactly_when_nothing_is_forbidden(text: str) -> None:
    utf8 = utf8_if_xml_safe(text)
    if xml_safe(text) == text:
        assert utf8 == text.encode("utf-8")
    else:
        assert utf8 is None
