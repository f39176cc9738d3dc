"""Names of countries, cities, public bodies, ministries and companies, found in a text.

The lists live in `data/*.tsv` (see docs/deals.md, "Gazetteer"), read once at import through
importlib.resources. Matching runs on the folded text (NFKC + case folding, same length as
the original), so offsets are offsets into the text passed in and LH = ｌｈ = lh.

    for entity in find_entities(text):
        entity.name, entity.kind, entity.side, entity.start, entity.end
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import cast

from scwatch.core.deals.models import PartyKind, PartySide
from scwatch.core.deals.trie import trie_pattern
from scwatch.core.text.folding import fold

KOREA = "한국"
_HANGUL = re.compile("[\uac00-\ud7a3]")
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]")
# What may follow a one- or two-syllable Hangul name (인도, 중국, 서울): a particle, a title
# suffix or nothing Hangul. Anything else makes it part of another word (인도적, 수공예).
_SHORT_FOLLOWERS = frozenset("은는이가을를의에와과도로으만까측및등내간시성주정현국형산관발")


@dataclass(frozen=True)
class Entity:
    name: str  # canonical name
    kind: PartyKind
    side: PartySide
    start: int
    end: int  # offsets into the text passed in


@dataclass(frozen=True)
class _Name:
    canonical: str
    kind: PartyKind
    side: PartySide
    country: str | None = None  # for cities: the country's canonical name


def _rows(name: str) -> list[list[str]]:
    text = files("scwatch.core.deals").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


def _variants(canonical: str, listed: str) -> list[str]:
    return [canonical, *(v for v in listed.split("|") if v.strip())]


def _load_names() -> dict[str, _Name]:
    """Folded variant -> name; a later file never overrides an earlier entry."""
    names: dict[str, _Name] = {}

    def add(variants: list[str], entry: _Name) -> None:
        for variant in variants:
            key = fold(variant.strip())
            if len(key) > 1 or not _HANGUL.match(key):
                names.setdefault(key, entry)

    for row in _rows("bodies.tsv"):
        canonical, kind, listed_side, listed = [*row, "", "", ""][:4]
        add(
            _variants(canonical, listed),
            _Name(canonical, cast(PartyKind, kind), cast(PartySide, listed_side)),
        )
    for row in _rows("countries.tsv"):
        canonical, listed = [*row, ""][:2]
        add(_variants(canonical, listed), _Name(canonical, "country", _side(canonical), canonical))
    for row in _rows("cities.tsv"):
        canonical, country, listed = [*row, "", ""][:3]
        add(_variants(canonical, listed), _Name(canonical, "city", _side(country), country))
    return names


def _side(country: str) -> PartySide:
    return "korean" if country == KOREA else "foreign"


def _load_terms(name: str) -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1:]) for row in _rows(name)}


_NAMES = _load_names()
_NAME_PATTERN = re.compile(trie_pattern(_NAMES))
CITY_COUNTRY: dict[str, str] = {
    n.canonical: n.country for n in _NAMES.values() if n.kind == "city" and n.country
}
COUNTRIES: frozenset[str] = frozenset(n.canonical for n in _NAMES.values() if n.kind == "country")
EVENTS: dict[str, str] = {
    fold(variant): canonical
    for canonical, rest in _load_terms("events.tsv").items()
    for variant in _variants(canonical, rest[0] if rest else "")
}
EVENT_PATTERN = re.compile(trie_pattern(EVENTS))
SMARTCITY_TERMS: dict[str, int] = {
    fold(term): int(rest[0]) for term, rest in _load_terms("smartcity_terms.tsv").items()
}
SMARTCITY_PATTERN = re.compile(trie_pattern(SMARTCITY_TERMS))


def _suffixes(where: str) -> list[str]:
    return [row[0] for row in _rows("company_suffixes.tsv") if row[1:2] == [where]]


_PREFIX_FORMS = "|".join(map(re.escape, _suffixes("prefix")))
_TAIL_FORMS = "|".join(map(re.escape, sorted(map(fold, _suffixes("tail")), key=len)[::-1]))
_LATIN_FORMS = "|".join(map(re.escape, sorted(map(fold, _suffixes("latin")), key=len)[::-1]))
_NAME_CHARS = "[\uac00-\ud7a3a-z0-9&]"
_COMPANY_PATTERNS = (
    # ㈜한빛솔루션, (주) 한빛, 주식회사 한빛
    re.compile(rf"(?:{_PREFIX_FORMS})\s?({_NAME_CHARS}{{2,20}})"),
    # 한빛(주), 한빛㈜
    re.compile(rf"({_NAME_CHARS}{{2,20}})\s?(?:\(주\)|㈜)"),
    # 한빛건설, 미래엔지니어링 (the tail belongs to the name)
    re.compile(rf"(?<![\uac00-\ud7a3a-z0-9])({_NAME_CHARS}{{1,14}}(?:{_TAIL_FORMS}))"),
    # Acme Smart Systems Inc., Vinacom Co., Ltd.
    re.compile(rf"\b([a-z][a-z0-9&\-]*(?: [a-z0-9&\-]+){{0,3}}),? (?:{_LATIN_FORMS})(?![a-z])"),
)
# What a match of each company pattern must hold: a pattern whose marker the text lacks is
# not run (most sentences name no ㈜, no tail, no Inc.), and a tail pattern starts at most
# 14 name characters before the first tail.
_CORPORATE_MARKS = ("(주)", "㈜")
_TAIL_ANY = re.compile(_TAIL_FORMS)
_LATIN_ANY = re.compile(rf" (?:{_LATIN_FORMS})(?![a-z])")
# Words that end like a company but name an activity: 도시건설, 신도시 건설, 해외건설.
_NOT_COMPANY_STEMS = frozenset(
    [
        "도시",
        "신도시",
        "주택",
        "해외",
        "국토",
        "공공",
        "인프라",
        "도로",
        "철도",
        "항만",
        "플랜트",
        "공사",
        "시설",
        "기반",
        "단지",
        "건설",
        "스마트시티",
        "스마트",
        "솔루션",
        "관리",
        "통합",
        "교통",
        "운영",
        "플랫폼",
        "국내",
        "첨단",
        "도시개발",
        "대형",
        "신재생",
        "친환경",
        "수소",
        "청정",
        "재생",
        "미래",
        "그린",
        "해양",
        "전력",
        "운송",
        "배송",
        "의",
        "및",
        "등",
        "첫",
        "기술",
        "관제",
    ]
)
# Quoted company names: ‘한빛솔루션(대표 김민수)’, 기업 ‘브레인 임팩트’.
_QUOTED = re.compile(r"[‘'“\"]([^‘’'“”\"\n]{2,40}?)[’'”\"]")
_QUOTE_CUES = ("기업", "업체", "회사", "스타트업", "벤처", "社")
# Quoted phrases after 기업 that name a programme or a delegation, not a company.
_NOT_NAME_ENDINGS = ("단", "회", "대회", "사업", "프로그램", "센터", "관", "전", "상", "제")
_PARTICLES = frozenset("과와은는이가을를의에도로")
# What may stand between a country and a company of that country: 필리핀 B사, 일본 기업 ‘…’.
_SIDE_GAP = re.compile(r"(?:의|현지|국영|민간)?(?:기업|업체|회사|물류협회|협회|스타트업)?[‘'“\"]?")


def find_entities(text: str, folded: str | None = None) -> list[Entity]:
    """Countries, cities, bodies, ministries and companies, in text order, not overlapping.
    `folded`: `fold(text)`, when the caller has it already."""
    folded = fold(text) if folded is None else folded
    found = _gazetteer_entities(folded) + _company_entities(folded, text)
    return _without_overlaps(found)


def _gazetteer_entities(folded: str) -> list[Entity]:
    entities = []
    for match in _NAME_PATTERN.finditer(folded):
        start, end = match.span()
        if not _bounded(folded, start, end):
            continue
        name = _NAMES[match.group()]
        if _inside_word(folded, start, match.group(), name.canonical):
            continue
        entities.append(Entity(name.canonical, name.kind, name.side, start, end))
    return entities


def _inside_word(folded: str, start: int, matched: str, canonical: str) -> bool:
    """A listed variant (not the canonical name) right after a Hangul syllable is the end
    of a longer word: "수도청" (인도네시아 신수도청) inside "상하수도청" (a Manila water body)."""
    if not start or matched == fold(canonical):
        return False
    return bool(_HANGUL.match(folded[start - 1])) and bool(_HANGUL.match(matched[0]))


def _bounded(folded: str, start: int, end: int) -> bool:
    """Latin names need Latin boundaries (LH not in LHC); short Hangul names need word ones."""
    first, last = folded[start], folded[end - 1]
    before = folded[start - 1] if start else " "
    after = folded[end] if end < len(folded) else " "
    if _LATIN_OR_DIGIT.match(first) and _LATIN_OR_DIGIT.match(before):
        return False
    if _LATIN_OR_DIGIT.match(last) and _LATIN_OR_DIGIT.match(after):
        return False
    if end - start <= 2 and _HANGUL.match(first):
        if _HANGUL.match(before):
            return False
        return not _HANGUL.match(after) or after in _SHORT_FOLLOWERS
    return True


def _company_entities(folded: str, original: str) -> list[Entity]:
    entities = []
    for pattern, start_at in zip(_COMPANY_PATTERNS, _company_starts(folded), strict=True):
        if start_at is None:
            continue  # the text lacks what every match of this pattern holds
        for match in pattern.finditer(folded, start_at):
            start, end = match.span(1)
            end = _without_particle(folded, start, end)
            stem = folded[start:end]
            if _is_activity(stem):
                continue
            side = _side_by_context(folded, start)
            entities.append(Entity(original[start:end].strip(), "company", side, start, end))
    entities += _quoted_entities(folded, original)
    return entities


def _company_starts(folded: str) -> tuple[int | None, ...]:
    """Where each of _COMPANY_PATTERNS can first match in `folded`, None where it cannot."""
    corporate = 0 if any(mark in folded for mark in _CORPORATE_MARKS) else None
    tail = _TAIL_ANY.search(folded)
    latin = 0 if _LATIN_ANY.search(folded) else None
    return 0, corporate, (max(0, tail.start() - 14) if tail else None), latin


def _without_particle(folded: str, start: int, end: int) -> int:
    """㈜한빛솔루션과 -> ㈜한빛솔루션: a name taken up to a space keeps its particle."""
    if end - start > 3 and folded[end - 1] in _PARTICLES:
        return end - 1
    return end


_TAILS = tuple(tail.replace("\\", "") for tail in _TAIL_FORMS.split("|"))
_ACTIVITY_STEMS = _NOT_COMPANY_STEMS | {""}


def _is_activity(stem: str) -> bool:
    for tail in _TAILS:
        if stem.endswith(tail) and stem[: -len(tail)] in _ACTIVITY_STEMS:
            return True
    return stem in _NOT_COMPANY_STEMS


def _quoted_entities(folded: str, original: str) -> list[Entity]:
    entities = []
    for match in _QUOTED.finditer(folded):
        inner = match.group(1)
        before = folded[max(0, match.start() - 12) : match.start()]
        named = "(대표" in inner
        if not named and not any(cue in before for cue in _QUOTE_CUES):
            continue
        start = match.start(1)
        name = original[start : start + len(inner)].split("(")[0].strip()
        if not named and (name.count(" ") > 1 or name.endswith(_NOT_NAME_ENDINGS)):
            continue
        if name and len(name) <= 25:
            side = _side_by_context(folded, match.start())
            entities.append(Entity(name, "company", side, start, start + len(name)))
    return entities


def _side_by_context(folded: str, start: int) -> PartySide:
    """A company right after a foreign country or city name (필리핀 B사, 일본 기업 ‘…’)."""
    window = folded[max(0, start - 20) : start]
    for match in _NAME_PATTERN.finditer(window):
        name = _NAMES[match.group()]
        gap = "".join(window[match.end() :].split())
        if name.kind in ("country", "city") and _SIDE_GAP.fullmatch(gap):
            return name.side
    return "korean" if _HANGUL.search(folded[start : start + 4]) else "unknown"


def _without_overlaps(entities: list[Entity]) -> list[Entity]:
    """Gazetteer names first, then longer ones; an entity inside a kept one is dropped."""
    ranked = sorted(entities, key=lambda e: (e.kind == "company", -(e.end - e.start), e.start))
    kept: list[Entity] = []
    for entity in ranked:
        if all(entity.end <= k.start or entity.start >= k.end for k in kept):
            kept.append(entity)
    return sorted(kept, key=lambda e: e.start)


def find_events(text: str, folded: str | None = None) -> list[tuple[str, int, int]]:
    """(canonical event name, start, end) of each expo or event named in `text`."""
    folded = fold(text) if folded is None else folded
    events = []
    for match in EVENT_PATTERN.finditer(folded):
        if _bounded(folded, *match.span()):
            events.append((EVENTS[match.group()], match.start(), match.end()))
    return events
