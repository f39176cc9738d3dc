"""English sentences: the verb comes before the object ("LH signs MOU", "Busan to sign
MOU at WSCW"), so the status is read from the verb anywhere in the sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from scwatch.core.deals.models import DealStatus

_I = re.IGNORECASE
# English puts the verb before the object: "LH signs MOU", "Busan to sign MOU".
_EN_DONE = re.compile(
    r"\b(?:signs?|signed|wins?|won|lands|landed|clinch(?:es|ed)?|logs|logged|"
    r"secures?|secured|inks|inked|sells|sold|exports|exported|selected|picked|"
    r"awarded|bags|bagged|draws|drew|generated|held|seals?|sealed|inks?)\b",
    _I,
)
_EN_PLANNED = re.compile(
    r"\b(?:to sign|to host|to send|will|plans?|eyes?|seeks?|aims?|"
    r"expected to|to hold|shortlisted|in talks|competing|bidding|vying|bid for|"
    r"nears?|nearing|close to|closing in on|poised to|set to)\b",
    _I,
)
_EN_NONE = re.compile(
    r"\b(?:boost|promote|package|fund|funding|loans?|insurance|support|fall|falls|rise|rises|"
    r"rose|fell)\b",
    _I,
)
_LATIN = re.compile(r"[A-Za-z]")
# A bid is not an order: "picked as preferred bidder", "shortlisted" (the contract is to come).
_EN_CONTEST = re.compile(r"\b(?:preferred bidder|shortlisted|finalists?)\b", _I)
_SIDE_NOTE_EN = re.compile(
    r"\b(?:an? |one )?exhibitors?\b|\bone (?:korean |local )?(?:startup|firm|company)\b"
    r"|\b(?:korean|local) startup\b",
    _I,
)
_EN_NEGATED = re.compile(r"\b(?:no|not|never|without)\b|n't\b", _I)
# English infinitives and aims: "to help Korean firms win larger contracts".
_EN_AIM = re.compile(r"\b(?:to|help|helps|helping|aims? to)\s(?:\w+\s){0,3}$", _I)


# "agreeing to share data and run joint pilot projects": the pilot is what was agreed on.
_AGREED_TO = re.compile(r"\b(?:agree(?:s|d|ing)?|aim(?:s|ing)?) to\s(?:[\w-]+,?\s){0,6}$", _I)


def agreed_content(sentence: str, before: int) -> bool:
    """The words before offset `before` say it is what an agreement is to do."""
    return _AGREED_TO.search(sentence, 0, before) is not None


@lru_cache(maxsize=4096)  # asked for each trigger of a sentence, and again for its deal
def is_english(sentence: str) -> bool:
    return len(_LATIN.findall(sentence)) > len(sentence) // 2


def english_status(sentence: str) -> tuple[DealStatus, str]:
    """done (signs, wins, clinched), planned (to sign, will, shortlisted, in talks) or none
    (boost, fund, orders fall); a done verb after `to`/`help` is an aim, not a result."""
    if _EN_NONE.search(sentence) and not _EN_DONE.search(sentence):
        return "none", _EN_NONE.search(sentence).group()  # type: ignore[union-attr]
    contest = _EN_CONTEST.search(sentence)
    if contest:
        return "planned", contest.group()
    planned = _EN_PLANNED.search(sentence)
    done = next(
        (m for m in _EN_DONE.finditer(sentence) if not _EN_AIM.search(sentence, 0, m.start())),
        None,
    )
    if done and _EN_NEGATED.search(sentence, 0, done.start()):
        return "none", done.group()  # "No agreement was signed."
    if planned and (done is None or planned.start() < done.start()):
        return "planned", planned.group()
    if done:
        return "done", done.group()
    return "none", ""


def english_side_note(sentence: str) -> bool:
    """One exhibitor's deal in an expo story: an exhibitor, one Korean startup."""
    return _LATIN.search(sentence) is not None and _SIDE_NOTE_EN.search(sentence) is not None
