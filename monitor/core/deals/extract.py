"""extract_deals(): the deals an article reports, main (headline) deal first.

One candidate per sentence that holds an event trigger (cues.py); its status comes from the
predicate after the trigger, its parties, place, amount and event from the same sentence.
A title deal borrows what the title leaves out from the first body sentence of its kind.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from scwatch.core.deals import fields, subject
from scwatch.core.deals.cues import DATE_CUE, Trigger, find_triggers, is_side_note, status_of
from scwatch.core.deals.models import Deal, DealStatus
from scwatch.core.deals.sentences import Sentence, split

_STATUS_RANK: dict[DealStatus, int] = {
    "done": 4,
    "scheduled": 4,
    "planned": 2,
    "background": 1,
    "none": 0,
}
_KIND_RANK = {"export": 3, "consultation": 2, "pilot": 2, "mou": 1}
_COMING_DAY = re.compile(r"오는\s?\d{1,2}일")
# A line without a final 다./요. is a headline, a list item or a caption: verbs are dropped.
_PROSE_END = re.compile(r"[다요][.\"'”’)]*$|[.!?]$")
MAX_DEALS = 8
_BARE_VERB = re.compile(r"따냈|따내")


def extract_deals(
    title: str, body: str, published: date | datetime | None = None
) -> tuple[Deal, ...]:
    """Deals ordered by salience: the first is the article's main deal (alerts decide on it)."""
    sentences = split(title, body)
    year = published.year if published else None
    dated = bool(_COMING_DAY.search(body[:1500]))
    candidates: list[tuple[float, Deal, Sentence]] = []
    seen: set[str] = set()
    for sentence in sentences:
        if sentence.text in seen:
            continue  # pages repeat the headline as the first body line
        seen.add(sentence.text)
        found = _sentence_deal(sentence, dated, year)
        if found is not None:
            candidates.append((_salience(found, sentence), found, sentence))
    if not candidates:
        return ()
    candidates.sort(key=lambda entry: -entry[0])
    article = subject.article_is_smartcity(sentences)
    deals = []
    for rank, (_, deal, sentence) in enumerate(candidates[:MAX_DEALS]):
        if rank == 0:
            deal = _complete_main(deal, sentence, sentences, published)
        near = _previous_text(sentences, sentence)
        main = rank == 0 and not is_side_note(sentence.text)
        smart = subject.deal_is_smartcity(article, sentence, near, main)
        deals.append(replace(deal, smartcity=smart))
    return tuple(deals)


def _sentence_deal(sentence: Sentence, dated: bool, year: int | None) -> Deal | None:
    triggers = find_triggers(sentence.text)
    if not triggers:
        return None
    headline = sentence.field == "title" or not _PROSE_END.search(sentence.text)
    best: tuple[tuple[int, ...], Trigger, DealStatus, str] | None = None
    for trigger in triggers:
        cue = status_of(sentence.text, trigger, title=headline, dated=dated, year=year)
        bracketed = _in_brackets(sentence.text, trigger)
        # A bare verb (따냈다) names no kind: 실증 따내 is a pilot, not an order.
        specific = int(
            trigger.kind != "export" or not _BARE_VERB.match(sentence.text, trigger.start)
        )
        key = (-bracketed, _STATUS_RANK[cue.status], specific, _KIND_RANK[trigger.kind])
        if best is None or key > best[0]:
            best = (key, trigger, cue.status, cue.cue)
    assert best is not None
    _, trigger, status, cue_text = best
    if trigger.kind == "consultation" and status == "done" and not fields.has_figure(sentence.text):
        status = "none"  # 상담 성과를 거뒀다 with no figure is a boast, not results
    return fields.fill(Deal(trigger.kind, status, cue_text), sentence, trigger.start)


def _in_brackets(text: str, trigger: Trigger) -> int:
    before = text[: trigger.start]
    return int(before.count("(") > before.count(")"))


def _salience(deal: Deal, sentence: Sentence) -> float:
    score = 100.0 if sentence.field == "title" else max(0.0, 12.0 - sentence.index)
    score += 10 * _STATUS_RANK[deal.status] + _KIND_RANK[deal.kind]
    score += 4 if deal.amount else 0
    score += 3 if subject.core_mentions(sentence.text) else 0
    return score - sentence.index * 0.01


def _complete_main(
    deal: Deal, sentence: Sentence, sentences: list[Sentence], published: date | datetime | None
) -> Deal:
    """A headline deal takes missing fields (and a missing status) from the body's lead."""
    lead = _lead_of_kind(deal, sentence, sentences)
    if lead is not None:
        if deal.status == "none" and lead.status != "none":
            deal = replace(deal, status=lead.status, status_cue=lead.status_cue)
        deal = fields.merge(deal, lead)
    when = _dated(deal, sentence, published)
    return replace(deal, on=when) if when else deal


def _lead_of_kind(deal: Deal, sentence: Sentence, sentences: list[Sentence]) -> Deal | None:
    if sentence.field != "title":
        return None
    for other in sentences[1:6]:
        if any(t.kind == deal.kind for t in find_triggers(other.text)):
            found = _sentence_deal(other, False, None)
            if found is not None and found.kind == deal.kind:
                return found
    return None


def _dated(deal: Deal, sentence: Sentence, published: date | datetime | None) -> date | None:
    text = deal.sentences.get("status", sentence.text)
    match = DATE_CUE.search(text)
    return fields.parse_day(match.group(), published) if match and published else None


def _previous_text(sentences: list[Sentence], sentence: Sentence) -> str:
    index = sentences.index(sentence)
    return " ".join(s.text for s in sentences[max(0, index - 1) : index + 1])
