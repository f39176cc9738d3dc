"""Stories: give each new article its story inside the ingest transaction, and the hand
fixes `merge_stories` and `split_article`.

insert_article calls assign_story (its `place` hook) right after inserting the new
article, before any story of its own exists; assign_story looks up the candidate stories
(LSH band rows for copies, event keys for rewrites) in one query, asks the pure decision
(scwatch.core.stories.decide) and either starts the article's story or points the article
at the chosen one. (Called after a plain insert_article, it finds the one-article story
made there and keeps or drops it.) The story's state JSON carries everything the decision
and the original's rank need, so no member is read back. Hand fixes are never undone: ingest only
ever places the new article, and a merged-away story's rows point at the kept one.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import datetime, timedelta

from scwatch.core.errors import QueryError
from scwatch.core.records import ClusterRecord
from scwatch.core.stories.candidates import search_window
from scwatch.core.stories.codec import (
    Rank,
    StoryState,
    facts_from_json,
    facts_json,
    grown,
    state_from_json,
    state_json,
    state_of,
)
from scwatch.core.stories.decide import decide, is_frozen
from scwatch.core.stories.models import ArticleFacts, StoryDecision
from scwatch.core.stories.original import original_rank
from scwatch.core.stories.signature import story_keys
from scwatch.storage import Connection
from scwatch.storage import stories as store

PARSED_STATES = 1024  # a few days of live stories; a grown story has another text


def assign_story(
    conn: Connection,
    article_id: int,
    facts: ArticleFacts,
    first_seen_at: datetime,
    window_days: int = 14,
) -> StoryDecision:
    """Put the just-inserted article into its story (made here when it starts one, unless
    insert_article made it already); the decision carries the story id."""
    store.lock_stories(conn)
    at = facts.published_at or first_seen_at
    window = timedelta(days=window_days)
    own, records = _candidates(conn, article_id, facts, search_window(at, window))
    states = {s.id: _parsed(s.signature) for s in records if s.signature is not None}
    candidates = [
        state.facts(sid, frozen=is_frozen(state.start, at, window)) for sid, state in states.items()
    ]
    decision = decide(facts, candidates, first_seen_at, window)
    store.insert_facts(conn, article_id, facts_json(facts))
    if decision.story_id is None:
        return replace(decision, story_id=_start(conn, own, article_id, facts, at, first_seen_at))
    story = next(r for r in records if r.id == decision.story_id)
    _join(conn, decision, (own, article_id), story, states[story.id], facts, first_seen_at)
    return decision


# Story states by their JSON text: the same live stories come back as candidates article
# after article, and a state is immutable (a grown story has another text). A state this
# process just wrote goes in too, so the story's next candidate read parses nothing.
_STATES: OrderedDict[str, StoryState] = OrderedDict()


def _parsed(text: str) -> StoryState:
    state = _STATES.get(text)
    if state is None:
        state = _remember(text, state_from_json(text))
    else:
        _STATES.move_to_end(text)
    return state


def _written(state: StoryState) -> str:
    """The state's JSON text, remembered as parsed."""
    text = state_json(state)
    _remember(text, state)
    return text


def _remember(text: str, state: StoryState) -> StoryState:
    _STATES[text] = state
    if len(_STATES) > PARSED_STATES:
        _STATES.popitem(last=False)
    return state


def _candidates(
    conn: Connection, article_id: int, facts: ArticleFacts, window: tuple[datetime, datetime]
) -> tuple[int | None, list[ClusterRecord]]:
    """The article's own story (when insert_article made one) and the candidates' records."""
    found = store.candidate_stories(conn, article_id, facts.bands, facts.keys, window)
    own = next((s.id for s in found if s.original_article_id == article_id), None)
    stories = [s for s in found if s.id != own]
    # Rows of a hand-merged story were moved; any left behind lead to the kept story.
    merged = {store.merged_target(conn, s.id) for s in stories if s.merged_into is not None}
    if merged - {s.id for s in stories}:
        stories += store.get_stories(conn, merged - {s.id for s in stories} - {own})
    return own, [s for s in stories if s.signature is not None and s.merged_into is None]


def _start(
    conn: Connection,
    own: int | None,
    article_id: int,
    facts: ArticleFacts,
    at: datetime,
    first_seen_at: datetime,
) -> int:
    """The article's new story: made here (one insert), or insert_article's own updated."""
    state = replace(state_of([(facts, at)]), original=original_rank(facts, first_seen_at))
    if own is None:
        story_id = store.start_story(conn, article_id, first_seen_at, _written(state))
        store.place_article(conn, article_id, story_id, "original", 1.0)
    else:
        story_id = own
        store.update_story(conn, own, signature=state_json(state), last_seen_at=first_seen_at)
        store.set_join(conn, article_id, "original", 1.0)
    store.add_bands(conn, article_id, story_id, facts.bands)
    store.add_keys(conn, story_id, story_keys(state.signature), state.start)
    return story_id


