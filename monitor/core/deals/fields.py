"""The fields of one deal read from its sentence: parties, country, city, amount, event,
project and day, each with the sentence it came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

from scwatch.core.deals.amounts import AmountMention, find_amounts, with_stated_krw
from scwatch.core.deals.gazetteer import CITY_COUNTRY, Entity, find_entities, find_events
from scwatch.core.deals.models import Deal, Party
from scwatch.core.deals.sentences import Sentence
from scwatch.core.text.folding import fold, squeeze

# A country or city is a party when it signs: 몽골과, 하노이시와, 베트남 정부와.
_SIGNS_AFTER = re.compile(
    r"\s?(?:시|성|주|정부|측|당국)?\s?(?:와|과|측|정부|당국|시청)|시(?:에|의|청|가|는|\s|,)"
)
# Foreign local governments the gazetteer cannot list: 흥옌성 인민위원회, 리마시 정부.
_LOCAL_BODY = re.compile(r"([가-힣]{2,8}(?:시|성|주|도|현))\s?(인민위원회|정부|시청|주정부|당국)")
_FOREIGN_BODY = re.compile(
    r"\s([가-힣]{1,10}(?:부|청|공사|공단|위원회|당국|은행|개발청))(?=\s?(?:와|과|측|및|,))"
)
_NAME = r"[가-힣A-Za-z][가-힣A-Za-z0-9&]{1,14}"
_HEADLINE_ACTOR = re.compile(
    rf"^[\"“]?(?:[가-힣A-Za-z]+\s){{0,2}}?({_NAME})(?:\s?[-·]\s?(?:[美日中英獨佛]\s)?({_NAME}))?,\s"
)
_TOPIC_ACTOR = re.compile(
    r"^(?:\[[^\]]{0,30}\]\s*|\([^)]{0,20}\)\s*[^=]{0,15}=\s*)?(?:[가-힣A-Za-z()]+\s){0,3}?"
    rf"({_NAME})(은|는|이|가)\s"
)
# The partner position: `… 아크라 광역시와`, `오스틴시 교통·공공사업국과`, `파나마 교통청(ATTT)과`.
_PARTNER = re.compile(
    r"(?:([가-힣A-Za-z]{2,12})\s)?([가-힣][가-힣·]{1,14}(?:\([A-Za-z]{2,10}\))?)(?:와|과)\s"
)
_PARTNER_END = re.compile(r"[와과]\s")
_PARTNER_SPAN = 42  # 12 + 1 + 15 + 12 + 2: the longest match of _PARTNER
# A partner names a body: a city, a ministry or agency, a local government.
_BODY_END = re.compile(
    r"(?<![도전실감제게표개중지임동당역])시(?:청)?$|구청$|(?<![요신경초])청$|(?<=[가-힣]{2})부$"
    r"|(?:사업|교통|재무|관리|계획|건설|환경|정보)국$|(?<=[가-힣]{2})(?:공사|공단)$"
    r"|위원회$|진흥원$|(?<=[가-힣]{2})(?:주|시)정부$|당국$"
)
_NOT_BODIES = re.compile(r"(?:일부|내부|외부|전부|남부|북부|동부|서부|중부|간부|세부|지방정부)$")
# A body named by its kind alone takes the place before it: 아크라 광역시, 사마르칸트시 행정청.
_BARE_BODY = re.compile(
    r"^(?:광역시|광역시청|시청|행정청|시정부|주정부|[가-힣]{2}청|[가-힣]{2}부)$"
)
_NOT_ACTORS = frozenset(
    (
        "정부",
        "한국",
        "업계",
        "회사",
        "재단",
        "기업",
        "양측",
        "양사",
        "이번",
        "이날",
        "한편",
        "이는",
        "이들",
        "올해",
        "지난해",
        "특히",
        "또",
        "또한",
        "이에",
        "현재",
        "당시",
        "관계자",
        "전문가",
        "시장",
        "국내",
        "해외",
        "우리",
        "우리나라",
        "전시회",
        "행사",
        "한국관",
        "이곳",
        "그",
        "이",
    )
)
_GENERIC_END = re.compile(
    r"(?:사업|협약|계약|행사|엑스포|전시회|기자|관계자|시장|분야|규모|기업들|기업|업체|스타트업|당국|용역|상담회|로드쇼|센터|범위|한국관)$"
)
# A particle left on a name read by its position: 리야드시에 -> 리야드시.
_PARTICLE = re.compile(r"(?<=[가-힣]{2})(?:에서|까지|에게|으로|에도|에|을|를|은|는|의|와|과)$")
# A particle or a verb ending on a Korean word: 경쟁입찰에, 수주까지, 면담에서, 이끄, 주도하.
_NOT_A_NAME = re.compile(r"(?:에|에서|까지|에게|으로|을|를|은|는|의|와|과|에도|께|하|되|끄|들)$")
# The name is a deal word itself: 실증, MOU, 수주지원단, 시장개척단, 합의각서.
_TRIGGER_WORD = re.compile(
    r"(?:^|[^A-Za-z])(?:실증|수주|입찰|지원단|개척단|사절단|MOU|MOA|협약|각서|계약|deal)$",
    re.IGNORECASE,
)
_GENERIC_WORDS = (
    "금액 건수 규모 사업비 수주액 계약액 예산 시기 일정 장소 오후 오전 계획 보고서 전략 대표 "
    "기관 관계부처 발주처 참석자 양국 양국은 도시 교통 컨소시엄 원팀 협약식 체결식 서명식 "
    "플랫폼 시스템 사업 회사 업체 기업 정부 한국 Korea 당국 스타트업"
)
_GENERIC_NOUNS = frozenset(_GENERIC_WORDS.split())
_PROJECT = re.compile(
    r"((?:[‘'\"“][^’'\"”]{2,40}[’'\"”])|(?:[가-힣A-Za-z0-9·]+\s){0,3}[가-힣A-Za-z0-9·]*"
    r"(?:신도시|프로젝트|조성\s?사업|구축\s?사업|개발\s?사업|용역|플랫폼\s?사업))"
)
# The project phrase must end in one of these: without any, only a quoted name can match.
_PROJECT_ENDS = re.compile(
    r"신도시|프로젝트|조성\s?사업|구축\s?사업|개발\s?사업|용역|플랫폼\s?사업"
)
_QUOTED = re.compile(r"((?:[‘'\"“][^’'\"”]{2,40}[’'\"”]))")
# (?=[\d$]) first: IGNORECASE would otherwise make the engine try both branches everywhere.
_FIGURE = re.compile(
    r"(?=[\d$])(?:\d[\d,.]*\s?(?:건|억|만|천|조|달러|원|유로|%|million|billion)|\$\s?\d)",
    re.IGNORECASE,
)
_DAY = re.compile(r"(?:(\d{4})년\s?)?(?:(\d{1,2})월\s?)?(\d{1,2})일")


def fill(deal: Deal, sentence: Sentence, at: int, lead: Sequence[Sentence] = ()) -> Deal:
    """Every field `sentence` states, with the sentence recorded for each; of several
    amounts, the one nearest the trigger at `at` (775억원의 수출 계약, not 4600억 상담).
    A headline deal is completed from the article's `lead` (context.lead_sentences)."""
    deal = _filled(deal, sentence.text, at)
    if sentence.field != "title":
        return deal
    for lead_sentence in lead:
        deal = merge(deal, _filled(Deal(deal.kind, deal.status), lead_sentence.text, 0))
    return deal


