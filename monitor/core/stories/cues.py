"""Strong cues the story decision trusts more than the deal extractor: whether the text
says the signing is still to come or has happened, whether it is an English version, and
generic party words that name nobody. Pure.

The deal extractor's status is noisy (a caption "서명했다" read as scheduled, a stock
story as planned), and a status veto on noise splits one event in two. These cues only
answer when the title, or else the first sentence, says one thing and not the other.
"""

from __future__ import annotations

import re
import unicodedata

# "MOU 맺는다", "서명 예정", "체결할 계획", "3일 출국", "will sign", "to visit Jakarta".
_PLANNED = re.compile(
    r"(?:체결|서명|맺|조인)[^\s…,.]{0,4}\s*(?:예정|계획)|맺는다|체결한다|서명한다|출국"
    r"|\bwill (?:sign|visit|hold)\b|\bto (?:sign|visit)\b|\bplans? to sign\b",
    re.IGNORECASE,
)
# Other words for a signing that happened: a broadcast's "손을 잡았습니다", a caption's
# "서명한 뒤 악수하고 있다" / "서명하고 있다" (the photo shows it), a rewrite's "지난 12일 …
# 맺고" (a day marked past, then the signing verb).
DONE_MORE = (
    r"|손을\s*잡았"
    r"|(?:체결|서명|맺)\S{0,2}\s*(?:뒤|후)\s[^.]{0,30}하고\s*있다|서명하고\s*있다"
    r"|(?:지난|전날)\s*(?:\d{1,2}\s*일)?[^.]{0,60}(?:체결|맺|서명)"
)
# "체결했다", "맺었다", "서명했다", a title ending "MOU 체결", "signed", "signs".
_DONE = re.compile(
    r"체결했|맺었|서명했|손잡았|체결\s*(?:$|…|\.\.\.)|\bsign(?:ed|s)\b" + DONE_MORE,
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=다)\.\s|(?<=[a-z])\.\s")
_LEAD_CHARS = 220
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
# Words the gazetteer or the deal parties list as a party that name no one in particular.
GENERIC_PARTIES = frozenset({"중소기업", "its", "스타트업", "컨소시엄", "대기업", "정부"})


def strong_status(title: str, lead: str) -> str | None:
    """The status, planned or done, when the title (else the opening) says only one."""
    for text in (title, _opening(lead)):
        cue = _status_of(text)
        if cue is not None:
            return cue
    return None


def _status_of(text: str) -> str | None:
    planned, done = bool(_PLANNED.search(text)), bool(_DONE.search(text))
    if planned == done:
        return None
    return "planned" if planned else "done"


def _opening(text: str) -> str:
    """The first two sentences (a scene-setting first sentence often has no verb of the
    signing), at most _LEAD_CHARS."""
    head = text[:_LEAD_CHARS]
    ends = [m.start() + 1 for m in _SENTENCE.finditer(head)]
    return head[: ends[1]] if len(ends) > 1 else head


def is_english(title: str, body: str) -> bool:
    """An English version: more Latin letters than Hangul in the title and lead."""
    text = f"{title} {body[:300]}"
    return len(_LATIN.findall(text)) > 3 * len(_HANGUL.findall(text))


def deaccented(text: str) -> str:
    """Latin letters without their accents ("Việt Nam" -> "Viet Nam"); Hangul untouched
    (NFKD would split it into jamo)."""
    return "".join(_plain(ch) if ord(ch) < 0x2000 else ch for ch in text)


def _plain(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
