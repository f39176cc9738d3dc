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

FIELD_SEPARATOR = "\n"  # between the squeezed title and body in search_text
_CODES_KEPT = 20_000  # Hangul syllables (11,172), ASCII and the common CJK and symbols


class _Codes(dict[str, str]):
    """Each letter's hex code, worked out once per process: every stored article's document
    is built from them (in SQLite, by the insert trigger), a few hundred letters at a time."""

    def __missing__(self, char: str) -> str:
        if len(self) >= _CODES_KEPT:  # a text of rare letters cannot grow it without bound
            self.clear()
        code = self[char] = format(ord(char), "x")
        return code


_CODES = _Codes()
_TOKEN = "{}g{}".format


def _code(char: str) -> str:
    return _CODES[char]


def _fts_tokens(field: str) -> str:
    """The tokens of one field, space-separated ("" for an empty field)."""
    codes = list(map(_CODES.__getitem__, field))
    if not codes:
        return ""
    # The windows, then the last letter alone.
    return " ".join([*map(_TOKEN, codes, codes[1:]), f"{codes[-1]}g"])


def gram_tokens(search_text: str) -> str:
    """The FTS5 document of a search_text: its positioned bigram tokens, space-separated."""
    fields = (_fts_tokens(field) for field in search_text.split(FIELD_SEPARATOR))
    return " ".join(tokens for tokens in fields if tokens)


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
