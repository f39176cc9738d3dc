"""Who signs with whom, as a Korean headline says it: "A, B와 …" (subject, partner).
Pure.

Look-alikes of one week share a party: one body's two partners (LH with 베트남 건설부 and
with 비엣텔), one foreign city hall's two Korean partners (방콕시 with 서울교통공사 and with
KT). The party veto needs no party shared at all, so it lets them through; the headline's
two slots tell them apart (docs/stories.md, round eight).
"""

from __future__ import annotations

import re

from scwatch.core.stories.aliases import ALIAS
from scwatch.core.text.folding import squeeze

# "[포토] LH, 베트남 건설부와 신도시 …": the subject before the first comma, the partner
# before "와"/"과". Quotes, ellipses and a "·" (two subjects) make no pair.
_PAIR = re.compile(r"^(?:\[[^\]]*\]\s*)?([^,…\"'·\-]{1,20}?)\s*,\s*([^,…\"']{1,25}?)(?:와|과)\s")
# A caption's or a short headline's "A-B 협약(식)", "A-B, …".
_HYPHENED = re.compile(
    r"^(?:\[[^\]]*\]\s*)?([^\s,…\"'·\-]{2,15})\s?-\s?([^,…\"'\-]{2,25}?)\s*"
    r"(?:,|…|업무\s?협약|협약|mou|양해각서|계약)",
    re.IGNORECASE,
)
# An English headline: "A signs … with B", "A, B sign …", "A and B to …".
_SIGNS_WITH = re.compile(
    r"^([^,]{2,40}?) (?:signs?|inks?|ties up|teams up|partners)(?: [^,]{0,60}?)? with"
    r" ([^,]{2,40}?)(?= on | at | for | to |$)"
)
_TOGETHER = re.compile(r"^([^,]{2,40}?)(?:,| and) ([^,]{2,40}?) (?:sign|ink|agree|to |team|tie)")
# A partner a rewrite names loosely ("베트남 정부와", "현지 기업과") says nobody in particular.
_LOOSE = ("정부", "당국", "현지", "기업", "업체")
SEPARATOR = "|"
_ADMIN_ENDINGS = "시도군구"
# Two spellings of one name share a run of this many characters: a headline adds a
# country, a venue or the topic to the name (인도네시아 반둥시 / 반둥시 스마트교통,
# 사우디 자치행정주택부 / 사우디 주택부); two partners sharing a word ("스마트") only lose
# the veto.
SAME_RUN = 3


def pair_of(title: str) -> frozenset[str]:
    """The headline's subject and partner as one "subject|partner" string, or nothing."""
    folded = title.lower()
    match = (
        _PAIR.search(title)
        or _HYPHENED.search(title)
        or _SIGNS_WITH.search(folded)
        or _TOGETHER.search(folded)
    )
    if match is None:
        return frozenset()
    return frozenset({squeeze(match.group(1)) + SEPARATOR + squeeze(match.group(2))})


def pairs_clash(
    mine: frozenset[str], theirs: frozenset[str], aliases: frozenset[str] = frozenset()
) -> bool:
    """Both sides' headlines (in one script) name two parties, none of the pairs agrees,
    and one pair shares one party and names another (not loose) in the other slot: one
    body's two partners, a city hall's two Korean partners. `aliases`: both sides'
    acronyms with their bodies ("bpa=부산항만공사", aliases.py): one party's two names."""
    known = frozenset(tuple(pair.split(ALIAS, 1)) for pair in aliases)
    clash = False
    for ours in mine:
        for other in theirs:
            if _hangul(ours) != _hangul(other):
                continue  # "dpworld" and "DP월드": an English pair meets English ones only
            found = _compared(ours.split(SEPARATOR, 1), other.split(SEPARATOR, 1), known)
            if found == "agree":
                return False
            clash = clash or found == "clash"
    return clash


Aliases = frozenset[tuple[str, ...]]


def _compared(ours: list[str], others: list[str], parties: Aliases) -> str | None:
    """ "agree": both names met (in either slot); "clash": one met, the other not and not
    loose; None: no name met."""
    for first, second in ((0, 1), (1, 0)):
        if _same(ours[0], others[first], parties):
            if _same(ours[1], others[second], parties):
                return "agree"
            if not any(w in ours[1] or w in others[second] for w in _LOOSE):
                return "clash"
    if _same(ours[1], others[0], parties) or _same(ours[1], others[1], parties):
        return "clash"  # the first names differ (the second met and the first did not)
    return None


def _hangul(pair: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in pair)


def _same(one: str, other: str, aliases: Aliases) -> bool:
    if one in other or other in one:
        return True
    bare, other_bare = _bare(one), _bare(other)
    if bare in other_bare or other_bare in bare:
        return True
    for acronym, body in aliases:  # "bpa" and "부산항만공사"
        if {one, other} & {acronym} and _same(
            one if other == acronym else other, body, frozenset()
        ):
            return True
    return bool(_runs(one) & _runs(other))


def _bare(name: str) -> str:
    """A city's or province's name without its ending: "다낭시" is "다낭" of "베트남 다낭"."""
    if len(name) >= 3 and name[-1] in _ADMIN_ENDINGS:
        return name[:-1]
    return name


def _runs(name: str) -> frozenset[str]:
    return frozenset(name[i : i + SAME_RUN] for i in range(len(name) - SAME_RUN + 1))
