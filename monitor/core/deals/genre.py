"""The kind of story a title announces, when it names no deal (docs/deals.md, "House-style round").

A policy, budget, meeting, visit or analysis headline reports no deal even when its body
cites some (`…대표단, LH 방문…협력 논의`, `[분석] 스마트시티 해외진출…`): the main deal is
`none`. An earnings, listing or personnel story (`2분기 영업이익 84억`, `국장급 인사`) cites
the company's or official's past orders and MOUs: its deals are `background`.
"""

from __future__ import annotations

import re

from scwatch.core.deals.triggers import has_trigger

_POLICY_TITLE = re.compile(
    r"전략|방안|정책|대책|패키지|지원책|예산|통계|회담|개막|보고서|포상|시상|방문|논의|면담"
    r"|\d개년\s?계획|종합\s?계획|기본\s?계획|로드맵|청사진|분양|지원['’]?\s?체계"
    r"|^\s?\[(?:분석|기획|진단|해설|칼럼|사설|시론|기고|오피니언|이슈\s?분석)"
    r"|\b(?:plan|strategy|package|budget|policy|visits|discuss(?:es)?)\b"
    r"|\bopens\b(?!\s(?:\w+\s)?(?:office|plant|factory|branch|headquarters|HQ|subsidiary|lab))",
    re.IGNORECASE,
)
_OPINION = re.compile(r"\s?\[(?:사설|칼럼|시론|기고|오피니언)\]")
# Earnings, listings and appointments: the deals they cite are the record, not the news.
_RECORD = re.compile(
    r"영업\s?이익|영업\s?손실|매출액?\s?\d|호실적|순이익|흑자\s?전환|상장(?!사)|IPO|공모가|"
    r"수요\s?예측|인사|임명|선임|취임|신임|내정|\b(?:earnings|profit|IPO|appoint(?:s|ed)?)\b",
    re.IGNORECASE,
)
# In the lead only an appointment counts (a listed company's deal story says 상장사, 매출액).
_RECORD_LEAD = re.compile(r"인사를?\s?단행|임명됐|임명되|선임됐|선임되|취임했|영업\s?이익")


def is_policy_headline(title: str) -> bool:
    """A title of policy, budget, a visit or an analysis that names no deal; an opinion
    piece (`[사설] …MOU보다 본계약`) reports none even when it names one."""
    if _OPINION.match(title):
        return True
    return _POLICY_TITLE.search(title) is not None and not has_trigger(title)


def is_record_story(title: str, lead: str) -> bool:
    """An earnings, listing or personnel story (title, or an appointment in the lead)."""
    found = _RECORD.search(title) or _RECORD_LEAD.search(lead)
    return found is not None
