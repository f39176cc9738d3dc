"""Sentences of a title and body, with their offsets (the same cut as rule evidence)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

# A sentence ends at a newline, after 다./요., after ?, ! or …, or after a period followed by
# whitespace (so 1.4배 and 9.8일 stay whole); closing quotes and brackets stay with it.
_CLOSERS = "[\"'”’)\\]」』>]*"
# A sentence starts at a non-space and ends at the first end mark after its first character,
# else at the last non-space of its line. Two searches (one lazy regex, tried at every
# character, was a fifth of the cost of deal extraction).
_START = re.compile(r"\S")
# [다요]\.+|[?!…]+|\.+(?=\s|$) or a newline, written to start with one class so the engine
# scans for its characters instead of trying four branches at every position.
_STOP = re.compile(
    rf"[다요?!….\n](?:(?<=[다요])\.+{_CLOSERS}|(?<=[?!…])[?!…]*{_CLOSERS}"
    rf"|(?<=\.)\.*{_CLOSERS}(?=\s|$)|(?<=\n))"
)


# Longer "sentences" (a table flattened to one line, a page of digits, a hostile body) are cut
# into pieces of at most this many characters: every cue and field regex reads a sentence
# once per trigger in it, so one endless sentence would cost its length squared.
MAX_SENTENCE = 600


class Sentence(NamedTuple):  # a tuple: thousands are made per second
    field: Literal["title", "body"]
    # 0 for the title, 1.. for body sentences in order (hides tuple.index, never used here)
    index: int  # type: ignore[assignment]
    text: str
    start: int = 0  # offset in its field


def split(title: str, body: str) -> list[Sentence]:
    stripped = title.strip()[:MAX_SENTENCE]
    sentences = [Sentence("title", 0, stripped, title.find(stripped))] if stripped else []
    pieces = (piece for found in _cut(body) for piece in _pieces(*found))
    for index, (text, start) in enumerate(pieces, start=1):
        sentences.append(Sentence("body", index, text, start))
    return sentences


def _cut(body: str) -> Iterator[tuple[str, int]]:
    """(sentence, offset) of each sentence of `body`, in order."""
    at = 0
    while (first := _START.search(body, at)) is not None:
        start = first.start()
        stop = _STOP.search(body, start + 1)
        if stop is not None and stop.group() != "\n":
            at = stop.end()
        else:  # no end mark on the line: up to its last non-space
            line_end = stop.start() if stop is not None else len(body)
            at = start + len(body[start:line_end].rstrip())
        yield body[start:at], start


def _pieces(text: str, start: int) -> list[tuple[str, int]]:
    """The sentence, or its pieces of at most MAX_SENTENCE characters cut at a space."""
    found = []
    while len(text) > MAX_SENTENCE:
        cut = text.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        found.append((text[:cut], start))
        rest = text[cut:].lstrip()
        start += len(text) - len(rest)
        text = rest
    return [*found, (text, start)]
