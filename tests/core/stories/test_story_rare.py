"""The rare-words signal: rare Hangul 3-grams, their compact form and the rewrite they make."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from scwatch.core.stories import decide, facts_of
from scwatch.core.stories.codec import (
    facts_from_json,
    facts_json,
    state_from_json,
    state_json,
    state_of,
)
from scwatch.core.stories.models import EventSignature
from scwatch.core.stories.rare import (
    gram_counts,
    pack_grams,
    rare_grams,
    rarity,
    unpack_grams,
)

T0 = datetime(2025, 3, 2, tzinfo=UTC)
ORIGINAL = (
    "부산 에코델타 스마트시티 첫 입주…3천120가구 순차 입주",
    "부산 에코델타 스마트시티 시범단지에 첫 입주민이 들어왔다. 로봇 택배와 수요응답형 버스가 "
    "입주 첫날부터 운행을 시작했다.",
)
REWRITE = (
    "로봇 택배는 오는데 버스는 안 온다…에코델타 첫 입주민 '기대 반 걱정 반'",
    "부산 에코델타 스마트시티 첫 입주민들은 로봇 택배와 수요응답형 버스에 기대를 보이면서도 "
    "대중교통 부족을 걱정했다.",
)


def sig(parties: set[str], places: set[str] = frozenset()) -> EventSignature:  # type: ignore[assignment]
    return EventSignature(None, None, frozenset(parties), frozenset(places), frozenset(),
                          frozenset(), None)  # fmt: skip


def test_common_news_grams_are_left_out_and_grams_pack_compactly() -> None:
    assert rare_grams("국토교통부", "") == rare_grams("스마트시티", "") == frozenset()
    assert len(rare_grams("국토교통부는 밝혔다", "")) == 3  # 통부는, 부는밝, 는밝혔
    grams = rare_grams(*ORIGINAL)
    assert grams and unpack_grams(pack_grams(grams)) == grams
    assert unpack_grams("") == frozenset()


def test_a_gram_weighs_one_over_the_stories_holding_it() -> None:
    mine = frozenset({1, 2, 3})
    counts = gram_counts([frozenset({1, 2}), frozenset({1})], mine)
    assert rarity(mine, frozenset({1, 2}), counts) == 1.5


def test_rare_words_and_a_shared_city_make_a_rewrite_a_foreign_venue_does_not() -> None:
    first = facts_of(*ORIGINAL, T0)
    second = facts_of(*REWRITE, T0)
    assert len(first.rare_grams & second.rare_grams) >= 8
    story = state_of([(replace(first, signature=sig({"부산"})), T0)])
    assert state_from_json(state_json(story)) == story
    assert facts_from_json(facts_json(first)).rare_grams == first.rare_grams
    # No title or text overlap left: the rare words alone decide.
    words_only = replace(story.facts(1), title_grams=frozenset(), minhashes=())
    city = decide(replace(second, signature=sig({"부산"})), [words_only], T0)
    assert city.story_id == 1 and city.join == "rewrite"
    venue_story = replace(words_only, signature=sig({"lh"}, {"스페인"}))
    venue = replace(second, signature=sig({"k-water"}, {"스페인"}))
    assert decide(venue, [venue_story], T0).story_id is None
