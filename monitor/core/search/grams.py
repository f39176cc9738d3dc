"""The tokens of the search index: every two-letter window (bigram) of the squeezed text.

A term of two or more letters occurs exactly where its bigrams stand at consecutive
positions, so an index of positioned bigrams answers a substring test exactly, 수출 inside
수출상담회 and 협약 inside 업무협약을 included; the last letter of each field is a token
of its own, so that "a bigram starting with x, or x alone" finds every one-letter term.

For SQLite FTS5 each window is written as ASCII (the code points in hex around a `g`), so
no tokenizer setting can split, fold or drop a letter and shift the positions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

FIELD_SEPARATOR = "\n"  # between the squeezed title and body in search_text


def _code(char: str) -> str:
    return format(ord(char), "x")


def _fts_tokens(field: str) -> Iterable[str]:
    codes = [_code(char) for char in field]
    for index in range(len(codes) - 1):
        yield f"{codes[index]}g{codes[index + 1]}"
    if codes:
        yield f"{codes[-1]}g"


def gram_tokens(search_text: str) -> str:
    """The FTS5 document of a search_text: its positioned bigram tokens, space-separated."""
    return " ".join(
        token for field in search_text.split(FIELD_SEPARATOR) for token in _fts_tokens(field)
    )


def fts_term(term: str) -> str:
    """The FTS5 query finding a squeezed term (no whitespace) exactly: a phrase of its
    bigrams, or for one letter every token starting with it."""
    if len(term) == 1:
        return f"{_code(term)}g*"
    tokens = [f"{_code(a)}g{_code(b)}" for a, b in itertools.pairwise(term)]
    return '"' + " ".join(tokens) + '"'


def term_grams(term: str) -> list[str]:
    """The distinct letters pairs of a term (the letter itself for one letter): what an
    article holding the term must hold, for an index of bigram sets (PostgreSQL)."""
    if len(term) == 1:
        return [term]
    return sorted({term[index : index + 2] for index in range(len(term) - 1)})
