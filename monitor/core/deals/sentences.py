"""Sentences of a title and body, with their offsets (the same cut as rule evidence)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# A sentence ends at a newline, after 다./요., after ?, ! or …, or after a period followed by
# whitespace (so 1.4배 and 9.8일 stay whole); closing quotes and brackets stay with it.
_CLOSERS = "[\"'”’)\\]」』>]*"
_SENTENCE = re.compile(
    rf"\S(?:[^\n]*?(?:[다요]\.+{_CLOSERS}|[?!…]+{_CLOSERS}|\.+{_CLOSERS}(?=\s|$))|[^\n]*\S)?"
)


@dataclass(frozen=True)
class Sentence:
    field: Literal["title", "body"]
    index: int  # 0 for the title, 1.. for body sentences in order
    text: str
    start: int = 0  # offset in its field


def split(title: str, body: str) -> list[Sentence]:
    stripped = title.strip()
    sentences = [Sentence("title", 0, stripped, title.find(stripped))] if stripped else []
    for index, match in enumerate(_SENTENCE.finditer(body), start=1):
        sentences.append(Sentence("body", index, match.group(), match.start()))
    return sentences
