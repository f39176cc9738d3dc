"""Rare words: Hangul character 3-grams of the title and lead that general news does not
share, hashed to 32 bits so a story state keeps them compactly. Pure.

Two rewrites of one event that name one city and otherwise only words ("에코델타 첫 입주",
"스마트 인증 법제화") share grams no other story in the window has. A gram counts
1 / (the number of candidate stories holding it): words every story in the window shares
(the look-alike vocabulary of one expo or one programme) weigh little, and a small static
list drops grams of every news text ("밝혔다", "기자", "스마트시티").
"""

from __future__ import annotations

import base64
import re
import struct
from collections import Counter
from collections.abc import Iterable, Sequence
from zlib import crc32

from scwatch.core.stories.dateline import without_dateline
from scwatch.core.text.folding import squeeze

RARE_LEAD_CHARS = 200  # the title and the lead tell the event; background comes later
GRAM = 3
_NOT_HANGUL = re.compile(r"[^\uac00-\ud7a3]+")
# Words of nearly every Korean news text, and of every smart-city story here.
_COMMON_WORDS = (
    "밝혔다 했다고 했다 있다 이다 한다 된다 됐다 기자 관계자 기로했다 고있다 하고있 습니다"
    " 입니다 이번 이날 지난 올해 따르면 위해 위한 통해 대한 대해 관련 예정이다 계획이다"
    " 스마트시티 스마트도시 스마트 국토교통부 양해각서 협약 협력 체결했다 맺었다 사업"
    " 추진 한국 한국형 해외 진출 수출 기업 정부 지원 개발 도시 신도시 서울 연합뉴스"
)
COMMON_GRAMS = frozenset(
    word[i : i + GRAM] for word in _COMMON_WORDS.split() for i in range(len(word) - GRAM + 1)
)


def rare_grams(title: str, body: str) -> frozenset[int]:
    """Hashes of the Hangul 3-grams of the title and lead, common news grams left out."""
    text = squeeze(f"{title} {without_dateline(body)[:RARE_LEAD_CHARS]}")
    grams: set[str] = set()
    for run in _NOT_HANGUL.split(text):
        grams.update(run[i : i + GRAM] for i in range(len(run) - GRAM + 1))
    return frozenset(crc32(g.encode()) for g in grams - COMMON_GRAMS)


def gram_counts(stories: Iterable[frozenset[int]], mine: frozenset[int]) -> Counter[int]:
    """For each of my grams, how many candidate stories hold it."""
    counts: Counter[int] = Counter()
    for grams in stories:
        counts.update(mine & grams)
    return counts


def rarity(mine: frozenset[int], theirs: frozenset[int], counts: Counter[int]) -> float:
    """Shared grams, each weighted 1 / the number of candidate stories holding it."""
    return sum(1.0 / max(counts[g], 1) for g in mine & theirs)


def pack_grams(grams: Iterable[int]) -> str:
    values: Sequence[int] = sorted(grams)
    return base64.b64encode(struct.pack(f">{len(values)}I", *values)).decode("ascii")


def unpack_grams(text: str) -> frozenset[int]:
    raw = base64.b64decode(text)
    return frozenset(struct.unpack(f">{len(raw) // 4}I", raw))