def _filled(deal: Deal, text: str, at: int) -> Deal:
    parties, country, city, amounts, events, project = _read(text)
    said: dict[str, str] = {"status": text}
    nearest = min(amounts, key=lambda m: min(abs(m.start - at), abs(m.end - at)), default=None)
    amount = nearest.amount if nearest else None
    if amount is not None:
        amount = with_stated_krw(amount, (m.amount for m in amounts))
    for name, value in (
        ("parties", parties),
        ("country", country),
        ("city", city),
        ("amount", amount),
        ("event", events),
        ("project", project),
    ):
        if value:
            said[name] = text
    # Built directly, not with dataclasses.replace (several times slower, and called for
    # every deal kept); `on` and `smartcity` are set later by the caller.
    return Deal(
        kind=deal.kind,
        status=deal.status,
        status_cue=deal.status_cue,
        parties=parties,
        country=country,
        city=city,
        amount=amount,
        event=events[0][0] if events else None,
        project=project,
        on=deal.on,
        smartcity=deal.smartcity,
        sentences=said,
    )


_Read = tuple[
    tuple[Party, ...], str | None, str | None, tuple[AmountMention, ...], tuple, str | None
]


@lru_cache(maxsize=1024)
def _read(text: str) -> _Read:
    """What a sentence names, read once per text (a headline and its lead are read again
    when the main deal is completed and when reports of one event are merged)."""
    folded = fold(text)  # once for names and events
    entities = find_entities(text, folded)
    country, city = _place(entities)
    project = (_PROJECT if _PROJECT_ENDS.search(text) else _QUOTED).search(text)
    named = project.group(1).strip(" ‘'\"“’”") if project else None
    events = tuple(find_events(text, folded))
    return _parties(entities, text), country, city, tuple(find_amounts(text)), events, named


