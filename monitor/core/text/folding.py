"""The two forms of a text: the clean form people read, and the one folding that search,
rules and dedup compare.

`fold` maps every character in place (same length as the original): NFKC, then case
folding. The matcher lets its patterns skip whitespace between the letters of a term, so
positions found in the folded copy are positions in the original, with no map to build per
article. `squeeze` is the folded text with all whitespace removed: the search column, the
content key and every rule term are squeezed by it, so "스마트 시티를" and "스마트시티" agree
everywhere. Squeezed distances (for NEAR/n) are computed from the folded copy on demand.

Compatibility characters whose NFKC form is longer than one character (…, ㈜, ㎡) are kept
as they are, by search and rules alike.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

# Invisible characters some CMSs put inside words; they fold to a space, which matching skips.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WHITESPACE = re.compile(r"\s+")
_NOT_SPACE = re.compile(r"\S")
# ASCII and precomposed Hangul never change under NFKC; only the rest is looked at.
_RARE = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]")
_SPACE = re.compile(r"\s")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if _INVISIBLE.match(char):
        return " "
    folded = unicodedata.normalize("NFKC", char).casefold()
    return folded if len(folded) == 1 else char


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def fold(text: str) -> str:
    """NFKC + casefold, character by character, keeping the length of `text`."""
    if not unicodedata.is_normalized("NFKC", text) or _INVISIBLE.search(text):
        text_ = _RARE.sub(_fold_match, text)
    else:
        text_ = text
    folded = text_.casefold()
    if len(folded) == len(text):
        return folded
    # A character whose case folding is longer (ß -> ss): fold one by one, keeping it.
    return "".join(_fold_char(char) for char in text)


def squeeze(text: str) -> str:
    """The compared copy: NFC, folded, every whitespace character removed. Search, rule
    terms and content keys all use it."""
    return _WHITESPACE.sub("", fold(unicodedata.normalize("NFC", text)))


def clean_text(text: str) -> str:
    """NFC, one kind of newline, single spaces, no zero-width characters, trimmed lines."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


class FoldedText:
    """An original text (NFC) and its folded copy, position for position."""

    __slots__ = ("_kept_before", "folded", "original")

    def __init__(self, text: str) -> None:
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        self.original = text
        self.folded = fold(text)
        self._kept_before: list[int] | None = None

    def squeezed_gap(self, start: int, end: int) -> int:
        """How many non-whitespace characters lie in folded[start:end]."""
        if end <= start:
            return 0
        if self._kept_before is None:
            marks = _SPACE.sub("\0", _NOT_SPACE.sub("\1", self.folded)).encode("latin-1")
            self._kept_before = [0, *itertools.accumulate(marks)]
        return self._kept_before[end] - self._kept_before[start]

    def squeezed_before(self, start: int, count: int) -> str:
        """Up to `count` non-whitespace folded characters that end just before `start`."""
        window = self.folded[max(0, start - 4 * count - 8) : start]
        return "".join(window.split())[-count:] if count else ""

    def squeezed_after(self, end: int, count: int) -> str:
        """Up to `count` non-whitespace folded characters that start at `end`."""
        window = self.folded[end : end + 4 * count + 8]
        return "".join(window.split())[:count]
