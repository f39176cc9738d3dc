"""One regex for many literal words, shaped as a trie so matching does not try each word;
and the first characters of a regex, so a search skips positions where none can start.

Python's `re` tries the branches of `a|b|c…` one by one at every position; with a thousand
gazetteer names that is far too slow for 500 articles/s. A trie-shaped pattern shares the
prefixes, so at most a few branches are tried per position, and the longest word wins.
"""

from __future__ import annotations

import re
import re._parser as _parser
from collections.abc import Iterable
from typing import Any

_END = ""
_GROUP = 32  # first characters per group of a large trie's root (measured: 16–56 alike)
_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of `words` (longest first at each position)."""
    root: _Trie = {}
    for word in words:
        if not word:
            continue
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not root:
        return "(?!)"
    if len(root) <= _GROUP:
        return _node_pattern(root)
    # Python's engine tries the branches of an alternation one by one: with 160 first
    # characters that is up to 160 tries at each position. Groups of _GROUP first characters,
    # each behind a look-ahead of its characters, cut that to a few class tests (the same
    # matches: at most one branch can start with a given character).
    starts = sorted(root)
    groups = []
    for at in range(0, len(starts), _GROUP):
        chars = starts[at : at + _GROUP]
        branches = "|".join(re.escape(c) + _node_pattern(root[c]) for c in chars)
        groups.append(f"(?={char_class(set(chars))})(?:{branches})")
    return f"(?={char_class(set(starts))})(?:{'|'.join(groups)})"


def _node_pattern(node: _Trie) -> str:
    ends_here = _END in node
    branches = [
        re.escape(char) + _node_pattern(child)
        for char, child in sorted(node.items())
        if char != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Optional continuation, greedy: the longer word is preferred.
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of `pattern` can start with (case variants included when it
    ignores case), or None when any character may start one (`.`, `\\w`, a negated class,
    or a match of nothing). Lets a caller skip positions without calling the regex engine."""
    found, nullable = _first_of(_parser.parse(pattern.pattern, pattern.flags))
    if found is None or nullable:
        return None
    chars = set(found)
    if pattern.flags & re.IGNORECASE:
        variants = re.compile(char_class(chars), re.IGNORECASE)
        chars |= {c.swapcase() for c in chars if len(c.swapcase()) == 1}
        chars |= {chr(code) for code in range(0x80, 0x3000) if variants.match(chr(code))}
    return frozenset(chars)


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a lookahead of its first characters: the same matches, but a search
    fails fast where no branch can start (Python's engine tries every branch otherwise)."""
    found = first_chars(pattern)
    if found is None:
        return pattern
    return re.compile(f"(?={char_class(set(found))})(?:{pattern.pattern})", pattern.flags)


def char_class(chars: set[str] | frozenset[str]) -> str:
    """A regex class of exactly `chars`, runs of consecutive characters as ranges."""
    codes = sorted(ord(c) for c in chars)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


_ZERO_WIDTH = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}


def _first_of(items: Iterable[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """(first characters, can match empty) of a parsed sequence; None: any character."""
    chars: set[str] = set()
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        found, nullable = _first_of_item(op, arg)
        if found is None:
            return None, False
        chars |= found
        if not nullable:
            return chars, False
    return chars, True


def _first_of_item(op: Any, arg: Any) -> tuple[set[str] | None, bool]:
    if op is _parser.LITERAL:
        return {chr(arg)}, False
    if op is _parser.IN:
        return _first_of_class(arg), False
    if op is _parser.BRANCH:
        chars: set[str] = set()
        nullable = False
        for branch in arg[1]:
            found, empty = _first_of(branch)
            if found is None:
                return None, False
            chars |= found
            nullable = nullable or empty
        return chars, nullable
    if op is _parser.SUBPATTERN:
        _, add_flags, del_flags, inner = arg
        return _first_of(inner) if not (add_flags or del_flags) else (None, False)
    if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
        low, _, inner = arg
        found, empty = _first_of(inner)
        return found, empty or low == 0
    return None, False


def _first_of_class(items: list[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is _parser.LITERAL:
            chars.add(chr(arg))
        elif op is _parser.RANGE:
            chars |= {chr(code) for code in range(arg[0], arg[1] + 1)}
        else:
            return None  # a negated class, \w, \d …
    return chars
