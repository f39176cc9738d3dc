"""The search index's document (scwatch.core.search.grams): every window of two letters of
each field in order, then the field's last letter alone, each written in hex around a g."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from scwatch.core.search.grams import FIELD_SEPARATOR, fts_term, gram_tokens


def spelled(search_text: str) -> str:
    """The document as the index defines it, letter by letter."""
    tokens = []
    for field in search_text.split(FIELD_SEPARATOR):
        codes = [format(ord(char), "x") for char in field]
        tokens += [f"{a}g{b}" for a, b in itertools.pairwise(codes)]
        tokens += [f"{codes[-1]}g"] if codes else []
    return " ".join(tokens)


def test_title_and_body_of_a_korean_article() -> None:
    assert gram_tokens("수출협약\n체결") == "c218gcd9c cd9cgd611 d611gc57d c57dg ccb4gacb0 acb0g"
    assert gram_tokens("") == ""
    assert gram_tokens("\n한") == "d55cg"


@given(st.text(alphabet=st.sampled_from("수출업무협약을 LH,K-12억원\n한국도로공사ß𝕏"), max_size=60))
def test_the_document_is_every_window_of_every_field(search_text: str) -> None:
    assert gram_tokens(search_text) == spelled(search_text)


def test_a_query_term_is_the_phrase_of_its_windows() -> None:
    assert fts_term("협약") == '"d611gc57d"'
    assert fts_term("협") == "d611g*"
