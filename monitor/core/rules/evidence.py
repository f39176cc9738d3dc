"""Evidence for a match: the sentences that hold the matched terms, and term marking."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from scwatch.core.models import Evidence
from scwatch.core.text.folding import FoldedText

MAX_EVIDENCE = 3
MAX_SENTENCE = 300
_CONTEXT_BEFORE = 80

TextField = Literal["title", "body", "source"]

# A sentence ends at a newline, after 다./요. (even when no space follows, as in
# "참석한다.국민과"), after ?, ! or …, or after a period followed by whitespace or the end
# (so 1.4배 and 9.8일 stay whole). Closing quotes and brackets stay with their sentence.
# The pattern matches whole sentences, from their first to their last visible character.
_CLOSERS = "[\"'”’)\\]」』>]*"
_SENTENCE = re.compile(
    rf"\S(?:[^\n]*?(?:[다요]\.+{_CLOSERS}|[?!…]+{_CLOSERS}|\.+{_CLOSERS}(?=\s|$))|[^\n]*\S)?"
)


class Span(NamedTuple):
    """Where a term occurrence was found: field, [start, end) in the original, term id."""

    field: TextField
    start: int
    end: int
    term_id: int


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text`, surrounding whitespace excluded."""
    return [found.span() for found in _SENTENCE.finditer(text)]


SentenceKey = tuple[Literal["title", "body"], int]


@dataclass
class _Sentence:
    field: Literal["title", "body"]
    index: int
    start: int
    end: int
    found: list[tuple[int, int, int]]  # start, end, term id


class EvidenceCollector:
    """Turns matched spans into Evidence; splits a body into sentences at most once.

    Sentences are ranked by how many parts of the query they show (a sentence with both the
    smart-city and the export term first), then by how rare those parts are in the article
    (one of four 수출 sentences beats one of twenty 스마트시티 sentences), title first on ties.
    """

    def __init__(self, texts: Mapping[str, FoldedText]) -> None:
        self.texts = texts
        self._body_sentences: list[tuple[int, int]] | None = None
        self._body_starts: list[int] = []
        self._keys: dict[Span, SentenceKey | None] = {}

    def evidence(
        self, spans: Iterable[Span], term_parts: Mapping[int, frozenset[int]]
    ) -> tuple[Evidence, ...]:
        """Up to MAX_EVIDENCE sentences; `term_parts` maps a term id to its query parts."""
        found: dict[SentenceKey, list[Span]] = {}
        parts_of: dict[SentenceKey, set[int]] = {}
        keys = self._keys
        for span in set(spans):
            key = keys[span] if span in keys else self._key_of(span)
            if key is None:
                continue
            if key in found:
                found[key].append(span)
                parts_of[key].update(term_parts.get(span.term_id, ()))
            else:
                found[key] = [span]
                parts_of[key] = set(term_parts.get(span.term_id, ()))
        counts = Counter(part for parts in parts_of.values() for part in parts)
        weights = {part: 1 / count for part, count in counts.items()}
        ranked = sorted(
            (-len(parts), -sum(map(weights.__getitem__, parts)), key[0] != "title", key[1], key)
            for key, parts in parts_of.items()
        )
        best = [entry[-1] for entry in ranked[:MAX_EVIDENCE]]
        return tuple(self._build(self._sentence(key, found[key])) for key in best)

    def _key_of(self, span: Span) -> SentenceKey | None:
        key: SentenceKey | None = None
        if span.field == "title":
            key = ("title", 0)
        elif span.field == "body":
            self._body_bounds()
            key = ("body", bisect_right(self._body_starts, span.start) - 1)
        self._keys[span] = key
        return key

    def _sentence(self, key: SentenceKey, spans: list[Span]) -> _Sentence:
        field_name, index = key
        if field_name == "title":
            start, end = _stripped_bounds(self.texts["title"].original)
        else:
            start, end = self._body_bounds()[index]
        found = [(span.start, min(span.end, end), span.term_id) for span in spans]
        return _Sentence(field_name, index, start, end, found)

    def _body_bounds(self) -> list[tuple[int, int]]:
        if self._body_sentences is None:
            self._body_sentences = sentence_spans(self.texts["body"].original)
            self._body_starts = [start for start, _ in self._body_sentences]
        return self._body_sentences

    def _build(self, sentence: _Sentence) -> Evidence:
        original = self.texts[sentence.field].original
        start, end = sentence.start, sentence.end
        if end - start > MAX_SENTENCE:
            first = min(found_start for found_start, _, _ in sentence.found)
            start = max(sentence.start, first - _CONTEXT_BEFORE)
            end = min(sentence.end, start + MAX_SENTENCE)
        inside = [(s, e) for s, e, _ in sentence.found if s >= start and e <= end]
        terms = [original[s:e] for s, e in _outermost(inside)]
        text = original[start:end]
        if start > sentence.start:
            text = "…" + text
        if end < sentence.end:
            text += "…"
        return Evidence(sentence.field, text, tuple(dict.fromkeys(terms)))


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in text order, without those inside a longer one (Smart City in K-Smart City)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def _stripped_bounds(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, start + len(text.strip())
