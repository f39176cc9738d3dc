"""The predicate cues that decide a deal's status (docs/deals.md); triggers are in
triggers.py.

Korean puts the predicate after the object, so the status of a trigger (MOU, 수주, 상담액)
is read from the first predicate that follows it in its sentence: 체결했다 (done), 체결할
예정 (planned, or scheduled with a date), 체결한 바 있다 (background). Words right after a
trigger that make it a noun of policy or statistics (수주 지원, 수출 실적) make it `none`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from scwatch.core.deals import english
from scwatch.core.deals.dates import DATE_CUE, EVENT_CUE
from scwatch.core.deals.english import english_side_note, english_status, is_english
from scwatch.core.deals.models import DealStatus
from scwatch.core.deals.predicates import final_tense
from scwatch.core.deals.trie import guarded
from scwatch.core.deals.triggers import Trigger

_I = re.IGNORECASE
# After a trigger, these make it a noun of policy, statistics or support: no deal reported.
_NONE_AFTER = re.compile(
    r"\s?(?:을|를|의|에)?\s?(?:가장\s?큰\s?)?(?:걸림돌|장벽|어려움|어렵|난관|지원(?!단)|정책|전략|방안|확대|활성화|추진단|협의회|통계|실적|동향|시장|"
    r"역량|경쟁력|촉진|센터|설명회|펀드|보험|금융|교육|애로|증가|감소|전망|길|확대|기회|"
    r"지원센터|협력|필요성|체결\s?(?:필요성|여부)|모델|비중|누적|목표|교두보|발판|토대|기업에|기업의|예산|"
    r"정보|사례|여건|환경|수요|노하우|가이드|액|점유율|하려는|하려던|하고자|경험|이력|경력)"
)
_DONE = (
    r"체결했|체결하였|체결됐|체결되었|체결돼|체결하며|체결하고|체결해|체결,|체결한\s?데|"
    r"맺었|맺고|맺으며|수주했|수주하였|타결됐|타결되었|타결했|수주에\s?성공|따냈|따내|거뒀|거두었|거둔|기록했|기록하였|"
    r"선정됐|선정되었|선정돼|선정되며|서명했|서명하였|성사(?!\s?(?:기대|전망|가능성|여부|목표|되면|될))|이뤘|이루었|달성했|확보했|계약했|"
    r"수출했|수출하였|수출한다(?!는)|공급했|공급한다(?!는)|체결식을\s?가졌|식을\s?가졌|마쳤|마무리했|완료했|"
    r"손을\s?잡았|손잡았|손잡고|손을\s?잡고|확정됐|확정되었|확정돼|교환했|교환하고|교환하며|서명하고|서명하며|"
    r"획득했|획득하였|도장을\s?찍었|\bsigned\b|\bwon\b|\bsecured\b|\binked\b"
)
_SCHEDULED = r"체결한다|체결할|서명한다|서명할|진행한다|갖는다|맺는다|맺을|교환한다|예정"
_PLANNED = (
    r"계획|제안|요청|건의|타진|가능성|가시권|도전|추진한다|추진할|추진\s?중|추진하고|추진키로|방침|나설|나선다|나서기로|기대|전망|"
    r"기로|키로|겠다|할\s?것|검토|논의|협의|모색|공모|모집|개최한다|개최할|파견|희망|앞두고|노린다|간다|떠난다|제출|입찰|"
    r"(?:맺|체결하|따내|수주하|계약하|서명하)기\s?위(?:한|해)|초읽기|눈앞|임박|가시화|목전|코앞|유력|"
    r"협상(?!을\s?(?:마무리|마쳤|마치|타결))|"
    r"\bwill\b|\bplans?\b|\bexpected\b|\bto sign\b|\baims?\b|\bshortlisted\b|\bin talks\b"
)
_CUE = guarded(
    re.compile(rf"(?P<done>{_DONE})|(?P<scheduled>{_SCHEDULED})|(?P<planned>{_PLANNED})", _I)
)
# 실증 예산 증액, 시범사업 확대: a budget line, not a pilot won (지원사업 공모 still is one).
_PILOT_NONE_AFTER = re.compile(r"\s?(?:의)?\s?(?:지원\s?)?(?:예산|증액|통계|실적)")
# 해외 수주가 3년 새 2.6배로 늘었다: a statistic of trade, no deal.
_STATISTIC = re.compile(
    r"(?:액|가|이)\s?(?:[^\s,]+\s){0,6}?[^\s,]*?(?:배로|늘었|늘어|줄었|줄어|증가|감소)"
)
# 양해각서가 120건에 이르지만 …: a count of deals, a statistic (not 12건이 체결됐다).
_COUNT = re.compile(
    r"(?:이|가|은|는)?\s?(?:[^\s,]+\s){0,3}?\d[\d,]*\s?건(?:에|을|으로|이)?\s?"
    r"(?:이르|그쳐|그쳤|불과|넘|달해|달했|달한|늘|줄|증가|감소)"
)
_NEGATED = re.compile(r"없었|않았|무산|불발|못했|결렬|취소|차질|좌초")
_NONE_BEFORE = re.compile(
    r"(?:해외\s?건설|누적|연간|상반기|하반기|전체|총|(?:발굴|기획|조사|설계|입찰)부터)\s?$"
)
# Korean and English apart: the Korean branches all start with a literal (a fast scan).
_SIDE_NOTE = re.compile(
    r"기도\s?했다|참가\s?기업|참가\s?업체|참가사|전시에\s?참가한|참여\s?기업|모습[도이]|중소기업이"
)
_BACKGROUND_AFTER = re.compile(r"바\s?있|했던|하였던|에\s?이어|한\s?데\s?이어|받은\s?바", _I)
_PAST_BEFORE = re.compile(
    r"지난해|작년|재작년|앞서|이미|과거|그동안|그간|당시|올해\s?초|연초|\d{4}년"
    r"|\d{1,2}\s?(?:년|개월|달)\s?전",
    _I,
)
# 지난해 수주한 사업, 앞서 맺은 양해각서: the past is only background when the trigger is
# then a noun modified by a past form, not the predicate of the sentence.
_ADNOMINAL_AFTER = re.compile(r"\s?(?:을|를)?\s?\S{0,4}?(?:한|은|던|된|이끈|맺은|따낸)\s")
# 앞서 … 맺은 스마트시티 양해각서, 지난해 … 맺은 설계 용역 계약: a past form modifying it.
_ADNOMINAL_BEFORE = re.compile(
    r"(?:맺은|맺었던|체결한|체결했던|수주한|따낸|계약한|서명한|교환한|추진한)\s(?:\S*[^\s을를로에]\s?){0,4}$"
)
_YEAR = re.compile(r"(\d{4})년")
# 수주를 위해 현지 조사에 나섰다: the deal is the purpose of what was done.
# 계약 규모는 500억원대로 알려졌다: the size of a deal told before (its own status is not
# this sentence's tense).
_DESCRIBED = re.compile(r"계약\s?(?:규모|금액)(?:은|는)")
_PURPOSE = re.compile(r"\s?(?:을|를)\s?위(?:해|한|하여)")
# 수주로 이어지길 바란다: a hope, no deal.
_HOPE = re.compile(r"\s?(?:로|으로)\s?이어지(?:길|기를|기\s?바)")
# 2023년 … 사업을 수주해 지난해 준공했다: the order is the first of two past acts.
_PAST_CONNECTIVE = re.compile(r"수주(?:해(?!야)|하여)\s")
# A headline asked as a question (…수출길 열리나, …수주할까): the outcome is open.
_QUESTION = re.compile(r"(?:열리나|되나|오나|할까|될까|을까|줄까|낼까)\??['\"”’]?\s?$")
_HEADLINE_DONE = re.compile(
    r"\s?(?:을|를|이|도)?\s?(?:체결|성과|성사|수주|계약|MOU|협약|결실|쾌거|"
    r"잭팟|따내|달성|선정|맺어|식|성공|…|\.\.\.|$|,)",
    _I,
)
_FIGURE = re.compile(r"\d[\d,.]*\s?(?:억|만|조|천|달러|원|유로|엔|위안)|\$\s?\d")
# Headlines of policy and targets: 수출 전략 발표, 수주 30조 목표, 지원 패키지.
_HEADLINE_NONE = re.compile(
    r"전략|방안|정책|대책|패키지(?!\s?(?:수주|계약|입찰|사업))|지원책|예산|목표|통계|실적"
    r"|가이드|안내서|하라(?![가-힣])|하려면"
)
_HEADLINE_RESULT = re.compile(
    r"성과|체결|성사|수주|달성|기록|결실|쾌거|따내|따냈|선정|서명|맺어|마쳐|마쳤|손잡|확정|완료|성공"
)
_HEADLINE_PLANNED = re.compile(
    r"추진|예정|나선다|나서|계획|모색|검토|앞둬|앞두고|기대|박차|타진|제안|협의|협상|노린|참여|도전|"
    r"초읽기|눈앞|임박|가시화|목전|코앞|유력|"
    r"\bto\b|\bwill\b|\bplans?\b|\beyes?\b|\bseeks?\b",
    _I,
)
_WINDOW = 90
_SEGMENT_END = re.compile(r"…|\.\.\.")
# The trigger is itself the verb of the report: 플랫폼을 수출한다(고 밝혔다) is a sale made;
# 사업을 수주해 운영하고 있다 tells an order won before the state that follows it.
_SELF_DONE = re.compile(
    r"(?:수출|공급)(?:한다|했|하였|된다|됩니다|됐)(?!는)|납품(?:한다|했|하였)(?!는)"
    r"|수주(?:해(?!야)|하여)\s|따냈"
)
# A headline verb with a tense (따내, 맺어, 마쳐, 손잡아, 선정돼): not only a noun.
_HEADLINE_TENSED = re.compile(
    r"따내|따냈|맺어|맺었|마쳐|마쳤|손잡|성공|선정|확정|뽑혀|거둬|했다|됐다|\b(?:signs|wins|lands)\b",
    _I,
)
# A headline attributed to a forecaster or a survey: "…수주, 내년 기회"…해외건설협회 전망.
_OUTLOOK_TITLE = re.compile(r"(?:…|\.\.\.|,)\s?(?:\S+\s?){1,3}(?:전망|분석|보고서|조사)$")
# 수주지원단, 시장개척단, trade mission: a mission leaves on a day, but no signing is fixed.
_MISSION = re.compile(r"(?:수주|수출|무역|시장)\s?(?:지원단|개척단|사절단)|trade mission", _I)
_PREFERRED = re.compile(r"우선\s?협상|(?:입찰에?|참여|참가)\s?(?:참가|참여)?\s?의향서|입찰에\s")
_CONTEST_AFTER = re.compile(
    r"전(?!략|부터|에도)|\s?(?:을|를|에)?\s?(?:경쟁|도전|후보|참여|참가|입찰)"
    r"|[^.]{0,30}?(?:평가|심사|예선)[를을]?\s?통과"
)


@dataclass(frozen=True)
class StatusCue:
    status: DealStatus
    cue: str


def status_of(
    sentence: str, trigger: Trigger, *, title: bool, dated: bool, year: int | None
) -> StatusCue:
    """The status of `trigger` from the predicate after it; `dated`: the article names the
    day of a coming event; `year`: the publication year (older years are background)."""
    if is_english(sentence):
        return _english(sentence, trigger, dated)
    after = sentence[trigger.end : trigger.end + _WINDOW]
    if title and _QUESTION.search(sentence):
        return StatusCue("planned", _QUESTION.search(sentence).group())  # type: ignore[union-attr]
    if (
        _NEGATED.search(after)
        or _NONE_BEFORE.search(sentence, max(0, trigger.start - 12), trigger.start)
        or _is_statistic(after)
    ):
        return StatusCue("none", after[:10].strip())
    if _past_before(sentence, trigger, year):
        return StatusCue("background", sentence[max(0, trigger.start - 12) : trigger.end])
    if (
        trigger.kind in ("mou", "export")
        and _NONE_AFTER.match(after)
        and (not _CUE.search(after[:12]) or trigger.kind == "export")
    ) or (trigger.kind == "pilot" and _PILOT_NONE_AFTER.match(after)):
        return StatusCue("none", after[:8].strip())
    if (own := _own_words(sentence, trigger, after, title)) is not None:
        return own
    background = _BACKGROUND_AFTER.search(after)
    cue = _CUE.search(sentence, trigger.end, trigger.end + _WINDOW)
    if background and (cue is None or background.start() <= cue.start() - trigger.end + 4):
        return StatusCue("background", background.group())
    if title and _OUTLOOK_TITLE.search(sentence):
        return StatusCue("none", _OUTLOOK_TITLE.search(sentence).group())  # type: ignore[union-attr]
    found = (
        _without_cue(sentence, trigger, title, dated)
        if cue is None
        else StatusCue(_cue_status(cue, sentence, dated), cue.group())
    )
    return _adjusted(sentence, trigger, found, year)


def _own_words(sentence: str, trigger: Trigger, after: str, title: bool) -> StatusCue | None:
    """What the trigger's own words say: 계약 규모는 … (a deal told before), 수주를 위해
    (a purpose), 수주로 이어지길 (a hope), 수출했다/따냈다 (the trigger as the verb)."""
    if not title and _DESCRIBED.match(sentence, trigger.start):
        return StatusCue("none", sentence[trigger.start : trigger.end + 4])
    if _PURPOSE.match(after):
        return StatusCue("planned", after[:4].strip())
    if _HOPE.match(after):
        return StatusCue("none", after[:8].strip())
    if _SELF_DONE.match(sentence, trigger.start):
        return StatusCue("done", sentence[trigger.start : trigger.end + 3])
    return None


def _adjusted(sentence: str, trigger: Trigger, found: StatusCue, year: int | None) -> StatusCue:
    """A done deal of an earlier year is background; a mission sent on a day signs nothing
    yet (planned); a bid won is not an order (_contest)."""
    if found.status == "done" and _past_year_after(sentence, trigger, year):
        return StatusCue("background", found.cue)
    if found.status == "scheduled" and _MISSION.match(sentence, trigger.start):
        return StatusCue("planned", found.cue)
    return _contest(sentence, trigger, found)


def _english(sentence: str, trigger: Trigger, dated: bool) -> StatusCue:
    if trigger.kind != "mou" and english.agreed_content(sentence, trigger.start):
        return StatusCue("planned", "to")  # signed an agreement to run joint pilots
    en_status, en_cue = english_status(sentence)
    if en_status == "planned" and (
        dated or DATE_CUE.search(sentence) or EVENT_CUE.search(sentence)
    ):
        en_status = "scheduled"
    return StatusCue(en_status, en_cue)


def _is_statistic(after: str) -> bool:
    """해외 수주가 3년 새 2.6배로 늘었다: a trade statistic, unless a deal verb comes first."""
    found = _STATISTIC.match(after) or _COUNT.match(after)
    return found is not None and not _CUE.search(after, 0, found.end())


def _past_year_after(sentence: str, trigger: Trigger, year: int | None) -> bool:
    """이 실증은 2022년 … 선정돼 추진됐다: an earlier year inside the trigger's clause."""
    segment = _SEGMENT_END.search(sentence, trigger.end, trigger.end + 12)  # …2022년 MOU
    stated = _YEAR.search(sentence, trigger.end, segment.start() if segment else trigger.end + 12)
    if stated is None and trigger.kind == "pilot":  # 이 실증은 2022년 … 해외실증에 선정돼
        stated = _YEAR.search(sentence, max(0, trigger.start - 30), trigger.start)
    return stated is not None and year is not None and int(stated.group(1)) < year


