"""One regex for many literal words, shaped as a trie so matching does not try each word.

Python's `re` tries the branches of `a|b|c…` one by one at every position; with a thousand
gazetteer names that is far too slow for 500 articles/s. A trie-shaped pattern shares the
prefixes, so at most a few branches are tried per position, and the longest word wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""
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
    return _node_pattern(root) if root else "(?!)"


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
