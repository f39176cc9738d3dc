"""House-style lines that report no deal of their own (docs/deals.md, "House-style round").

Portal reposts open with a photo caption (`[사진=대구시 제공] … 협약을 체결한 뒤 기념촬영을
하고 있다`), press releases end with attachment lines (`붙임 1. 협약식 사진`, `※ 문의`),
and pages close on copyright tails (`ⓒ 뉴스1`, `<저작권자 … 무단전재 및 재배포 금지>`). Such a
line is neither the lead nor a deal: its tense is the photo's (하고 있다), not the event's.
"""

from __future__ import annotations

import re

from scwatch.core.deals.sentences import Sentence

_BOILERPLATE = re.compile(
    r"\s*(?:[\[(【<]\s?(?:사진|포토|그래픽|자료사진|영상)\s?(?:=|제공|\]|\)|설명)|사진\s?=|▲|"
    r"ⓒ|©|copyright|<?\s?저작권자|무단\s?전재|붙임|첨부|※|☞|▶|\[관련\s?기사)",
    re.IGNORECASE,
)
# A caption without a tag: `…협약을 체결한 뒤 기념촬영을 하고 있다.`
_CAPTION_END = re.compile(r"(?:기념\s?촬영|포즈)[을를]?\s?(?:하고|취하고)\s?있다[.\s]*$")


def is_boilerplate(text: str) -> bool:
    if _BOILERPLATE.match(text) is not None:
        return True
    # A caption's end holds 촬영 or 포즈: most lines are not searched for one.
    return ("촬영" in text or "포즈" in text) and _CAPTION_END.search(text) is not None


def without_boilerplate(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences less captions, attachment lines and tails, body renumbered from 1."""
    kept = [s for s in sentences if s.field == "title" or not is_boilerplate(s.text)]
    if len(kept) == len(sentences):
        return sentences
    number = iter(range(1, len(kept) + 1))
    return [s if s.field == "title" else s._replace(index=next(number)) for s in kept]
