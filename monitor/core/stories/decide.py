"""Which story an article joins: a copy, a rewrite of the same event, or a new story. Pure.

The rule (docs/stories.md gives the measurements that chose the numbers):

1. Only stories inside the window count: the article's time (published, else first seen)
   within WINDOW of the story's first article, and the story not frozen.
2. copy: the MinHash Jaccard estimate against any kept member signature >= COPY_JACCARD,
   and no veto (below).
3. rewrite: no veto (strong status cues planned against done; stated amounts none within
   AMOUNT_TOLERANCE, AMOUNT_TOLERANCE_ENGLISH across languages; both titles name parties
   and none is shared; foreign places or areas on both sides and none shared; both titles
   name foreign countries and one side's are absent from the other side's places;
   different named events; both titles name rounds or phases in one of ROUND_UNITS and
   none agrees; titles reporting other kinds of event (genre.py: a follow-up against the
   deal, an MOU against the contract); headlines naming two parties, one shared and the
   other not (counterparts.py); event days DAY_GAP or more apart; counts in one of
   SCALE_UNITS that disagree; an announced day that had passed (PLAN_MARGIN) when the
   article appeared, or when the story began), a shared party or place (two shared names
   or amounts across languages, a city and its country counted once), and the evidence
   score >= REWRITE_SCORE (REWRITE_SCORE_ENGLISH between an English version and a Korean
   story); or, whatever the score, shared rare words
   (rare.py) weighing >= RARE_MIN and one shared party, count, date or event day (which
   then stands in for the shared party or place). The best story is the one with the
   highest uncapped score.
4. Otherwise a new story: join "original".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from scwatch.core.deals.gazetteer import CITY_COUNTRY
from scwatch.core.stories.areas import areas_differ
from scwatch.core.stories.counterparts import pairs_clash
from scwatch.core.stories.days import days_apart
from scwatch.core.stories.genre import genres_clash
from scwatch.core.stories.minhash import jaccard
from scwatch.core.stories.models import ArticleFacts, EventSignature, StoryDecision, StoryFacts
from scwatch.core.stories.rare import gram_counts, rarity
from scwatch.core.stories.romanise import romanised, shared_latin

WINDOW = timedelta(days=14)
COPY_JACCARD = 0.5
REWRITE_SCORE = 0.6
REWRITE_SCORE_ENGLISH = 0.3  # and at least two shared names or amounts
AMOUNT_TOLERANCE = 0.03
# An English version converts a won figure to dollars (or back) at a rate of its own day:
# "US$230 mln" against 3,200억 is 3 % off at one rate, 4 % at another (docs/stories.md).
AMOUNT_TOLERANCE_ENGLISH = 0.06
# Units of an event's scale that one event states one way (1,200가구 against 1,080가구:
# two move-ins); "개" and "건" count anything and are left out (docs/stories.md).
SCALE_UNITS = ("가구", "세대", "개국", "km")
ROUND_UNITS = ("차", "단계", "회")  # a programme's round, a project's phase ("1차", "2단계")
DAY_GAP = 2  # event days this far apart (days.py) veto: one day covers time zones
W_CONFLICT = 0.25
STATUS_CUES = "cue"
_STATUS = {"planned": "planned", "scheduled": "planned", "done": "done"}
# Evidence weights (score = sum, capped at 1); see docs/stories.md "Decision rule".
W_PARTY, W_PLACE, W_AMOUNT, W_NUMBER, W_EVENT = 0.25, 0.15, 0.35, 0.1, 0.2
W_TITLE, W_TEXT = 0.8, 2.0
# Shared rare grams (rare.py, each weighing 1 / the candidate stories holding it) that
# make a rewrite, whatever the score, with one shared party (a body, a Korean city), count
# or date; a shared foreign place is not enough (look-alikes at one expo share the venue).
RARE_MIN = 8.0
# A shared event day (days.py, within DAY_GAP): "지난 3일", "3일" and "Dec. 3" are one day;
# it adds to the score and, like a shared count or date, anchors the rare words (round seven).
W_DAY = 0.1
# An announced signing counts as passed when the article appears more than this many days
# after the announced day (a visit "18일부터" is still going on the 19th).
PLAN_MARGIN = 1


@dataclass(frozen=True)
class Evidence:
    score: float
    veto: str | None
    shared: tuple[str, ...]
    raw: float = 0.0  # the score before the cap
    rare: float = 0.0  # shared rare grams, weighted


def in_window(story: StoryFacts, at: datetime, window: timedelta = WINDOW) -> bool:
    """Whether a story still takes members at `at`: not frozen, within its window."""
    return not story.frozen and abs(at - story.first_seen_at) <= window


def is_frozen(first_seen_at: datetime, now: datetime, window: timedelta = WINDOW) -> bool:
    """A story is frozen once its window has passed: its membership is final."""
    return now - first_seen_at > window


def decide(
    facts: ArticleFacts,
    candidates: Sequence[StoryFacts],
    now: datetime,
    window: timedelta = WINDOW,
) -> StoryDecision:
    """The story `facts` joins among `candidates`; `now` stands in for an unknown publish
    time."""
    at = facts.published_at or now
    live = [story for story in candidates if in_window(story, at, window)]
    # A veto rules a story out for both joins; it is checked once, and the text similarity
    # measured once, for the stories it leaves open.
    allowed = [s for s in live if not _veto(facts.signature, s.signature)]
    allowed = [s for s in allowed if not _plan_passed(facts, s)]
    texts = {s.story_id: _text_similarity(facts, s) for s in allowed}
    copy = _best_copy(allowed, texts)
    if copy is not None:
        return copy
    rewrite = _best_rewrite(facts, live, allowed, texts)
    if rewrite is not None:
        return rewrite
    return StoryDecision(None, "original", 1.0, "new story")


def _text_similarity(facts: ArticleFacts, story: StoryFacts) -> float:
    """The MinHash Jaccard estimate against the closest kept member."""
    return max((jaccard(facts.minhash, m) for m in story.minhashes), default=0.0)


def _best_copy(stories: Sequence[StoryFacts], texts: dict[int, float]) -> StoryDecision | None:
    """The closest text among the stories no veto rules out: near-identical text with other
    figures or another status is another event (a template release, an announcement
    reworded after the signing)."""
    best: tuple[float, int] | None = None
    for story in stories:
        score = texts[story.story_id]
        if score >= COPY_JACCARD and (best is None or score > best[0]):
            best = (score, story.story_id)
    if best is None:
        return None
    return StoryDecision(best[1], "copy", best[0], f"copy: jaccard {best[0]:.2f}")


def _best_rewrite(
    facts: ArticleFacts,
    live: Sequence[StoryFacts],
    stories: Sequence[StoryFacts],
    texts: dict[int, float],
) -> StoryDecision | None:
    """The strongest evidence among `stories` (no veto); rare grams weigh by `live`."""
    if not stories:
        return None
    best: tuple[float, int, Evidence] | None = None
    counts = gram_counts((story.rare_grams for story in live), facts.rare_grams)
    for story in stories:
        found = evidence(facts, story, counts, texts[story.story_id])
        if found.veto or not _passes(found, facts.signature, story.signature):
            continue
        if best is None or found.raw > best[0]:  # uncapped: the strongest of two 1.0s
            best = (found.raw, story.story_id, found)
    if best is None:
        return None
    reason = "rewrite: " + "+".join(best[2].shared[:6])
    return StoryDecision(best[1], "rewrite", round(best[2].score, 3), reason)


def _passes(found: Evidence, mine: EventSignature, theirs: EventSignature) -> bool:
    """Enough evidence, or enough rare words and one shared party, count or date."""
    if found.score >= _threshold(mine, theirs):
        return True
    anchored = bool(mine.parties & theirs.parties or mine.numbers & theirs.numbers)
    anchored = anchored or _same_day(mine, theirs)
    return anchored and found.rare >= RARE_MIN


def _threshold(mine: EventSignature, theirs: EventSignature) -> float:
    """An English version shares no words with a Korean story: names and figures only."""
    return REWRITE_SCORE_ENGLISH if mine.english != theirs.english else REWRITE_SCORE


def evidence(
    facts: ArticleFacts,
    story: StoryFacts,
    counts: Counter[int] | None = None,
    text: float | None = None,
) -> Evidence:
    """How strongly `facts` reports the event of `story`, and what forbids it; `counts`:
    how many candidate stories hold each of the article's rare grams; `text`: the MinHash
    Jaccard estimate when already measured."""
    mine, theirs = facts.signature, story.signature
    veto = _veto(mine, theirs) or ("planned day passed" if _plan_passed(facts, story) else None)
    parties = mine.parties & theirs.parties
    if mine.english != theirs.english:  # "Gyeonggi province" is 경기도 (romanise.py)
        parties = parties | shared_latin(mine.latin, theirs.latin)
    places = mine.places & theirs.places
    amounts = shared_amounts(mine.amounts, theirs.amounts, _tolerance(mine, theirs))
    numbers = mine.numbers & theirs.numbers
    rare = rarity(facts.rare_grams, story.rare_grams, counts or Counter())
    day = _same_day(mine, theirs)
    dated = bool(numbers) or day
    if not parties and not places and not (dated and rare >= RARE_MIN):
        veto = veto or "no shared party or place"
    elif mine.english != theirs.english and _names_across(parties, places) + bool(amounts) < 2:
        veto = veto or "one name only across languages"
    if text is None:
        text = _text_similarity(facts, story)
    raw = (
        W_PARTY * min(len(parties), 2)
        + W_PLACE * min(len(places), 2)
        + W_AMOUNT * bool(amounts)
        + W_NUMBER * min(len(numbers), 2)
        + W_EVENT * (mine.event is not None and mine.event == theirs.event)
        + W_DAY * day
        + W_TITLE * title_overlap(facts.title_grams, story.title_grams)
        + W_TEXT * text
        - W_CONFLICT * _soft_conflicts(mine, theirs)
    )
    shared = tuple(sorted(parties | places)) + tuple(str(a) for a in sorted(amounts))
    return Evidence(min(raw, 1.0), veto, shared, raw, rare)


def _names_across(parties: frozenset[str], places: frozenset[str]) -> int:
    """Shared names across languages, each fact once: a city and its country are one place
    (방콕, 태국), a city hall's romanised name is that place again ("bangkok" for 방콕시),
    so two look-alikes in one city never meet on the city alone."""
    spelled = {romanised(place) for place in places}
    return len(parties - spelled) + len({CITY_COUNTRY.get(p, p) for p in places})


def _status_against(mine: EventSignature, theirs: EventSignature) -> bool:
    statuses = {_STATUS.get(s.cue or s.status or "") for s in (mine, theirs)}
    return statuses == {"planned", "done"}


def _status_clash(mine: EventSignature, theirs: EventSignature) -> bool:
    """Planned against done, with a strong cue on at least one side (STATUS_CUES: "cue"
    both sides; "either" a cue against the other's deal status)."""
    if not (mine.cue or theirs.cue):
        return False
    if STATUS_CUES == "cue" and not (mine.cue and theirs.cue):
        return False
    return _status_against(mine, theirs)


def _plan_passed(facts: ArticleFacts, story: StoryFacts) -> bool:
    """The story announced a signing (cue planned) on days that had passed when the
    article appeared, and the article does not announce it: it reports what followed. And
    the other way round (arrival out of order): the article announces days that had passed
    when the story's first member appeared, and the story announces nothing."""
    mine, theirs = facts.signature, story.signature
    if theirs.cue == "planned" and mine.cue != "planned" and theirs.days:
        if facts.published_at is None:
            return False
        return facts.published_at.date().toordinal() > max(theirs.days) + PLAN_MARGIN
    if mine.cue == "planned" and theirs.cue != "planned" and mine.days:
        return story.first_seen_at.date().toordinal() > max(mine.days) + PLAN_MARGIN
    return False


def _titled_apart(mine: EventSignature, theirs: EventSignature) -> bool:
    """Both titles name foreign countries (a city counts as its country), and one side's
    are nowhere in the other side's places: two deals of one city at one expo share the
    venue in the text, the titles name the counterparts (대전시, 폴란드 브로츠와프 / 스페인
    발렌시아); a title naming the venue still finds it in the other side's text."""
    if not (mine.titled and theirs.titled):
        return False
    return not mine.titled & _countries(theirs.places) or not theirs.titled & _countries(
        mine.places
    )


def _rounds_differ(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both titles name a round or phase in one unit ("1차" against "2차": the results of
    one round and the call of the next) and no value agrees."""
    for unit in ROUND_UNITS:
        ours = {r for r in mine if r.endswith(unit)}
        others = {r for r in theirs if r.endswith(unit)}
        if ours and others and not ours & others:
            return True
    return False


def _same_day(mine: EventSignature, theirs: EventSignature) -> bool:
    """Both state event days and one lies within a day of the other's."""
    return bool(mine.days and theirs.days) and days_apart(mine.days, theirs.days) < DAY_GAP


def _countries(places: frozenset[str]) -> frozenset[str]:
    return places | {CITY_COUNTRY.get(place, place) for place in places}


def _counts_contradict(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both state the event's scale in one unit (SCALE_UNITS) and no value agrees."""
    for unit in SCALE_UNITS:
        ours = {n for n in mine if n.endswith(unit) and n[: -len(unit)].isdigit()}
        others = {n for n in theirs if n.endswith(unit) and n[: -len(unit)].isdigit()}
        if ours and others and not ours & others:
            return True
    return False


def _soft_conflicts(mine: EventSignature, theirs: EventSignature) -> int:
    """A weak sign of another event, too noisy to veto on: one side names foreign places,
    the other none (a domestic award against a deal abroad)."""
    return int(bool(mine.places) != bool(theirs.places))


def shared_amounts(
    mine: frozenset[int], theirs: frozenset[int], tolerance: float = AMOUNT_TOLERANCE
) -> frozenset[int]:
    """My amounts that one of theirs matches within `tolerance` (another day's exchange
    rate, "5,600억" against "5천700억")."""
    return frozenset(a for a in mine if any(abs(a - b) <= tolerance * max(a, b) for b in theirs))


def _amounts_agree(mine: EventSignature, theirs: EventSignature) -> bool:
    """Whether one of my amounts matches one of theirs (shared_amounts, without the set)."""
    tolerance = _tolerance(mine, theirs)
    for a in mine.amounts:
        for b in theirs.amounts:
            if abs(a - b) <= tolerance * (a if a > b else b):
                return True
    return False


def _tolerance(mine: EventSignature, theirs: EventSignature) -> float:
    return AMOUNT_TOLERANCE_ENGLISH if mine.english != theirs.english else AMOUNT_TOLERANCE


def _veto(mine: EventSignature, theirs: EventSignature) -> str | None:
    # Announced and then signed: two events, however alike the texts; only when both
    # titles (or first sentences) say so, the deal status is too noisy to split on.
    if _status_clash(mine, theirs):
        return f"status {mine.cue or mine.status} vs {theirs.cue or theirs.status}"
    if mine.amounts and theirs.amounts and not _amounts_agree(mine, theirs):
        return "different amounts"
    # An English title spells a Korean company its own way ("Seoun E&C", 세운이앤씨).
    same_language = mine.english == theirs.english
    if same_language and mine.named and theirs.named and not mine.parties & theirs.parties:
        return "different parties"
    if (
        mine.pairs
        and theirs.pairs
        and pairs_clash(mine.pairs, theirs.pairs, mine.aliases | theirs.aliases)
    ):
        return "different counterparts"
    if _rounds_differ(mine.rounds, theirs.rounds):
        return "different rounds"
    if genres_clash(mine.genres, mine.genres_all, theirs.genres, theirs.genres_all):
        return "different kinds of event"
    if mine.places and theirs.places and not mine.places & theirs.places:
        return "different foreign places"
    if same_language and _titled_apart(mine, theirs):
        return "a title's country absent from the other side"
    if areas_differ(mine.areas, theirs.areas):
        return "different foreign areas"
    if mine.event and theirs.event and mine.event != theirs.event:
        return "different events"
    if _counts_contradict(mine.numbers, theirs.numbers):
        return "different counts"
    # The same parties a few days later: another event (an MOU, then a study's kick-off).
    if mine.days and theirs.days and days_apart(mine.days, theirs.days) >= DAY_GAP:
        return "different days"
    return None


# Bigrams of words every smart-city headline has ("스마트시티 협력 사업 수주"): they make
# any two titles look alike, so the title overlap counts the rest.
_COMMON = (
    "스마 마트 트시 시티 도시 협력 사업 수주 국토 토부 협약 선정 체결 기업 실증 한국 억원"
    " 교통 추진 개발 지원 계약 수출 으로 는다 만에 년만 만달 달러 신도 국형 데이 이터 디지"
    " 지털 플랫 랫폼 시스 스템 업무 양해 해각 각서 mo ou"
)
COMMON_BIGRAMS = frozenset(_COMMON.split(" "))


def title_overlap(mine: frozenset[str], theirs: frozenset[str]) -> float:
    """Share of the article's title bigrams found in the story's titles."""
    mine = mine - COMMON_BIGRAMS
    if not mine:
        return 0.0
    return len(mine & theirs) / len(mine)
