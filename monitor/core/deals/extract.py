"""extract_deals(): the deals an article reports, main (headline) deal first.

One candidate per sentence that holds an event trigger (triggers.py); its status comes from the
predicate after the trigger, its parties, place, amount and event from the same sentence.
A title deal borrows what the title leaves out from the first body sentence of its kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime

from scwatch.core.deals import context, fields, genre, subject
from scwatch.core.deals.boilerplate import without_boilerplate
from scwatch.core.deals.cues import headline_tense_from_noun, is_english, is_side_note, status_of
from scwatch.core.deals.dates import DATE_CUE
from scwatch.core.deals.merge import merge_events
from scwatch.core.deals.models import Deal, DealStatus
from scwatch.core.deals.sentences import Sentence, split
from scwatch.core.deals.triggers import Trigger, find_triggers, trigger_pieces

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
# The headline and the lead report the article's deal; later paragraphs add background.
_LEAD_BONUS = 20.0
_QUOTED_HOPE = re.compile(
    r"[\"”’']\s?(?:이?라?고|며)\s?(?:\d{1,2}일\s?)?(?:말했|강조했|덧붙였|설명했)다"
)
_GENERIC_DEAL = re.compile(r"deal\b", re.IGNORECASE)
_BARE_VERB = re.compile(r"따냈|따내|(?:수주|수출|무역|시장)\s?(?:지원단|개척단|사절단)")


def extract_deals(
    title: str, body: str, published: date | datetime | None = None
) -> tuple[Deal, ...]:
    """Deals ordered by salience: the first is the article's main deal (alerts decide on it)."""
    sentences = without_boilerplate(split(title, body))
    dated = bool(_COMING_DAY.search(body[:1500]))
    candidates = _candidates(body, sentences, published, dated)
    if not candidates:
        return ()
    candidates.sort(key=lambda entry: -entry[0])
    record = genre.is_record_story(title, " ".join(s.text for s in sentences[1:3]))
    if not any(pos == 0 and deal.status != "none" for _, deal, pos, _ in candidates):
        candidates = _told_in_passing(candidates, sentences)
        candidates = _as_record(candidates) if record else candidates
    policy = genre.is_policy_headline(title) and not record
    return tuple(merge_events(_filled(policy, sentences, candidates, published, dated)))


def _candidates(
    body: str, sentences: list[Sentence], published: date | datetime | None, dated: bool
) -> list[tuple[float, Deal, int, int]]:
    """One bare deal per sentence holding a trigger, with its salience."""
    year = published.year if published else None
    lead = context.lead_end(sentences)
    candidates: list[tuple[float, Deal, int, int]] = []
    seen: set[str] = set()
    for position, pieces in _trigger_pieces(body, sentences).items():
        sentence = sentences[position]
        if sentence.text in seen:
            continue  # pages repeat the headline as the first body line
        seen.add(sentence.text)
        found = _sentence_deal(sentence, dated, year, pieces)
        if found is not None:
            deal, at = found
            if sentence.field == "body" and sentence.index > lead:
                deal = _later(deal, sentence.text, at, year)
            elif deal.status == "done" and (
                past := context.earlier_year_before(sentence.text, at, year)
            ):
                deal = replace(deal, status="background", status_cue=past)
            score = _salience(deal, sentence) + (_LEAD_BONUS if sentence.index <= lead else 0)
            candidates.append((score, deal, position, at))
    return candidates


def _later(deal: Deal, text: str, at: int, year: int | None) -> Deal:
    """A deal told after the lead with an earlier time (지난해 … 맺었고, 2019년 … 수주했다,
    `signed … last year`) is the parties' record, not this article's event."""
    if deal.status != "background" and _QUOTED_HOPE.search(text):
        # "…지원하겠다"고 말했다, "협약이 성사되면 …"이라고 말했다: a hope or a view, no deal
        return replace(deal, status="none")
    if deal.status not in ("done", "scheduled"):
        return deal
    english = is_english(text)
    if deal.status == "scheduled" and not english:
        return deal
    marker = context.told_as_past(text, at, year, english)
    return replace(deal, status="background", status_cue=marker) if marker else deal


