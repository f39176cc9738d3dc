"""The tense of a Korean clause from its final predicate (docs/deals.md, "Status").

Korean ends a clause with its verb, and the verb's ending carries the tense: any syllable
with final ㅆ before 다/습니다 is past (했다, 뽑혔다, 마쳤습니다), a final ㄴ before 다 or
-고 있다 / 중이다 is present (연다, 체결한다, 협의 중이다), and -ㄹ 것이다, -겠다, -기로 했다,
예정/계획/방침이다 are future. A closing reporting verb is looked through: in `…체결했다고
23일 밝혔다` or `…될 것"이라고 말했다` the quoted clause's verb decides.
"""

from __future__ import annotations

import re
from typing import Literal

Tense = Literal["past", "present", "future"]
_TAIL = 80


def _syllables(final: int, skip: str = "") -> str:
    """Every Hangul syllable with the given final consonant (jongseong index)."""
    found = (chr(0xAC00 + lead_vowel * 28 + final) for lead_vowel in range(19 * 21))
    return "".join(ch for ch in found if ch not in skip)


# 있다 is the present (하고 있다), 겠다 the future: neither is a past form.
_PAST_SYLLABLES = _syllables(20, skip="있겠")
_N_SYLLABLES = _syllables(4)
_CLOSERS = ".\"'”’)"
_END = rf"[{_CLOSERS}]*$"
FINAL_PAST = re.compile(rf"\S*[{_PAST_SYLLABLES}](?:다|습니다)(?:만)?{_END}")
FINAL_PRESENT = re.compile(
    rf"\S*(?:[{_N_SYLLABLES}]다|는다|[고며]\s?있다|[고며]\s?있습니다|중이다|중입니다|"
    rf"[{_N_SYLLABLES}]?답니다|합니다|됩니다){_END}"
)
# -ㄹ 것이다, -겠다, -기로 했다, 예정/계획/방침이다: the act is still to come.
FINAL_FUTURE = re.compile(
    r"(?:[을를할될갈날]\s?것(?:이다|으로\s?보인다|으로\s?기대된다|으로\s?전망된다)?|겠다|"
    r"기로\s?했다|키로\s?했다|(?:예정|계획|방침|전망|목표)이다|(?:예정|계획)입니다|"
    r"[을를할될]\s?수\s?있다|목표로\s?(?:하고\s?있다|한다)|기대된다|전망된다|노린다)"
    rf"{_END}"
)
# The longest future form before its closing marks (것으로 기대된다 with its spaces: 10).
_FUTURE_SPAN = 12
# The longest reporting tail before its closing marks (다"이라고 23일 덧붙였습니다: 17).
_REPORTED_SPAN = 20
# A reporting verb ends the sentence: …체결했다고 23일 밝혔다, …될 것"이라고 말했다.
_REPORTED = re.compile(
    r"(?P<keep>다)?[\"'”’]?\s?(?:(?<=다)고|이?라고|고|며|면서)\s?(?:\d{1,2}일\s?)?"
    r"(?:밝혔|말했|전했|설명했|강조했|덧붙였|내다봤|귀띔했|공시했|발표했|알렸)"
    rf"(?:다|습니다){_END}"
)


def quoted_clause(sentence: str) -> str:
    """The sentence without a closing reporting verb (its 다 kept: 체결했다고 밝혔다 ->
    체결했다)."""
    text = sentence.rstrip()
    # Anchored at the end and at most _REPORTED_SPAN long before the closing marks: searched
    # from there only (the same match as a search from the start, found sooner).
    found = _REPORTED.search(text, max(0, _core_end(text) - _REPORTED_SPAN))
    if found is None:
        return text
    return text[: found.start()] + (found.group("keep") or "") + text[found.end() :]


def _core_end(text: str) -> int:
    """Where the closing marks of `text` (._END: periods, quotes, brackets) begin."""
    return len(text.rstrip(_CLOSERS))


def final_tense(sentence: str) -> tuple[Tense, str] | None:
    """The tense of the sentence's final predicate (of the quoted clause in reported speech)
    and the words that show it; None when the sentence ends on no verb."""
    clause = quoted_clause(sentence[-_TAIL:])  # every pattern is anchored at the end
    # Each pattern is searched from the earliest start a match can have (the same match as
    # a search from 0): the future forms are short, a past match holds no space, a present
    # one at most one (하고 있다).
    last_space = clause.rfind(" ")
    for tense, pattern, start in (
        ("future", FINAL_FUTURE, _core_end(clause) - _FUTURE_SPAN),
        ("past", FINAL_PAST, last_space + 1),
        ("present", FINAL_PRESENT, clause.rfind(" ", 0, max(0, last_space)) + 1),
    ):
        found = pattern.search(clause, max(0, start))
        if found:
            return tense, found.group().strip()  # type: ignore[return-value]
    return None
