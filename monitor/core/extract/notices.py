"""Notices that broadcasters and papers put inside the article container. Pure.

Each rule needs the notice's form, not only its words: "제보" or "자살예방 상담전화" also occur
in article sentences, which must stay (tests/core/extract/test_notices.py pairs every rule
with such a sentence).
"""

from __future__ import annotations

import re

__all__ = ["is_notice_line", "strip_notice_sentences"]

_NOTICE_CHARS = 200
_PHONE = r"(?:\(?0\d{1,2}\)?[\s.-]?\d{3,4}[\s.-]\d{4}|\d{4}-\d{4}|☎\s*\d{3,4})"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# A tip-off prompt: 제보 next to a channel to send it by (a number, an address, a messenger
# id, "채널 추가"), or "제보는 카카오톡 …".
_TIP_OFF = re.compile(
    rf"제보.{{0,80}}(?:{_PHONE}|{_EMAIL}|카톡\s*/\s*라인|채널\s*추가|플러스\s*친구|jebo\w*)"
    r"|제보는\s*(?:카카오톡|카톡|전화|이메일|메일|홈페이지|앱)"
    r"|당신의\s*제보가\s*뉴스가\s*됩니다",
    re.I,
)
# Helpline notices after stories on suicide or abuse: they tell the reader where help is.
_HELPLINE = re.compile(
    r"(?:자살\s*예방|생명의\s*전화|정신건강\s*위기|마음\s*상담|희망의\s*전화|상담\s*전화\s*☎)"
    r".{0,160}(?:(?:상담|도움)을?\s*받(?:을\s*수\s*있|으실\s*수\s*있)|24시간\s*(?:상담|운영))"
)
# "홍길동 기자의 다른 기사", "기자 다른 기사 보기", "이 기자의 기사 더보기".
_REPORTER_LIST = re.compile(
    r"^[\[<【■▶]?\s*(?:[가-힣]{2,4}\s*)?(?:기자|특파원|앵커|PD)\s*(?:의)?\s*"
    r"(?:다른\s*기사|기사\s*더\s*보기|최신\s*기사|기사\s*모아\s*보기)(?:\s*(?:보기|더\s*보기))?"
    r"\s*[\]>】]?$|^이\s*기자의\s*(?:다른\s*)?기사\s*(?:더\s*)?보기$"
)
# Broadcast credits under a report: "촬영기자 : 오세진", "영상편집 : 김하나".
_CREDITS = re.compile(
    r"^(?:촬영\s*기자|영상\s*취재|영상\s*편집|영상\s*디자인|그래픽|자막\s*뉴스|화면\s*제공|VJ)"
    r"\s*[:：]\s*[가-힣]{2,4}(?:\s*[,·/]\s*[가-힣]{2,4})*$"
)
# Interview rights notice of radio shows; the request after it is kept.
_RIGHTS_SENTENCE = re.compile(
    r"(?:인터뷰|방송)\s*(?:자료|내용)의\s*저작권은\s*[^.。]{1,30}에\s*있습니다\.\s*"
)


def is_notice_line(line: str) -> bool:
    """A whole line that is a tip-off prompt, a helpline notice, a reporter's article list or
    a broadcast credit."""
    if len(line) > _NOTICE_CHARS:
        return False
    return bool(
        _TIP_OFF.search(line)
        or _HELPLINE.search(line)
        or _REPORTER_LIST.match(line)
        or _CREDITS.match(line)
    )


def strip_notice_sentences(line: str) -> str:
    """The line without a rights sentence ("인터뷰 자료의 저작권은 … 있습니다.")."""
    if "저작권은" not in line:
        return line
    return _RIGHTS_SENTENCE.sub("", line).strip()