def _filled(
    policy: bool,
    sentences: list[Sentence],
    candidates: list[tuple[float, Deal, int, int]],
    published: date | datetime | None,
    dated: bool,
) -> list[Deal]:
    """The kept deals with their fields read; the first also from the article around it."""
    article = subject.article_is_smartcity(sentences)
    lead = context.lead_end(sentences)  # an aside is told after the lead
    lead_text = context.lead_sentences(sentences)
    deals: list[Deal] = []
    # Fields are read only for the deals kept: reading names and amounts is the costly part.
    for rank, (_, bare, position, at) in enumerate(candidates[:MAX_DEALS]):
        sentence = sentences[position]
        if rank == 0:
            bare = _kind_from_lead(bare, sentence, at, lead_text)
        deal = fields.fill(bare, sentence, at, lead_text)
        if rank == 0:
            deal = _complete_main(deal, sentence, sentences, published, dated)
        near = " ".join(s.text for s in sentences[max(0, position - 1) : position + 1])
        side = sentence.index > lead and is_side_note(sentence.text)
        smart = subject.deal_is_smartcity(article, sentence, near, rank == 0 and not side)
        if deals and _is_tally(deals[0], deal):
            smart = False
        # A visit, talks or an opening whose lead reports a signing made there (…방문해 …
        # 협약을 체결했다) is that deal's story; a past deal it cites is not (none).
        news = (
            sentence.index <= lead
            and deal.status in ("done", "scheduled")
            and not is_side_note(sentence.text)
        )
        if rank == 0 and ((side and deal.status == "done") or (policy and not news)):
            # An expo story whose only deal is an exhibitor's aside, or a policy headline:
            # the article itself reports no deal.
            deal = replace(deal, status="none")
        deals.append(replace(deal, smartcity=smart) if smart != deal.smartcity else deal)
    return deals


def _is_tally(main: Deal, deal: Deal) -> bool:
    """An expo or roadshow's results story (상담액 …, MOU 40건): the MOUs signed there
    (`업무협약은 40건이 체결됐다`, `이 가운데 X는 … 협약을 맺었다`) are part of its results,
    not smart-city MOUs of their own."""
    return main.kind == "consultation" and main.status == "done" and deal.kind == "mou"


def _as_record(
    candidates: list[tuple[float, Deal, int, int]],
) -> list[tuple[float, Deal, int, int]]:
    """An earnings or personnel story: its first deal signed or won is the record it cites."""
    found = next((e for e in candidates if e[1].status in ("done", "background")), None)
    if found is None:
        return candidates
    score, deal, position, at = found
    record = (score, replace(deal, status="background"), position, at)
    return [record] + [entry for entry in candidates if entry is not found]


def _told_in_passing(
    candidates: list[tuple[float, Deal, int, int]], sentences: list[Sentence]
) -> list[tuple[float, Deal, int, int]]:
    # A broadcast script: the anchor's words are the headline, the lead starts at [기자].
    lead = next((s.index for s in sentences if s.text.startswith("[기자]")), 1)
    found = [_in_passing(entry, sentences, lead) for entry in candidates]
    return sorted(found, key=lambda entry: -entry[0])


def _in_passing(
    entry: tuple[float, Deal, int, int], sentences: list[Sentence], lead: int
) -> tuple[float, Deal, int, int]:
    """A title that names no deal (a listing, a new plant, a product): a deal done that the
    body names only after its lead is the company's record, told in passing."""
    score, deal, position, at = entry
    sentence = sentences[position]
    # A sub-headline (no final 다.) announces news of its own; it is not an aside.
    aside = _PROSE_END.search(sentence.text) and not is_side_note(sentence.text)
    if deal.status != "done" or sentence.index < lead + 2 or not aside:
        return entry
    return score - 30, replace(deal, status="background"), position, at


