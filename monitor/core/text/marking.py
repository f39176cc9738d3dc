"""Marking the terms a rule found inside the sentence shown to people."""

from __future__ import annotations

import re
from collections.abc import Sequence

from scwatch.core.text.folding import fold


def mark_terms(sentence: str, terms: Sequence[str], left: str = "**", right: str = "**") -> str:
    """Wrap each occurrence of the terms in markers, longest term first, never nested.

    Occurrences are found in the folded sentence (the folding the rules use, so MOU marks
    ＭＯＵ and mou too); folding keeps positions, so they are positions in the sentence."""
    folded = fold(sentence)
    taken: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        for found in re.finditer(re.escape(fold(term)), folded):
            start, end = found.span()
            if all(end <= s or start >= e for s, e in taken):
                taken.append((start, end))
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(taken):
        pieces += [sentence[cursor:start], left, sentence[start:end], right]
        cursor = end
    pieces.append(sentence[cursor:])
    return "".join(pieces)
