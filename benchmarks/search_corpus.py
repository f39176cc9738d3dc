"""Synthetic Korean press articles for benchmarks/search.py, generated quickly.

Words are made of common Hangul syllables (frequent initials and vowels, a few finals),
drawn from a Zipf-like vocabulary, each followed by a particle now and then; a handful of
domain words are placed with known frequencies so each query class has its terms:
frequent (스마트시티 in about 30 % of articles), two-syllable (수출, 협약 inside 업무협약,
관제, 다낭), rare (리야드, 울란바토르, 타슈켄트) and no-hit terms. About a third of the
stories also run as one to three copies (the same text with an edited ending).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

INITIALS = [0, 2, 3, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18]  # ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ
VOWELS = [0, 4, 8, 13, 18, 20, 1, 6, 12, 17]  # ㅏㅓㅗㅜㅡㅣㅐㅔㅛㅠ
FINALS = [0, 0, 0, 4, 8, 16, 17, 21, 1]  # none (often), ㄴㄹㅁㅂㅇㄱ
SYLLABLES = [
    chr(0xAC00 + (i * 21 + v) * 28 + f) for i in INITIALS for v in VOWELS for f in set(FINALS)
]
PARTICLES = [
    "",
    "",
    "",
    "",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "에서",
    "으로",
    "와",
    "도",
]
# Placed words and the share of articles holding them (with a particle or inside a compound).
PLACED = {
    "스마트시티": 0.30,
    "국토교통부": 0.12,
    "수출": 0.06,
    "수출상담회": 0.01,
    "업무협약": 0.04,
    "관제": 0.03,
    "다낭": 0.002,
    "리야드": 0.001,
    "울란바토르": 0.0005,
    "타슈켄트": 0.0002,
}
QUERY_CLASSES = {
    "frequent": ["스마트시티", "국토교통부"],
    "two_syllable": ["수출", "협약", "관제", "다낭"],
    "rare": ["리야드", "울란바토르", "타슈켄트"],
    "no_hit": ["뷁뒓", "퀽쉛펗", "zzyzx"],
}
START = datetime(2016, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Synthetic:
    number: int
    story: int
    title: str
    body: str
    published: datetime


class Corpus:
    def __init__(self, seed: int = 11, vocabulary: int = 40_000) -> None:
        self.rng = random.Random(seed)
        syllable_weights = list(
            itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(len(SYLLABLES)))
        )
        words: set[str] = set()
        while len(words) < vocabulary:
            size = self.rng.choice((2, 2, 2, 3, 3, 4))
            words.add("".join(self.rng.choices(SYLLABLES, cum_weights=syllable_weights, k=size)))
        self.words = sorted(words - set(PLACED))
        self.rng.shuffle(self.words)
        self.weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.words))))

    def sentence(self, count: int) -> str:
        chosen = self.rng.choices(self.words, cum_weights=self.weights, k=count)
        return " ".join(word + self.rng.choice(PARTICLES) for word in chosen) + "."

    def article(self) -> tuple[str, str]:
        title = self.sentence(self.rng.randint(6, 10))[:-1]
        sentences = [
            self.sentence(self.rng.randint(8, 14)) for _ in range(self.rng.randint(12, 30))
        ]
        for word, share in PLACED.items():
            if self.rng.random() < share:
                at = self.rng.randrange(len(sentences))
                sentences[at] = f"{word}{self.rng.choice(PARTICLES)} {sentences[at]}"
                if self.rng.random() < 0.3:
                    title = f"{word} {title}"
        return title, " ".join(sentences)

    def articles(self, count: int) -> Iterator[Synthetic]:
        """`count` articles in publication order, a story about every 7 minutes."""
        made = story = 0
        while made < count:
            published = START + timedelta(minutes=7 * story)
            title, body = self.article()
            copies = self.rng.choice((0, 0, 1, 2, 3)) if self.rng.random() < 0.5 else 0
            for copy in range(min(1 + copies, count - made)):
                edited = body if not copy else body[: -self.rng.randint(5, 40)] + f" {copy}"
                yield Synthetic(made, story, title, edited, published + timedelta(minutes=copy))
                made += 1
            story += 1