def _join(
    conn: Connection,
    decision: StoryDecision,
    ids: tuple[int | None, int],
    story: ClusterRecord,
    before: StoryState,
    facts: ArticleFacts,
    first_seen_at: datetime,
) -> None:
    own, article_id = ids
    rank = original_rank(facts, first_seen_at)
    first = before.original or _stored_rank(conn, story.original_article_id)
    ranks_before = first is None or rank < first
    join = "original" if ranks_before else decision.join
    store.place_article(conn, article_id, story.id, join, decision.score)
    if own is not None:
        store.delete_story(conn, own)
    store.add_bands(conn, article_id, story.id, facts.bands)
    after = grown(before, facts, facts.published_at or first_seen_at)
    after = replace(after, original=rank if ranks_before else first)
    _grow_keys(conn, story.id, before, after)
    last = max(story.last_seen_at or story.first_seen_at, first_seen_at)
    if ranks_before:
        # The original arrived after a copy of it: it becomes the story's original.
        store.set_join(conn, story.original_article_id, decision.join, decision.score)
    new_original = article_id if ranks_before else None
    store.grow_story(conn, story.id, (_written(after), story.size + 1, last), new_original)


def _grow_keys(conn: Connection, story_id: int, before: StoryState, after: StoryState) -> None:
    if after.start < before.start:
        store.replace_keys(conn, story_id, story_keys(after.signature), after.start)
        return
    new = story_keys(after.signature) - story_keys(before.signature)
    store.add_keys(conn, story_id, sorted(new), after.start)


def _stored_rank(conn: Connection, original_id: int) -> Rank | None:
    """The original's rank read back (a state written before ranks were kept)."""
    stored = store.facts_of_articles(conn, [original_id]).get(original_id)
    if stored is None:
        return None
    return original_rank(facts_from_json(stored), store.get_story_article_seen(conn, original_id))


def merge_stories(conn: Connection, keep_id: int, other_id: int) -> None:
    """Every article of `other_id` into `keep_id`, by hand; `other_id` is marked merged."""
    store.lock_stories(conn)
    keep, other = store.get_story(conn, keep_id), store.get_story(conn, other_id)
    if keep is None or other is None or keep_id == other_id:
        raise QueryError(f"cannot merge story {other_id} into story {keep_id}")
    if keep.merged_into is not None or other.merged_into is not None:
        raise QueryError("a story merged into another cannot be merged again")
    store.move_members(conn, other_id, keep_id, "manual")
    store.replace_keys(conn, other_id, (), keep.first_seen_at)
    store.update_story(conn, other_id, merged_into=keep_id, size=0, signature=None)
    first = min(keep.first_seen_at, other.first_seen_at)
    last = max(x for x in (keep.last_seen_at, other.last_seen_at, first) if x is not None)
    store.update_story(conn, keep_id, first_seen_at=first, last_seen_at=last)
    rebuild_story(conn, keep_id)


def split_article(conn: Connection, article_id: int) -> int:
    """Take one article out of its story into a new story of its own (join "manual")."""
    store.lock_stories(conn)
    old = store.story_of(conn, article_id)
    if old is None:
        raise QueryError(f"no article with id {article_id}")
    seen = store.get_story_article_seen(conn, article_id)
    new = store.new_story(conn, article_id, seen)
    store.set_membership(conn, article_id, new, "manual", None)
    for story_id in (new, old):
        rebuild_story(conn, story_id)
    store.set_join(conn, article_id, "manual", None)
    return new


def rebuild_story(conn: Connection, story_id: int) -> None:
    """Recompute a story's state, original, size and keys from its members (hand fixes)."""
    members = store.member_facts(conn, story_id)
    if not members:
        store.update_story(conn, story_id, size=0, signature=None)
        store.replace_keys(conn, story_id, (), datetime.min)
        return
    known = [(aid, facts_from_json(f), seen) for aid, f, seen in members if f is not None]
    known.sort(key=lambda item: original_rank(item[1], item[2]))
    original = known[0][0] if known else members[0][0]
    store.update_story(conn, story_id, original_article_id=original)
    store.recount_size(conn, story_id)
    if not known:
        return
    state = state_of([(f, f.published_at or seen) for _, f, seen in known])
    state = replace(state, original=original_rank(known[0][1], known[0][2]))
    store.update_story(conn, story_id, signature=state_json(state))
    store.replace_keys(conn, story_id, story_keys(state.signature), state.start)
