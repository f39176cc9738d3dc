"""What kind of event a title reports: a follow-up of a deal (a kick-off meeting, a call
for bids, an interview, a denial) or the deal itself at one stage (an MOU, a contract).
Pure.

Look-alikes share a deal's parties, place, day and amount: the kick-off meeting's release
names the contract's day, a denial repeats the reported figure, an interview recalls the
deal (docs/stories.md, round eight). Their titles say which event they are; rewrites of
one event rarely change it, and when they do the marker is missing, not another one.
"""

from __future__ import annotations

import re

# Follow-ups that no rewrite of another event turns into: each is its own event.
# A call for bids or entries ("…지원사업 공모", "공모 시작", "입찰 참여", "도전장"); "공모
# 줄이고" (a budget story) or a selection "공모 선정" is none.
_CALL = (
    r"(?:공모|모집)(?=\s*(?:$|…|\.\.\.|,|\(|시작|개시|착수|접수|나서|나선))"
    r"|입찰\s?(?:에\s?)?참여|입찰서|제안서\s?(?:제출|냈)|도전장|\bbids? for\b"
)
_STRONG = {
    "call": _CALL,
    "interview": r"인터뷰|\binterview",
    # 부인 as a verb or a title's last word ("…보도 부인"), not "대통령 부인 김○○ 여사".
    "denial": r"사실\s?(?:아니|아냐|무근)|부인(?:했|하|해|$|…|\.\.\.)|해명|\bden(?:y|ies|ied)\b",
}
# A meeting after the deal ("착수보고회", "간담회", "kick-off"); a title that also names a
# signing holds the signing there (the meeting is the venue), so it is no meeting.
_MEETING = re.compile(
    r"착수\s?보고|착수\s?회의|보고회|간담회|워크숍|설명회|\bkick(?:s|ed)?[- ]?off|roundtable",
    re.IGNORECASE,
)
_DEAL = re.compile(
    r"(?<![a-z])mou(?![a-z])|양해각서|협약|계약|체결|수주|선정|따내|따낸|손잡|맞손"
    r"|\bsign(?:s|ed|ing)?\b|\bwins?\b|awarded|\bdeal\b|\bpact\b|\bcontracts?\b|memorandum"
    r"|\bagree",
    re.IGNORECASE,
)
# The stage of a deal: an MOU and then the main contract of the same parties. A tally
# ("MOU 6건" of a roadshow) is no stage. Hangul is a word character: "MOU를" has no \b.
_MOU = re.compile(r"(?:(?<![a-z])mou(?![a-z])|양해각서|memorandum)(?!\s*\d)", re.IGNORECASE)
_CONTRACT = re.compile(r"계약|\bcontracts?\b", re.IGNORECASE)
_STRONG_RE = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _STRONG.items()}
FOLLOW_UPS = frozenset({*_STRONG, "meeting"})
# The markers of a story stored before titles were read (no "genres" in its state): unknown,
# so no follow-up is held against it.
UNKNOWN = frozenset({"unknown"})


def genres_of(title: str) -> frozenset[str]:
    """The markers a title carries: "call", "interview", "denial", "meeting" (follow-ups),
    "deal" (a signing or award), "mou", "contract" (its stage)."""
    found = {name for name, pattern in _STRONG_RE.items() if pattern.search(title)}
    deal = _DEAL.search(title) is not None
    if deal:
        found.add("deal")
    elif _MEETING.search(title):
        found.add("meeting")
    if _MOU.search(title):
        found.add("mou")
    if _CONTRACT.search(title):
        found.add("contract")
    return frozenset(found)


def genres_clash(
    mine: frozenset[str],
    mine_all: frozenset[str],
    theirs: frozenset[str],
    theirs_all: frozenset[str],
) -> bool:
    """Two events by their titles. `mine`/`theirs`: the markers any title of a side carries,
    `*_all`: those every title carries (one article: the same set). A follow-up every title
    of one side names and no title of the other (a meeting only against a signing or
    award); or an MOU against a contract, each side naming only one of them."""
    return (
        _follow_up_apart(mine_all, theirs)
        or _follow_up_apart(theirs_all, mine)
        or _stage_apart(mine, theirs)
    )


def _follow_up_apart(sure: frozenset[str], other: frozenset[str]) -> bool:
    if other >= UNKNOWN:
        return False
    for name in sure & FOLLOW_UPS:
        if name not in other and (name != "meeting" or "deal" in other):
            return True
    return False


def _stage_apart(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    stages = frozenset({"mou", "contract"})
    ours, others = mine & stages, theirs & stages
    return len(ours) == 1 and len(others) == 1 and ours != others
