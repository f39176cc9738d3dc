"""Is smart city the subject of the article, and of one deal's sentence?

Not only a word in it: the title or the lead names it, or it comes back often, or the deal
sentence holds smart-city solution terms (ICT 신도시, 디지털트윈 플랫폼). A domestic apartment
complex named "…스마트시티" and MOUs on tourism, space or water are not smart-city deals.
"""

from __future__ import annotations

import re

from scwatch.core.deals.gazetteer import SMARTCITY_PATTERN, SMARTCITY_TERMS
from scwatch.core.deals.sentences import Sentence
from scwatch.core.deals.trie import guarded
from scwatch.core.text.folding import fold

_APARTMENT = re.compile(
    r"스마트\s?시티\s?(?:\d+\s?(?:단지|차))?\s?(?:아파트|단지|분양|견본주택|오피스텔|입주|"
    r"청약|가구|세대|주상복합|\d+\s?가구)"
)
_OFF_TOPIC = re.compile(
    r"관광|우주|항공우주|위성|스마트\s?워터|물\s?관리|수처리|상수도|수자원|하수|"
    r"의료|헬스케어|병원|스마트\s?팜|농업|게임|콘텐츠|패션|화장품|식품|철도|고속철|지하철|"
    # A utility's grid or power deal (스마트그리드 협력 양해각서) is energy, not a city.
    # (전력 as power only: 전력을 다해 is an effort, not a grid.)
    r"스마트\s?그리드|전력(?:공사|망|청|회사|\s?공급|\s?설비|\s?계통)|배전|송전|발전소|원전"
)
# A complex named after smart city: 주거단지 '고덕 스마트시티 리버파크', '더리브 송산 스마트시티'
# 1천200가구. Its name is not the subject.
_COMPLEX_NAME = re.compile(
    r"(?:단지|아파트|주택)\s?['‘\"“]([^'’\"”]{0,20}스마트\s?시티[^'’\"”]{0,20})['’\"”]"
    r"|['‘\"“]([^'’\"”]{0,20}스마트\s?시티[^'’\"”]{0,20})['’\"”]\s?(?:[\d천만,]+\s?가구|분양|단지|아파트)"
)
_LEAD_SENTENCES = 3


_NAMED = guarded(re.compile(r"스마트\s?(?:시티|도시)|smart\s?cit|智慧城市", re.IGNORECASE))


def names_smartcity(text: str) -> bool:
    """A cheap test for ranking: the sentence says smart city."""
    return _NAMED.search(text) is not None


def score(text: str) -> int:
    """Sum of the solution-term weights found in `text` (스마트시티 2, 디지털트윈 1 …)."""
    return _score(fold(text))


def _score(folded: str) -> int:
    return sum(SMARTCITY_TERMS[m.group()] for m in SMARTCITY_PATTERN.finditer(folded))


def core_mentions(text: str) -> int:
    """Mentions of smart city itself (weight-2 terms), apartment names not counted."""
    return _core_mentions(fold(text))


def _core_mentions(folded: str) -> int:
    found = sum(1 for m in SMARTCITY_PATTERN.finditer(folded) if SMARTCITY_TERMS[m.group()] >= 2)
    return max(0, found - len(_APARTMENT.findall(folded)))


def article_is_smartcity(sentences: list[Sentence]) -> bool:
    title = " ".join(s.text for s in sentences if s.field == "title")
    body = [s.text for s in sentences if s.field == "body"]
    names = _complex_names(title, body)
    if names:
        title, body = _without(title, names), [_without(text, names) for text in body]
    if core_mentions(title) > 0:
        return True
    lead = " ".join(body[:_LEAD_SENTENCES])
    in_lead = core_mentions(lead)
    # Named in the lead and again; mentions only after the lead (a background paragraph)
    # do not make the subject.
    if in_lead >= 2 or (in_lead == 1 and core_mentions(" ".join(body[_LEAD_SENTENCES:])) > 0):
        return True
    # Hard positives name no "smart city" at all: 교통관제 + 신도시, 디지털트윈 + 통합플랫폼
    # (but a complex named …스마트시티 is not one: its fittings are no subject).
    return not names and score(title + "\n" + lead) >= 2


def _complex_names(title: str, body: list[str]) -> set[str]:
    """Names of apartment complexes that hold 스마트시티 (in quotes, next to 단지/가구)."""
    text = title + "\n" + "\n".join(body[: _LEAD_SENTENCES + 2])
    if "스마트" not in text:
        return set()
    return {m.group(1) or m.group(2) for m in _COMPLEX_NAME.finditer(text)}


def _without(text: str, names: set[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def deal_is_smartcity(article: bool, sentence: Sentence, near: str, main: bool) -> bool:
    """The article's subject, unless the deal's own sentence is about something else.

    `near` is the text around the deal sentence (the one before it). A deal that is not
    the article's main one (an exhibitor's MOU at an expo) needs smart-city words nearby.
    """
    if not article:
        return False
    folded = fold(sentence.text)  # once for both readings of the sentence
    own = _score(folded)
    if _OFF_TOPIC.search(sentence.text) and _core_mentions(folded) == 0:
        return False
    return main or own >= 2 or (core_mentions(near) > 0 and own >= 1)
