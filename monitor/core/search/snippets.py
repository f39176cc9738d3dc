"""A highlighted snippet: the part of an article's body around the words a search found.

Terms are squeezed (no whitespace), so each is found in the folded body with whitespace
allowed between its letters: `스마트시티` marks `스마트 시티`. Folding keeps positions, so
the ranges are ranges of the body as people read it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scwatch.core.text.folding import fold

SNIPPET_CHARS = 160
LEAD_CHARS = 40  # how much text is shown before the first highlighted word
ELLIPSIS = "…"


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(char) for char in term))


def find_terms(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """The non-overlapping ranges of the terms in `text`, longest term first, in order."""
    folded = fold(text)
    taken: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        for found in _pattern(term).finditer(folded):
            start, end = found.span()
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
    return sorted(taken)


def snippet_of(
    body: str, terms: Sequence[str], width: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `width` characters of `body` around the first term found (its start when none
    is: a title-only match), on one line, and the character ranges of the terms in it.
    An ellipsis marks text cut off at either end."""
    flat = body.replace("\n", " ")  # same length: the ranges stay valid
    ranges = find_terms(flat, terms)
    start = max(0, ranges[0][0] - LEAD_CHARS) if ranges else 0
    end = min(len(flat), start + width)
    start = max(0, min(start, end - width))
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(flat) else ""
    shift = len(lead) - start
    shown = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in ranges if s < end and e > start
    )
    return lead + flat[start:end] + tail, shown
