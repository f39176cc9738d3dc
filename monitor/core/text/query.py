"""Search queries: words ANDed, a "quoted phrase" one term, each term squeezed by the one
folding the rules use, and a particle after an unquoted Korean word taken off.

The archive finds a term as a substring of the squeezed text, as the rules do, so
`스마트 시티` already finds `스마트시티`; a particle written in the query (`스마트
시티를`) would demand that particle in the article. Taking it off keeps a stem that every
form of the word contains; a stem of one syllable would find nearly everything, so 협의
and 회의 stay whole.
"""

from __future__ import annotations

import re
import shlex

from scwatch.core.text.folding import squeeze

# Longest first: 에서는 before 에서 before 에.
PARTICLES = (
    "에서는", "으로는", "에게서", "이라고",
    "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "에는", "에도", "과의", "와의",
    "이나", "라고",
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만",
)  # fmt: skip
_HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")
MIN_STEM = 2


def strip_particle(word: str) -> str:
    """`양해각서를` -> `양해각서`; a word whose stem would be under two syllables stays."""
    if not _HANGUL_WORD.fullmatch(word[-1:] or " "):
        return word
    for particle in PARTICLES:
        stem = word[: -len(particle)]
        if word.endswith(particle) and len(stem) >= MIN_STEM and _HANGUL_WORD.fullmatch(stem[-1]):
            return stem
    return word


def search_terms(query: str) -> list[str]:
    """The squeezed terms of a query; a quoted phrase keeps its particles."""
    try:
        parts, quoted = shlex.split(query), _quoted_parts(query)
    except ValueError:  # an unbalanced quote: plain words
        parts, quoted = query.split(), set()
    words = (part if part in quoted else strip_particle(part) for part in parts)
    return [term for term in map(squeeze, words) if term]


def _quoted_parts(query: str) -> set[str]:
    return set(re.findall(r'"([^"]*)"', query)) | set(re.findall(r"'([^']*)'", query))
