"""Search queries read as the rules read text: spacing, case and a particle after a Korean
word do not matter (the README's promise: `스마트 시티를` finds `스마트시티`)."""

from __future__ import annotations

import pytest

from scwatch.core.text.folding import squeeze
from scwatch.core.text.query import search_terms


def found(query: str, text: str) -> bool:
    """What the archive does with the terms: every one a substring of the squeezed text."""
    return all(term in squeeze(text) for term in search_terms(query))


@pytest.mark.parametrize(
    "query",
    ["스마트 시티를", "스마트시티를", "스마트 시티", "스마트시티가", "스마트시티의 수출을", "SMART City"],
)
def test_spacing_case_and_particles_do_not_matter(query: str) -> None:
    text = "국토부는 스마트시티 수출을 늘린다. smart city 해외 진출."
    assert found(query, text), search_terms(query)


def test_particles_come_off_only_long_enough_words() -> None:
    assert search_terms("수출을 양해각서를 기업과") == ["수출", "양해각서", "기업"]
    # A one-syllable stem would find everything: 협의 and 회의 stay whole.
    assert search_terms("협의 회의") == ["협의", "회의"]


def test_a_quoted_phrase_is_taken_as_written() -> None:
    assert search_terms('"스마트시티를 수출"') == ["스마트시티를수출"]


def test_latin_words_keep_their_letters() -> None:
    assert search_terms("MOU Korea") == ["mou", "korea"]
