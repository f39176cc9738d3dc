"""One party written two ways: a body's name and its acronym, a deal party's spelling and
the gazetteer's. Pure.

A release introduces a body once with its acronym ("부산항만공사(BPA)는", "Roads and
Transport Authority (RTA)") and a rewrite, a caption or the English version then uses
either form: "BPA, 두바이 DP월드와…" against "부산항만공사, DP월드와…". The acronym is taken
as a second name of the party only after a name that ends like a body (공사, 청, 부,
Authority, Corp.), so "양해각서(MOU)" or "도심항공교통(UAM)" add nothing. The deal
extractor writes a party as the text spells it ("국토부"); the gazetteer's canonical name
("국토교통부") is used when the gazetteer knows the whole name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scwatch.core.deals.gazetteer import find_entities
from scwatch.core.text.folding import squeeze

# Endings of a body's name, Korean and English (folded to lower case before matching).
_BODY_KO = "공사|공단|청|부|처|원|위원회|기구|은행|재단|협회|그룹|시청|정부"
_BODY_EN = (
    "authority|corporation|corp\\.?|ministry|agency|bank|company|co\\.|department"
    "|organi[sz]ation|council|administration|commission|institute|group|office|fund"
)
_ACRONYM = re.compile(r"\s?\(([A-Z][A-Z0-9&]{1,7})\)")
_BODY_END = re.compile(rf"(?:{_BODY_KO}|\b(?:{_BODY_EN}))$", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\s*\(([^()]{1,20})\)\s*$")


def acronyms(text: str) -> set[str]:
    """The acronyms `text` gives right after a body's name, as party keys ("bpa")."""
    return {pair.split(ALIAS, 1)[0] for pair in acronym_names(text)}


ALIAS = "="


def acronym_names(text: str) -> set[str]:
    """Each acronym with the last word of the name before it, "bpa=부산항만공사": a
    headline naming the body by either (counterparts.py) names one party."""
    found = set()
    for match in _ACRONYM.finditer(text):
        acronym = match.group(1)
        before = text[max(0, match.start() - 16) : match.start()]
        if sum(c.isupper() for c in acronym) >= 2 and _BODY_END.search(before):
            # "(Bank)" is no acronym, "양해각서(MOU)" no body
            words = before.split()
            found.add(squeeze(acronym) + ALIAS + squeeze(words[-1] if words else before))
    return found


def party_keys(name: str) -> set[str]:
    """A deal party's keys: its canonical name, and its acronym when the name carries one
    ("쿠웨이트 공공주택청(PAAET)" -> 쿠웨이트공공주택청, paaet; "국토부" -> 국토교통부)."""
    keys = set()
    bare = name
    parenthesis = _PARENTHESIS.search(name)
    if parenthesis is not None:
        bare = name[: parenthesis.start()]
        keys |= acronyms(name)
    keys.add(_canonical(bare))
    return {key for key in keys if key}


@lru_cache(maxsize=1024)  # the same parties come back article after article
def _canonical(name: str) -> str:
    """The gazetteer's name when one entity spans the whole of `name`, else `name`."""
    entities = find_entities(name)
    stripped = name.strip()
    if len(entities) == 1 and entities[0].start <= 0 and entities[0].end >= len(stripped):
        return squeeze(entities[0].name)
    return squeeze(name)
