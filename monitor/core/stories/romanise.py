"""Korean names in Latin letters, to meet an English version. Pure.

An English version spells a Korean body or province the Revised Romanisation way
("Gyeonggi province", "Daejeon", "Suwon"), and the gazetteer knows only some of those
spellings. A Korean side's Hangul parties are romanised ("경기도" -> gyeonggi, gyeonggido)
and an English side's capitalised words kept ("Gyeonggi", "Binh Duong" -> binhduong);
`shared_latin` matches one side's romanised names with the other side's words. Company
names romanise their own way ("현대" is "Hyundai", not "hyeondae") and then simply do not
match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "-",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_MEDIALS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l"]
_FINALS += ["m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
# Administrative endings an English text drops or translates ("Gyeonggi province").
_ADMIN = ("특별자치시", "특별자치도", "특별시", "광역시", "도", "시", "군", "구")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?\b")
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,12}$")
# Capitalised words of every English version here: never a name of one event.
_COMMON_WORDS = frozenset(
    [
        "the",
        "korea",
        "korean",
        "south",
        "smart",
        "city",
        "cities",
        "ministry",
        "corp",
        "corporation",
        "company",
        "group",
        "government",
        "province",
        "state",
        "new",
        "mou",
        "memorandum",
        "under",
        "deal",
        "project",
    ]
)


def romanised(syllables: str) -> str:
    """Revised Romanisation of Hangul syllables, letter by letter (no sound changes)."""
    out = []
    for ch in syllables:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            continue
        initial, rest = divmod(code, 588)
        medial, final = divmod(rest, 28)
        lead = _INITIALS[initial]
        out.append(("" if lead == "-" else lead) + _MEDIALS[medial] + _FINALS[final])
    return "".join(out)


def romanised_names(parties: Iterable[str]) -> set[str]:
    """ "r:" keys of the Hangul parties: whole, and without an administrative ending."""
    keys = set()
    for party in parties:
        if not _HANGUL_NAME.match(party):
            continue
        keys.add("r:" + romanised(party))
        for ending in _ADMIN:
            if party.endswith(ending) and len(party) - len(ending) >= 2:
                keys.add("r:" + romanised(party[: -len(ending)]))
                break
    return keys


def latin_words(text: str) -> set[str]:
    """ "w:" keys of an English text's capitalised words and two-word names."""
    keys = set()
    for match in _CAPITALISED.finditer(text):
        words = re.split(r"[ -]", match.group(0).lower())
        keys |= {"w:" + word for word in words if word not in _COMMON_WORDS}
        if len(words) == 2:
            keys.add("w:" + "".join(words))
    return keys


def shared_latin(mine: frozenset[str], theirs: frozenset[str]) -> set[str]:
    """One side's romanised names that the other side writes as words, either way round."""
    ours_r = {k[2:] for k in mine if k.startswith("r:")}
    ours_w = {k[2:] for k in mine if k.startswith("w:")}
    theirs_r = {k[2:] for k in theirs if k.startswith("r:")}
    theirs_w = {k[2:] for k in theirs if k.startswith("w:")}
    return (ours_r & theirs_w) | (ours_w & theirs_r)