def merge(main: Deal, lead: Deal) -> Deal:
    """`main` with the fields it lacks taken from `lead` (and their sentences); a foreign
    amount at the table's rate takes the won figure `lead` states for it."""
    said = dict(lead.sentences)
    said.update(main.sentences)
    names = [squeeze(p.name) for p in main.parties]
    parties = main.parties + tuple(p for p in lead.parties if not _named(p.name, names))
    amount = main.amount or lead.amount
    if main.amount is not None and lead.amount is not None:
        amount = with_stated_krw(main.amount, (lead.amount,))
    return replace(
        main,
        parties=parties,
        country=main.country or lead.country,
        city=main.city or lead.city,
        amount=amount,
        event=main.event or lead.event,
        project=main.project or lead.project,
        sentences=said,
    )


def _named(name: str, known: list[str]) -> bool:
    squeezed = squeeze(name)
    return any(squeezed in other or other in squeezed for other in known)


def _parties(entities: list[Entity], text: str) -> tuple[Party, ...]:
    parties: dict[str, Party] = {}
    for local in _LOCAL_BODY.finditer(text):
        name = f"{local.group(1)} {local.group(2)}"
        parties.setdefault(name, Party(name, "unknown", "city"))
    for name in _foreign_bodies(entities, text) + _actors(text) + _partners(text):
        if not any(name in known or known in name for known in parties):
            parties[name] = Party(name, "unknown", "organisation")
    for entity in entities:
        if entity.kind in ("country", "city") and not _SIGNS_AFTER.match(text, entity.end):
            continue
        if any(entity.name in name for name in parties):
            continue
        parties.setdefault(entity.name, Party(entity.name, entity.side, entity.kind))
    kept: dict[str, Party] = {}
    for party in parties.values():
        name = _PARTICLE.sub("", party.name) if party.side == "unknown" else party.name
        if is_party_name(name):
            kept.setdefault(name, Party(name, party.side, party.kind))
    return tuple(kept.values())


def is_party_name(name: str) -> bool:
    """Not a verb stem (이끄, 주도하), a word with its particle (경쟁입찰에, 수주까지), a
    generic noun of deals, money, time or roles (금액, 건수, 컨소시엄, 일정), a trigger itself
    (MOU, 실증, 시장개척단) or a Latin dateline or common word (SEOUL, sidelines)."""
    bare = name.strip()
    if len(bare) < 2 or _NOT_A_NAME.search(bare) or bare in _GENERIC_NOUNS:
        return False
    if bare.isascii() and bare.isalpha() and (bare.islower() or bare.isupper()):
        # deal, sidelines; SEOUL, DAEJEON (datelines); LH, KOTRA are listed bodies.
        bodies = [e for e in find_entities(bare) if e.kind not in ("country", "city")]
        return bare.isupper() and (len(bare) < 5 or bool(bodies))
    return _TRIGGER_WORD.search(bare) is None


