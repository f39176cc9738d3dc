"""Foreign areas: the province or city abroad where the event happens. Pure.

Two deals of one company in one country ("LH, 베트남 박닌성…" and "LH, 베트남 꽝닌성…") share
the company and the country and differ only in the province, which the gazetteer may not
know. An area is a name ending in 성/주/현 right after a foreign country ("베트남 북부
꽝닌성" -> 꽝닌), or in English a capitalised name before "province" ("Bac Ninh
province" -> bacninh), read in the title and the lead. Cities are not areas: a city lies in a
province ("수라바야" in "동자바"), so a city against a province says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scwatch.core.deals.gazetteer import Entity, find_entities
from scwatch.core.text.folding import fold, squeeze

# "(북부|동남부 …) 꽝닌성", "박닌성과": a province or state after its country.
_AFTER_COUNTRY = re.compile(
    r"\s*(?:[동서남북중]{1,2}부\s*)?(?:지역\s*)?([가-힣]{2,5}?)(?:성|주|현)(?![가-힣])"
    r"|\s*(?:[동서남북중]{1,2}부\s*)?(?:지역\s*)?([가-힣]{2,5}?)(?:성|주|현)(?=[과와의에은는이을를도])"
)
_DIRECTION = re.compile(r"[동서남북중]{1,2}부?")
# English versions: "Vietnam's northern Quang Ninh province", "Bac Ninh Province".
_ENGLISH_AREA = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:[Pp]rovince|[Pp]refecture)\b")


def areas_in(text: str, entities: Sequence[Entity] | None = None) -> set[str]:
    """Foreign provinces named in `text` (squeezed, province suffix dropped); `entities`:
    find_entities(text), when the caller has them."""
    folded = fold(text)
    found: set[str] = set()
    for entity in find_entities(text) if entities is None else entities:
        if entity.kind == "country" and entity.side != "korean":
            match = _AFTER_COUNTRY.match(folded, entity.end)
            name = squeeze(match.group(1) or match.group(2)) if match else ""
            if name and not _DIRECTION.fullmatch(name):  # "동부주 개발청": no province
                found.add(name)
    found |= {squeeze(m.group(1)) for m in _ENGLISH_AREA.finditer(text)}
    return found


def areas_differ(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both sides name areas in one script and share none (an English spelling, "quangninh",
    is never compared with a Korean one, "꽝닌")."""
    for latin in (False, True):
        ours = {a for a in mine if a.isascii() == latin}
        others = {a for a in theirs if a.isascii() == latin}
        if ours and others and not ours & others:
            return True
    return False