def _contest(sentence: str, trigger: Trigger, found: StatusCue) -> StatusCue:
    """A bid is not an order: 우선협상대상자로 선정됐다, 수주전에 뛰어들었다, 최종 후보."""
    if found.status != "done":
        return found
    if _PREFERRED.match(sentence, trigger.start) or _CONTEST_AFTER.match(sentence, trigger.end):
        return StatusCue("planned", found.cue)
    return found


def headline_tense_from_noun(title: str, cue: str) -> bool:
    """The headline's status came from a noun (`…와 MOU`, `협약 체결`): it has no tense."""
    at = title.find(cue)
    return at >= 0 and _HEADLINE_TENSED.search(title, at) is None


@lru_cache(maxsize=4096)  # asked when ranking, filling and demoting a sentence's deal
def is_side_note(sentence: str) -> bool:
    """One exhibitor's MOU in an expo story: 참가 기업 … MOU를 맺기도 했다."""
    if _SIDE_NOTE.search(sentence):
        return True
    return english_side_note(sentence)


def _cue_status(cue: re.Match[str], sentence: str, dated: bool) -> DealStatus:
    if cue.group("done"):
        return "done"
    if cue.group("scheduled") and (
        dated or DATE_CUE.search(sentence) or EVENT_CUE.search(sentence)
    ):
        return "scheduled"
    return "planned"


