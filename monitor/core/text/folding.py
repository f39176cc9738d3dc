"""The two forms of a text: the clean form people read, and the one folding that search,
rules and dedup compare.

`fold` maps every character in place (same length as the original): NFKC, then case
folding. The matcher lets its patterns skip whitespace between the letters of a term, so
positions found in the folded copy are positions in the original, with no map to build per
article. `squeeze` is the folded text with all whitespace removed: the search column, the
content key and every rule term are squeezed by it, so "스마트 시티를" and "스마트시티" agree
everywhere. Squeezed distances (for NEAR/n) are computed from the folded copy on demand.

Compatibility characters whose NFKC form is longer than one character (…, ㈜, ㎡) are kept
as they are, by search and rules alike. Two more rules keep the folded copy a text whose
letters are the ones people see, so that squeezing it again changes nothing:

- NFKC would turn compatibility Hangul letters (ㄱ, ㅏ) into conjoining jamo, which fuse
  into syllables (ㄱㅏ would squeeze to 가): they stay as they are, and half-width and
  circled Hangul letters fold to them (ﾡ, ㉠ -> ㄱ).
- A combining character that folding or squeezing would put onto a letter it was not on
  (the accent of ｅ́ once ｅ is e, of ſ́ once ſ is s, of J̌ once J is j; a mark or Hangul
  vowel that follows a space) folds to a space.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

# Invisible characters some CMSs put inside words; they fold to a space, which matching skips.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_NOT_SPACE = re.compile(r"\S")
# ASCII and precomposed Hangul never change under NFKC; only the rest is looked at.
_RARE = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]")
_SPACE = re.compile(r"\s")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# Conjoining Hangul jamo (choseong, jungseong, jongseong and their extensions).
_CONJOINING_JAMO = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")
# A starter and at most 30 marks (Unicode's stream-safe limit); marks beyond it are dropped
# when stray marks are, so that dropping them takes linear time.
_STREAM_SAFE = 31


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if _INVISIBLE.match(char):
        return " "
    folded = unicodedata.normalize("NFKC", char).casefold()
    if len(folded) != 1:
        return char
    if folded != char and _CONJOINING_JAMO.match(folded):
        return _hangul_letter(folded, char)
    return folded


def _hangul_letter(jamo: str, char: str) -> str:
    """The compatibility letter named like the conjoining `jamo` (ᄀ -> ㄱ), else `char`."""
    letter = unicodedata.name(jamo, "").split(" ", 2)[-1]  # HANGUL CHOSEONG KIYEOK
    try:
        return unicodedata.lookup(f"HANGUL LETTER {letter}")
    except KeyError:
        return char


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def fold(text: str) -> str:
    """NFKC + casefold, character by character, keeping the length of `text`.

    Idempotent. For NFC text, the result without its whitespace is NFC again (see the module
    docstring for the characters this keeps or turns into spaces), so squeeze(squeeze(x))
    is squeeze(x)."""
    folded = _fold_chars(text)
    if _RARE.search(folded) and _creates_combinations(text, folded):
        return _drop_stray_marks(folded)
    return folded


def _fold_chars(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text) or _INVISIBLE.search(text):
        text_ = _RARE.sub(_fold_match, text)
    else:
        text_ = text
    folded = text_.casefold()
    if len(folded) == len(text):
        return folded
    # A character whose case folding is longer (ß -> ss): fold one by one, keeping it.
    return "".join(_fold_char(char) for char in text)


def _creates_combinations(text: str, folded: str) -> bool:
    """True when `folded`, whitespace removed, composes or reorders under NFC although the
    text (or the folded copy itself, for a text that was not NFC) did not."""
    if not (unicodedata.is_normalized("NFC", folded) or unicodedata.is_normalized("NFC", text)):
        return False  # not NFC to begin with (FoldedText and squeeze give NFC)
    return not unicodedata.is_normalized("NFC", "".join(folded.split()))


def _drop_stray_marks(folded: str) -> str:
    """`folded` with a space for each character that would combine, under NFC, with what
    precedes it once whitespace is skipped (e + ́ from ｅ́, 가 + ᆨ from 가 ᆨ)."""
    chars = list(folded)
    tail = ""  # the squeezed output from its last starter (combining class 0) on
    for index, char in enumerate(chars):
        if char.isspace():
            continue
        mark = unicodedata.combining(char) != 0
        # A starter only composes with the character right before it.
        joined = (tail if mark else tail[-1:]) + char
        if len(joined) > _STREAM_SAFE or not unicodedata.is_normalized("NFC", joined):
            chars[index] = " "
        else:
            tail = joined if mark else char
    return "".join(chars)


def squeeze(text: str) -> str:
    """The compared copy: NFC, folded, every whitespace character removed. Search, rule
    terms and content keys all use it."""
    return "".join(fold(unicodedata.normalize("NFC", text)).split())


def squeeze_fields(*fields: str) -> str:
    """The squeezed fields, a newline between them: a squeezed term holds no whitespace, so
    search never finds one across two fields (title and body), just as the rules do not."""
    return "\n".join(map(squeeze, fields))


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
