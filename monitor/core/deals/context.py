"""Where a sentence stands in a long article (docs/deals.md, "Long articles").

A full-length story reports its deal in the headline and the lead (the first two prose
sentences of the body); later paragraphs add background (지난해 … 맺었고, 앞서 … 체결한 바
있다, 2019년 … 수주했다, `signed … last year`), quotes and closing plans. A deal done in a
later paragraph that is dated in the past is the parties' record, not this article's event.
"""

from __future__ import annotations

import re

from scwatch.core.deals.sentences import Sentence

# A body line ending in 다./요. (or an English period) is prose; others are sub-headlines.
_PROSE_END = re.compile(r"[다요][.\"'”’)]*$|[.!?]$")
_LEAD_PROSE = 2
# A headline deal's fields are completed from the lead: at most three body sentences, up
# to the second prose one (fields.fill).
_LEAD_SENTENCES = 3
# Markers of an earlier time before the trigger in its sentence (Korean puts them first).
_PAST_MARK = re.compile(
    r"지난해|작년|재작년|앞서|이미|과거|그동안|그간|당시|이전에|올해\s?초|연초"
    r"|\d{1,2}\s?(?:년|개월|달)\s?전|(?<!\d)(\d{4})년"
)
# English puts them anywhere: "signed … earlier this year", "won … in 2021".
_PAST_MARK_EN = re.compile(
    r"\b(?:last year|earlier this year|previously|in the past|(?:in|since) (\d{4}))\b", re.I
)


def lead_end(sentences: list[Sentence]) -> int:
    """Index of the last lead sentence: the second prose sentence of the body."""
    return _lead_end(sentences)


def lead_sentences(sentences: list[Sentence]) -> tuple[Sentence, ...]:
    """The lead's sentences (a headline repeated as the first body line left out)."""
    end = _lead_end(sentences)
    title = sentences[0].text if sentences and sentences[0].field == "title" else None
    lead = (s for s in sentences if s.field == "body" and s.index <= end and s.text != title)
    return tuple(lead)[:_LEAD_SENTENCES]


def _lead_end(sentences: list[Sentence]) -> int:
    seen = 0
    for sentence in sentences:
        if sentence.field == "body" and _PROSE_END.search(sentence.text):
            seen += 1
            if seen == _LEAD_PROSE:
                return sentence.index
    return sentences[-1].index if sentences else 0


def told_as_past(text: str, at: int, year: int | None, english: bool) -> str | None:
    """The marker of an earlier time that dates the deal at offset `at`, if any."""
    if english:
        found = [m for m in _PAST_MARK_EN.finditer(text) if _earlier(m.group(1), year)]
    else:
        found = [m for m in _PAST_MARK.finditer(text, 0, at) if _earlier(m.group(1), year)]
    return found[0].group() if found else None


def _earlier(stated: str | None, year: int | None) -> bool:
    return stated is None or (year is not None and int(stated) < year)


# 2023년에는 … 양해각서를 맺었다: a year, then the deal in the same clause (not 2019년부터 …).
_YEAR_BEFORE = re.compile(
    r"(?:(\d{4})년|지난해|작년|재작년|앞서|이미|\d{1,2}\s?년\s?전)(?:에는|에|엔|도|\s?말|\s?초)?\s"
)
_NOW = re.compile(r"이번|올해|이날|오늘|현재")


def earlier_year_before(text: str, at: int, year: int | None) -> str | None:
    """An earlier year stated just before the deal at offset `at` (within 40 characters,
    with no `이번`/`올해` between): a lead sentence telling the parties' record."""
    before = text[max(0, at - 40) : at]
    stated = _YEAR_BEFORE.search(before)
    if stated is None or year is None or _NOW.search(before, stated.end()):
        return None
    return stated.group() if stated.group(1) is None or int(stated.group(1)) < year else None
