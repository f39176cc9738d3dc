"""Finding terms in a folded text, with the boundary checks that keep short terms honest.

Whitespace is ignored inside a term (스마트시티 = 스마트 시티), and particles after a term
do not matter (양해각서를), because matching is by substring. Two kinds of term need more:

- Latin terms need Latin-letter boundaries: MOU must not match inside MOUSE, LH not in LHC.
- Hangul terms of one or two syllables are often the tail or head of another word once
  spaces are gone. They must be written without a space inside (수 주간 is not 수주), be
  preceded by a word boundary in the original (start, whitespace, punctuation, a digit or a
  Hanja abbreviation such as 韓/對) or by one of the term's allowed prefixes (해외수출), and
  not be followed by one of its excluded continuations (수출입).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scwatch.core.text.folding import FoldedText, squeeze

_WHITESPACE = re.compile(r"\s+")
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]+")
SHORT_HANGUL_MAX = 2


@dataclass(frozen=True)
class TermContext:
    """Per-term disambiguation, keyed by the squeezed term.

    allowed_prefixes: letters that may stand right before a short Hangul term (해외 for 수출).
    excluded_prefixes: reject the term when these come right before it (any term).
    excluded_continuations: reject the term when these follow it, whitespace ignored (수출입).
    """

    allowed_prefixes: tuple[str, ...] = ()
    excluded_prefixes: tuple[str, ...] = ()
    excluded_continuations: tuple[str, ...] = ()

    def squeezed(self) -> TermContext:
        return TermContext(
            tuple(squeeze(p) for p in self.allowed_prefixes),
            tuple(squeeze(p) for p in self.excluded_prefixes),
            tuple(squeeze(c) for c in self.excluded_continuations),
        )


def is_latin_letter(char: str) -> bool:
    return char.isalpha() and char <= "\u024f"


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK")


def _is_boundary(char: str) -> bool:
    """True when `char` (before a short Hangul term) ends a previous word."""
    return char == "" or not char.isalpha() or _is_han(char)


class TermSpec:
    """One squeezed term and the checks its occurrences must pass (worked out once)."""

    __slots__ = (
        "allowed_prefixes",
        "continuations",
        "excluded_prefixes",
        "latin_end",
        "latin_start",
        "needs_checks",
        "short_hangul",
        "squeezed",
    )

    def __init__(self, squeezed: str, context: TermContext = TermContext()) -> None:
        self.squeezed = squeezed
        self.allowed_prefixes = context.allowed_prefixes
        self.excluded_prefixes = context.excluded_prefixes
        self.continuations = context.excluded_continuations
        self.latin_start = is_latin_letter(squeezed[0])
        self.latin_end = is_latin_letter(squeezed[-1])
        self.short_hangul = len(squeezed) <= SHORT_HANGUL_MAX and bool(
            _HANGUL_SYLLABLE.fullmatch(squeezed)
        )
        # Long Hangul terms without exclusions are accepted wherever they occur.
        self.needs_checks = bool(
            self.short_hangul
            or self.latin_start
            or self.latin_end
            or self.excluded_prefixes
            or self.continuations
        )

    def accepts(self, text: FoldedText, start: int, end: int) -> bool:
        folded = text.folded
        before = folded[start - 1] if start else ""
        if self.latin_start and is_latin_letter(before):
            return False
        if self.latin_end and end < len(folded) and is_latin_letter(folded[end]):
            return False
        if self.short_hangul and not self._short_term_fits(text, start, end, before):
            return False
        return not self._excluded(text, start, end)

    def _short_term_fits(self, text: FoldedText, start: int, end: int, before: str) -> bool:
        if end - start != len(self.squeezed):
            return False  # a space inside: 수 주간 is not 수주
        if _is_boundary(before):
            return True
        if not self.allowed_prefixes:
            return False
        longest = max(map(len, self.allowed_prefixes))
        return text.squeezed_before(start, longest).endswith(self.allowed_prefixes)

    def _excluded(self, text: FoldedText, start: int, end: int) -> bool:
        if self.excluded_prefixes:
            longest = max(map(len, self.excluded_prefixes))
            if text.squeezed_before(start, longest).endswith(self.excluded_prefixes):
                return True
        if self.continuations:
            longest = max(map(len, self.continuations))
            return text.squeezed_after(end, longest).startswith(self.continuations)
        return False


_Trie = dict[str, "_Trie"]


def _trie(terms: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}  # a term ends here
    return root


def _node_pattern(node: _Trie) -> str:
    """The regex for the rest of a trie below `node`, whitespace allowed between letters.

    Greedy optionals make the match the longest term; branches start with distinct letters.
    """
    branches = [
        re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = r"\s*" + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")
    return f"(?:{body})?" if "" in node else body


class TermScanner:
    """Finds every accepted occurrence of a fixed set of terms in one pass over a text.

    A character class of the terms' first letters finds the candidate positions (in C); each
    candidate is tried with the trie of the terms beginning with that letter. One alternation
    of all terms would be slower: Python's regex engine tries its branches one by one.
    """

    def __init__(self, specs: list[TermSpec]) -> None:
        self.specs = specs
        ids = {spec.squeezed: index for index, spec in enumerate(specs)}
        # For each term, the ids of all terms that are prefixes of it (itself included):
        # a candidate position reports only the longest term starting there.
        self._prefix_ids = {
            term: tuple(ids[term[:size]] for size in range(1, len(term) + 1) if term[:size] in ids)
            for term in ids
        }
        trie = _trie(ids)
        self._by_first = {
            char: re.compile(re.escape(char) + _node_pattern(rest)) for char, rest in trie.items()
        }
        letters = "".join(re.escape(char) for char in sorted(trie))
        self._firsts = re.compile(f"[{letters}]") if trie else None

    def scan(self, text: FoldedText) -> list[tuple[int, int, int]]:
        """(term id, start, end) of every accepted occurrence, in text order."""
        if self._firsts is None:
            return []
        folded, specs, by_first = text.folded, self.specs, self._by_first
        found_terms: list[tuple[int, int, int]] = []
        for candidate in self._firsts.finditer(folded):
            start = candidate.start()
            found = by_first[candidate.group()].match(folded, start)
            if found is None:
                continue
            written = found.group()
            term_ids = self._prefix_ids.get(written)
            if term_ids is None:  # the occurrence has whitespace inside
                term_ids = self._prefix_ids[_WHITESPACE.sub("", written)]
            for term_id in term_ids:
                spec = specs[term_id]
                if spec.squeezed == written:
                    end = found.end()
                else:
                    end = _end_of(folded, start, len(spec.squeezed))
                if not spec.needs_checks or spec.accepts(text, start, end):
                    found_terms.append((term_id, start, end))
        return found_terms


def _end_of(folded: str, start: int, letters: int) -> int:
    """The end of the span from `start` that holds `letters` non-whitespace characters."""
    index = start
    while letters:
        if not folded[index].isspace():
            letters -= 1
        index += 1
    return index


def build_specs(terms: Iterable[str], contexts: Mapping[str, TermContext]) -> list[TermSpec]:
    squeezed_contexts = {squeeze(key): ctx.squeezed() for key, ctx in contexts.items()}
    return [TermSpec(term, squeezed_contexts.get(term, TermContext())) for term in terms]
