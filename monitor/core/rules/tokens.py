"""Tokenizer of the rule query language (see docs/rules.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scwatch.core.errors import RuleSyntaxError
from scwatch.core.rules.nodes import DEAL_FIELD_NAMES, FIELD_NAMES

TokenKind = Literal[
    "word", "phrase", "alias", "field", "deal", "(", ")", "AND", "OR", "NOT", "NEAR", "end"
]

_WORD = re.compile(r"[^\s()\"]+")
_FIELD = re.compile(r"([A-Za-z]+):")
# amount>=100억, amount<1000만달러; the operator is part of the token.
_AMOUNT = re.compile(r"amount\s*(>=|<=|>|<|=)\s*([^\s()]+)", re.IGNORECASE)
_NEAR = re.compile(r"NEAR/(\d+)")
_NEAR_DIGITS = 9  # a distance beyond any article already means "in the same field"
_ALIAS_NAME = re.compile(r"[\w-]+")
_OPERATORS: dict[str, TokenKind] = {"AND": "AND", "OR": "OR", "NOT": "NOT"}


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    position: int
    distance: int = 0
    value: str = ""  # deal fields: the value after the colon (or after the amount operator)
    op: str = ""  # amount comparisons: >=, >, <=, <, =


def tokenize(query: str) -> list[Token]:
    """Split a query into tokens; the list always ends with an `end` token."""
    tokens: list[Token] = []
    index = 0
    while index < len(query):
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            kind: TokenKind = "(" if char == "(" else ")"
            tokens.append(Token(kind, char, index))
            index += 1
        elif char == '"':
            index = _read_phrase(query, index, tokens)
        else:
            index = _read_word(query, index, tokens)
    tokens.append(Token("end", "", len(query)))
    return tokens


def _read_phrase(query: str, start: int, tokens: list[Token]) -> int:
    end = query.find('"', start + 1)
    if end < 0:
        raise RuleSyntaxError(f"unterminated phrase opened at {start}", len(query), query)
    text = query[start + 1 : end]
    if not text.strip():
        raise RuleSyntaxError("empty phrase", start, query)
    tokens.append(Token("phrase", text, start))
    return end + 1


def _read_word(query: str, start: int, tokens: list[Token]) -> int:
    amount = _AMOUNT.match(query, start)
    if amount:
        tokens.append(Token("deal", "amount", start, value=amount.group(2), op=amount.group(1)))
        return amount.end()
    field = _FIELD.match(query, start)
    if field:
        name = field.group(1).lower()
        if name in DEAL_FIELD_NAMES:
            return _read_deal_field(query, start, field.end(), name, tokens)
        if name not in FIELD_NAMES:
            known = ", ".join(f"{n}:" for n in FIELD_NAMES + DEAL_FIELD_NAMES if n != "amount")
            raise RuleSyntaxError(
                f"unknown field '{field.group(1)}:' (expected {known} or amount>=)",
                start,
                query,
            )
        tokens.append(Token("field", name, start))
        return field.end()
    match = _WORD.match(query, start)
    assert match is not None  # the caller saw a word character at `start`
    tokens.append(_classify_word(match.group(), start, query))
    return match.end()


def _read_deal_field(query: str, start: int, at: int, name: str, tokens: list[Token]) -> int:
    """`country:베트남` or `country:"Saudi Arabia"`; the value is checked by the parser."""
    if query.startswith('"', at):
        end = query.find('"', at + 1)
        if end < 0:
            raise RuleSyntaxError(f"unterminated phrase opened at {at}", len(query), query)
        tokens.append(Token("deal", name, start, value=query[at + 1 : end].strip()))
        return end + 1
    match = _WORD.match(query, at)
    if match is None:
        raise RuleSyntaxError(f"expected a value after {name}:", at, query)
    tokens.append(Token("deal", name, start, value=match.group()))
    return match.end()


def _classify_word(word: str, start: int, query: str) -> Token:
    if word in _OPERATORS:
        return Token(_OPERATORS[word], word, start)
    if word.startswith("NEAR"):
        return _near_token(word, start, query)
    if word.startswith("@"):
        name = word[1:]
        if not _ALIAS_NAME.fullmatch(name):
            raise RuleSyntaxError("expected an alias name after '@'", start + 1, query)
        return Token("alias", name, start)
    if word.startswith("-") and len(word) > 1:
        raise RuleSyntaxError(f"a leading '-' does not negate; write NOT {word[1:]}", start, query)
    return Token("word", word, start)


def _near_token(word: str, start: int, query: str) -> Token:
    near = _NEAR.fullmatch(word)
    if near:
        if len(near.group(1)) > _NEAR_DIGITS:  # int() refuses 4,300 digits and more
            too_far = f"NEAR distance must be below 10^{_NEAR_DIGITS}"
            raise RuleSyntaxError(too_far, start + 5, query)
        distance = int(near.group(1))
        if distance < 1:
            raise RuleSyntaxError("NEAR distance must be at least 1", start + 5, query)
        return Token("NEAR", word, start, distance)
    if word == "NEAR" or word.startswith("NEAR/"):
        raise RuleSyntaxError(
            "expected a number of characters after NEAR/ (e.g. NEAR/30)",
            start + min(len(word), 5),
            query,
        )
    return Token("word", word, start)