def _foreign_bodies(entities: list[Entity], text: str) -> list[str]:
    """A country's body that signs: 우즈베키스탄 건설부와, 사우디 주택부와, 케냐 투자청과."""
    found = []
    for entity in entities:
        if entity.kind == "country" and entity.side == "foreign":
            body = _FOREIGN_BODY.match(text, entity.end)
            if body:
                found.append(f"{text[entity.start : entity.end]} {body.group(1)}")
    return found


def _actors(text: str) -> list[str]:
    """Who acts, named without a suffix the gazetteer knows: the headline's subject before
    its comma (`한라종합기술, 몽골 …`, `경기도-크라쿠프시, …`) or a lead's subject
    (`삼원기술은`, `세움건설이 이끄는`)."""
    head = _HEADLINE_ACTOR.match(text)
    if head is not None:
        names = [n.strip() for n in head.groups() if n]
    elif (topic := _TOPIC_ACTOR.match(text)) and _fits(topic.group(1), topic.group(2)):
        names = [topic.group(1)]
    else:
        return []
    return [n for n in names if n not in _NOT_ACTORS and not _GENERIC_END.search(n)]


def _partners(text: str) -> list[str]:
    """Bodies in the partner position (`…와/과`) named by a body's ending (시, 청, 부 …)."""
    found: list[str] = []
    for match in _partner_matches(text):
        before, name = match.group(1), match.group(2)
        bare = name.split("(")[0]
        if not _BODY_END.search(bare) or _NOT_BODIES.search(bare) or bare in _GENERIC_NOUNS:
            continue
        place = before and not _NOT_A_NAME.search(before) and before not in _NOT_ACTORS
        if place and (_BARE_BODY.match(bare) or before[-1] in "시주성" or _is_place(before)):
            name = f"{before} {name}"
        found.append(name)
    return found


def _partner_matches(text: str) -> list[re.Match[str]]:
    """_PARTNER's matches in `text`. One ends on 와/과 and a space and is at most
    _PARTNER_SPAN long: only the stretch that can hold one is searched (most sentences are
    not searched at all)."""
    anchors = [m.start() for m in _PARTNER_END.finditer(text)]
    if not anchors:
        return []
    return list(_PARTNER.finditer(text, max(0, anchors[0] - _PARTNER_SPAN), anchors[-1] + 2))


def _is_place(word: str) -> bool:
    return any(e.kind in ("country", "city") for e in find_entities(word))


def _fits(name: str, particle: str) -> bool:
    """은/이 follow a final consonant, 는/가 a vowel: 두바이 is not 두바 + 이."""
    last = name[-1]
    if not "가" <= last <= "힣":
        return True
    return ((ord(last) - 0xAC00) % 28 != 0) == (particle in "은이")


def _place(entities: list[Entity]) -> tuple[str | None, str | None]:
    country = next((e.name for e in entities if e.kind == "country" and e.side == "foreign"), None)
    city = next((e.name for e in entities if e.kind == "city" and e.side == "foreign"), None)
    if country is None and city is not None:
        country = CITY_COUNTRY.get(city)
    return country, city


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(text))


def parse_day(text: str, published: date | datetime) -> date | None:
    """`오는 29일`, `7월 29일`, `2016년 7월 29일` against the publication date."""
    match = _DAY.search(text)
    if match is None:
        return None
    year = int(match.group(1) or published.year)
    month = int(match.group(2) or published.month)
    try:
        return date(year, month, int(match.group(3)))
    except ValueError:
        return None
