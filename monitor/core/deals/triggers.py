"""Event triggers: the words that name a deal (MOU, 수주, 상담액, 시범사업), found in one
pass per body (docs/deals.md, "How extraction works"). Their status is read by cues.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scwatch.core.deals.models import DealKind
from scwatch.core.deals.trie import char_class, first_chars

_I = re.IGNORECASE
TRIGGERS: tuple[tuple[DealKind, re.Pattern[str]], ...] = (
    (
        "consultation",
        re.compile(
            r"상담\s?(?:액|금액|실적|성과|건수|규모)|상담(?=\s?\d)|수출\s?상담|바이어\s?상담|계약\s?추진\s?액"
            r"|\bexport (?:talks|consultations?)\b|\bbusiness meetings\b",
            _I,
        ),
    ),
    (
        "export",
        re.compile(
            r"수출\s?계약|공급\s?계약|용역\s?계약|판매\s?계약|사업\s?계약|설계\s?계약|본계약"
            r"|(?<![가-힣])계약(?=서?\s?(?:을|를|이|도|에)?\s?(?:체결|따|맺|성과|규모|금액|따냈|수주|마쳤|마쳐|마무리|완료|서명|협상|성사|도장|사인)|한\s|\s?(?:$|…|\.\.\.))"
            r"|(?<![가-힣])(?:해외\s?)?수주(?![간째일]|\s?(?:동안|만에|전부터))"
            r"|낙찰|우선\s?협상\s?대상자|(?<!실증)(?<!실증\s)사업자로\s?선정|(?:공급|운영|수행|시공)(?:사|업체|기관)로\s?(?:최종\s?)?(?:선정|낙점)"
            r"|사업권(?=\s?(?:을|를)?\s?(?:획득|따|확보|거머))|수출(?=했|하였|한다|된다|됩니다|됐|에\s?성공|길|을\s?확정|한\s|\s?$|\s?…|\s?,)"
            r"|(?:수출|진출|보급|판매|공급)(?:하는\s?(?:방안|사업)|을|를|에)?\s?(?:을|를|에)?\s?"
            r"(?=추진|타진|모색|나서|나설|나선|협의|검토|노린|추진)"
            r"|공급(?=했|하였|하며|하면서|하기로|키로)|사업\s?(?:을|를)?\s?(?=협의\s?중|협상)"
            # 납품 (delivery of goods sold) is a verb of sale like 수출 and 공급; not the
            # passive 납품된다 (a delivery schedule) nor 납품하고 있다 (an ongoing record).
            r"|납품(?=했|하였|한다|한\s|하기로|키로|할|에\s?성공|\s?$|\s?…|\s?,)"
            r"|(?:입찰에?|참여|참가)\s?(?:참가|참여)?\s?의향서|계획\s?수립형\s?사업"
            r"|입찰에\s?(?:참여|참가|응찰)(?=했|한다|하였|해|하며|하고|키로|하기로)"
            r"|입찰에\s?제안서를?\s?(?=제출|냈)"
            r"|따냈|따내|(?:수주|수출|무역)\s?(?:지원단|개척단|사절단)|시장\s?개척단"
            r"|\b(?:contracts?|orders?|deal|trade mission|preferred bidder)\b"
            r"|\b(?:sells|sold)\b(?=[^.]{0,80}\bto\b)",
            _I,
        ),
    ),
    (
        "pilot",
        re.compile(
            r"(?<!국가)(?<!국가\s)(?:시범\s?사업|실증\s?사업|실증\s?과제|시범\s?도시|파일럿"
            r"|해외\s?실증|실증(?=\s?(?:사업자|따|선정|을|에)))"
            r"|\bpilot\b",
            _I,
        ),
    ),
    (
        "mou",
        re.compile(
            r"(?<![a-z])(?:MOU|MOA|LOI)s?(?![a-z])|양해\s?각서|업무\s?협약|합의\s?각서|협력\s?각서"
            r"|(?<!기후)(?<!변화)(?<!단체)(?<!파리)협약|협력\s?협정|의향서|협력\s?서한|합의서"
            r"|(?:협력|공동\s?개발|협력\s?의향)\s?문서|파트너십(?=\s?(?:을|를)?\s?(?:맺|체결))"
            r"|memorandum|\bagreement\b|\bpact\b",
            _I,
        ),
    ),
)


@dataclass(frozen=True)
class Trigger:
    kind: DealKind
    start: int
    end: int


# All kinds in one pass, a named group each, in TRIGGERS order (the first kind wins a tie).
_ANY_TRIGGER = re.compile(
    "|".join(f"(?P<{kind}>{pattern.pattern})" for kind, pattern in TRIGGERS), _I
)
_TRIGGER_STARTS = first_chars(_ANY_TRIGGER) or frozenset()  # every branch starts with one
_TRIGGER_START = re.compile(char_class(_TRIGGER_STARTS) if _TRIGGER_STARTS else "(?!)")

# Literal pieces: every trigger holds one, starting at most _LEAD characters after the
# trigger does (business meetings, 입찰 참가 의향서). Keep in step with TRIGGERS.
_PIECES = (  # noqa: SIM905 (a word a line is too long a list)
    "상담 계약 수주 수출 낙찰 협상 사업자 수립형 따냈 따내 개척단 사절단 입찰에 사업권 "
    "공급사 공급업체 공급기관 운영사 운영업체 운영기관 수행사 수행업체 수행기관 "
    "시공사 시공업체 시공기관 합의서 납품 파트너십 "
    "시범 실증 파일럿 각서 협약 협정 의향서 서한 문서 MOU MOA LOI "
    "memorandum agreement pact contract order deal mission talks consultation meetings pilot "
    "preferred sells sold"
).split()
_LEAD = 10


def _alternatives(word: str) -> tuple[str, ...]:
    """Case-blind without re.IGNORECASE: every branch starts with a literal character, so
    the regex engine skips ahead on its first-character set (several times faster)."""
    if not word.isascii():
        return (re.escape(word),)
    rest = "".join(f"[{c.lower()}{c.upper()}]" for c in word[1:])
    return (word[0].lower() + rest, word[0].upper() + rest)


# Pieces of the pursuit and verb triggers, with what must follow them (a cheap lookahead
# keeps the common nouns 공급, 판매, 진출, 협의 from starting a trigger search).
_PURSUIT = r"[^.]{0,12}?(?:추진|타진|모색|나서|나설|나선|협의|검토|노린)"
_GUARDED_PIECES = (
    rf"진출(?={_PURSUIT})",
    rf"보급(?={_PURSUIT})",
    rf"판매(?={_PURSUIT})",
    rf"공급(?={_PURSUIT}|했|하였|하며|하면서|하기로|키로)",
    r"협의(?=\s?중)",
)
_PREFILTER = re.compile(
    "|".join([alt for word in _PIECES for alt in _alternatives(word)] + list(_GUARDED_PIECES))
)


def has_trigger(sentence: str) -> bool:
    return bool(find_triggers(sentence))


def trigger_pieces(text: str) -> list[int]:
    """Offsets of the literal pieces of triggers in `text` (one pass over a whole body)."""
    return [match.start() for match in _PREFILTER.finditer(text)]


def find_triggers(sentence: str, pieces: list[int] | None = None) -> list[Trigger]:
    """Non-overlapping triggers left to right, the kind named by the group that matched.

    The same matches as `_ANY_TRIGGER.finditer`, tried only where a trigger can start: up
    to _LEAD characters before each literal piece (`pieces`, offsets in `sentence`)."""
    found: list[Trigger] = []
    at, match, next_start = 0, _ANY_TRIGGER.match, _TRIGGER_START.search
    for piece in trigger_pieces(sentence) if pieces is None else pieces:
        at = max(at, piece - _LEAD)
        while at <= piece:
            # Most positions cannot start a trigger: the engine skips them in one scan.
            start = next_start(sentence, at, piece + 1)
            if start is None:
                at = piece + 1
                break
            hit = match(sentence, start.start())
            if hit is None:
                at = start.start() + 1
                continue
            found.append(Trigger(hit.lastgroup, hit.start(), hit.end()))  # type: ignore[arg-type]
            at = hit.end()
    return found