def _trigger_pieces(body: str, sentences: list[Sentence]) -> dict[int, list[int]]:
    """Position in `sentences` -> offsets in it of the literal pieces of triggers, found by
    one pass over the title and one over the body (most sentences hold none)."""
    found: dict[int, list[int]] = {}
    body_from = 1 if sentences and sentences[0].field == "title" else 0
    if body_from and (in_title := trigger_pieces(sentences[0].text)):
        found[0] = in_title
    starts = [s.start for s in sentences[body_from:]]
    for offset in trigger_pieces(body):
        index = bisect_right(starts, offset) - 1
        start = starts[index] if index >= 0 else 0
        if index >= 0 and offset < start + len(sentences[body_from + index].text):
            found.setdefault(body_from + index, []).append(offset - start)
    return found


def _sentence_deal(
    sentence: Sentence, dated: bool, year: int | None, pieces: list[int] | None = None
) -> tuple[Deal, int] | None:
    """The sentence's best trigger as a deal without fields, and the trigger's offset."""
    triggers = find_triggers(sentence.text, pieces)
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
    return Deal(trigger.kind, status, cue_text), trigger.start


def _in_brackets(text: str, trigger: Trigger) -> int:
    before = text[: trigger.start]
    return int(before.count("(") > before.count(")"))


def _salience(deal: Deal, sentence: Sentence) -> float:
    score = 100.0 if sentence.field == "title" else max(0.0, 12.0 - sentence.index)
    score += 10 * _STATUS_RANK[deal.status] + _KIND_RANK[deal.kind]
    score += 4 if fields.has_figure(sentence.text) else 0
    score += 3 if subject.names_smartcity(sentence.text) else 0
    score -= 15 if sentence.field == "body" and is_side_note(sentence.text) else 0
    return score - sentence.index * 0.01


def _complete_main(
    deal: Deal,
    sentence: Sentence,
    sentences: list[Sentence],
    published: date | datetime | None,
    dated: bool,
) -> Deal:
    """A headline deal takes missing fields (and a missing status) from the body's lead."""
    lead = _lead_of_kind(deal, sentence, sentences, dated)
    if lead is not None:
        # A title read as none by a cue of its own (전략, 목표, 무산) keeps it; a headline
        # without a tense (…와 MOU, 협약 체결) takes the tense of the lead's verb.
        if (deal.status == "none" and not deal.status_cue and lead.status != "none") or (
            _tenseless(deal, sentence.text)
            and lead.status in ("scheduled", "planned", "background")
        ):
            deal = replace(deal, status=lead.status, status_cue=lead.status_cue)
        deal = fields.merge(deal, lead)
    when = _dated(deal, sentence, published)
    return replace(deal, on=when) if when else deal


def _kind_from_lead(deal: Deal, sentence: Sentence, at: int, lead: tuple[Sentence, ...]) -> Deal:
    """An English headline's `deal` (`Busan, Tallinn ink smart city deal`) names no kind: a
    lead that reports an MOU (`inked a memorandum of understanding`) and no contract does."""
    if (
        sentence.field != "title"
        or deal.kind != "export"
        or not _GENERIC_DEAL.match(sentence.text, at)
    ):
        return deal
    kinds = {
        t.kind
        for s in lead
        for t in find_triggers(s.text)
        if not _GENERIC_DEAL.match(s.text, t.start)
    }
    return replace(deal, kind="mou") if kinds == {"mou"} else deal


def _tenseless(deal: Deal, title: str) -> bool:
    """A headline read as done only by its noun (`…와 MOU`, `협약 체결`): no verb, no tense."""
    if deal.status != "done" or not deal.status_cue:
        return False
    found = find_triggers(deal.status_cue)
    whole = len(found) == 1 and found[0].end - found[0].start == len(deal.status_cue)
    return whole and headline_tense_from_noun(title, deal.status_cue)


def _lead_of_kind(
    deal: Deal, sentence: Sentence, sentences: list[Sentence], dated: bool
) -> Deal | None:
    if sentence.field != "title":
        return None
    for other in sentences[1:6]:
        if any(t.kind == deal.kind for t in find_triggers(other.text)):
            found = _sentence_deal(other, dated, None)
            if found is not None and found[0].kind == deal.kind:
                return fields.fill(found[0], other, found[1])
    return None


def _dated(deal: Deal, sentence: Sentence, published: date | datetime | None) -> date | None:
    text = deal.sentences.get("status", sentence.text)
    match = DATE_CUE.search(text)
    return fields.parse_day(match.group(), published) if match and published else None