def _past_before(sentence: str, trigger: Trigger, year: int | None) -> bool:
    before = sentence[max(0, trigger.start - 40) : trigger.start]
    if (
        not _ADNOMINAL_AFTER.match(sentence, trigger.end)
        and not _PAST_CONNECTIVE.match(sentence, trigger.start)
        and not _ADNOMINAL_BEFORE.search(before)
        and not _BACKGROUND_AFTER.search(sentence, trigger.end, trigger.end + _WINDOW)
    ):
        return False
    for match in _PAST_BEFORE.finditer(before):
        stated = _YEAR.match(match.group()[-5:]) or _YEAR.search(match.group())
        if stated is None or year is None or int(stated.group(1)) < year:
            return True
    return False


def _without_cue(sentence: str, trigger: Trigger, title: bool, dated: bool) -> StatusCue:
    """Headlines drop the verb: `…MOU 체결`, `…775억 계약 성과`, `LH, 쿠웨이트 신도시 수주`."""
    rest = sentence[trigger.end :]
    if title:
        # …MOU…스마트 산단 공동 추진: a planned word after `…` belongs to another clause.
        planned = _HEADLINE_PLANNED.search(_SEGMENT_END.split(rest, maxsplit=1)[0])
        # 수주 30조 목표 is a policy target; …MOU 추진…"연내 체결 목표" a deal pursued.
        # The trigger's own words (상담 실적) are not a headline of statistics.
        none = _HEADLINE_NONE.search(sentence, 0, trigger.start) or _HEADLINE_NONE.search(
            sentence, trigger.end
        )
        if none and (planned is None or none.start() < trigger.end + planned.start()):
            return StatusCue("none", none.group())
        if planned:
            return StatusCue("planned", planned.group())
        done = _HEADLINE_DONE.match(rest) or _HEADLINE_RESULT.search(rest)
        ahead = sentence[: trigger.start]
        fixed = DATE_CUE.search(ahead) or EVENT_CUE.search(ahead)
        if done and trigger.kind == "mou" and fixed and not _HEADLINE_RESULT.search(rest):
            return StatusCue("scheduled", sentence[trigger.start : trigger.end])
        # 현장 수출계약 775억원, 상담액 315만 달러: a figure right after the trigger is a result.
        figure = trigger.kind != "mou" and _FIGURE.match(rest.lstrip(" …·,"))
        if done or figure or (trigger.kind == "consultation" and _FIGURE.search(sentence)):
            return StatusCue("done", sentence[trigger.start : trigger.end])
        return StatusCue("none", "")
    # The trigger is a noun (체결을 통해, 협약을 계기로): the sentence's own verb decides,
    # or, in reported speech (…될 것"이라고 말했다), the verb of what was said.
    final = final_tense(sentence)
    if final is None:
        return StatusCue("none", "")
    status: DealStatus = "done" if final[0] == "past" else "planned"
    if status == "planned" and (dated or DATE_CUE.search(sentence)):
        status = "scheduled"
    return StatusCue(status, final[1])
