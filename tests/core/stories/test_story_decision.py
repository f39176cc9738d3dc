"""Unit checks of the story parts: shingles, MinHash, bands, datelines, the decision."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scwatch.core.stories import decide, facts_of, is_frozen
from scwatch.core.stories.codec import (
    facts_from_json,
    facts_json,
    state_from_json,
    state_json,
    state_of,
)
from scwatch.core.stories.dateline import wire_of, without_dateline
from scwatch.core.stories.minhash import BANDS, bands, jaccard, minhash, shingles, text_minhash
from scwatch.core.stories.models import EventSignature

T0 = datetime(2025, 2, 24, tzinfo=UTC)
BODY = (
    "한국수자원공사(K-water)는 우즈베키스탄 타슈켄트주와 스마트 물관리 협력 양해각서를 "
    "체결했다고 밝혔다. 양측은 원격검침 시범사업을 함께 추진하고 누수 저감 기술을 공유한다."
)


def test_shingles_ignore_spacing_width_and_case() -> None:
    assert shingles("스마트 시티 ＬＨ") == shingles("스마트시티lh")
    assert shingles("가나") == {"가나"} and shingles("") == set()


def test_minhash_estimates_jaccard_and_bands_fit_a_signed_bigint() -> None:
    a, b = shingles(BODY), shingles(BODY.replace("밝혔다", "전했다"))
    true = len(a & b) / len(a | b)
    assert abs(jaccard(minhash(a), minhash(b)) - true) < 0.15
    assert jaccard(text_minhash(BODY), text_minhash("전혀 다른 날씨 기사 내용입니다")) < 0.2
    rows = bands(text_minhash(BODY))
    assert len(rows) == BANDS and all(0 <= bucket < 2**63 for _, bucket in rows)
    assert bands(minhash(set())) == ()


def test_wire_datelines() -> None:
    assert wire_of("(서울=연합뉴스) 김기자 = 국토부는") == "연합뉴스"
    assert wire_of("[세종=뉴시스]이기자 = ") == "뉴시스"
    assert wire_of("(서울·세종=뉴스1) 박기자") == "뉴스1"
    assert wire_of("국토부는 연합뉴스에 따르면") is None
    assert "서울" not in without_dateline("(서울=연합뉴스) 국토부는")


def test_copy_joins_and_facts_round_trip_through_json() -> None:
    first = facts_of("K-water 타슈켄트 협약", BODY, T0)
    copy = facts_of("K-water 타슈켄트주와 협약", BODY + " 끝.", T0 + timedelta(hours=1))
    story = state_of([(first, T0)]).facts(7)
    decision = decide(copy, [story], T0)
    assert decision.story_id == 7 and decision.join == "copy" and decision.score >= 0.5
    assert facts_from_json(facts_json(copy)) == copy
    assert state_from_json(state_json(state_of([(first, T0)]))).facts(7) == story


def test_outside_the_window_a_copy_starts_a_new_story() -> None:
    first = facts_of("K-water 타슈켄트 협약", BODY, T0)
    late = facts_of("K-water 타슈켄트 협약", BODY, T0 + timedelta(days=15))
    story = state_of([(first, T0)]).facts(7)
    assert decide(late, [story], T0).story_id is None
    assert is_frozen(T0, T0 + timedelta(days=15)) and not is_frozen(T0, T0 + timedelta(days=3))


def signature(
    status: str | None, places: set[str], amounts: set[int], cue: str | None = "same"
) -> EventSignature:
    """A K-water signature; the strong cue follows the deal status unless given."""
    return EventSignature(
        "mou", status, frozenset({"k-water"}), frozenset(places), frozenset(amounts),
        frozenset(), None, cue=status if cue == "same" else cue,
    )  # fmt: skip


def test_look_alikes_announcement_and_signing_stay_apart() -> None:
    base = facts_of("K-water 타슈켄트 협약", BODY, T0)
    planned = replace(base, signature=signature("planned", {"타슈켄트"}, set()))
    done = replace(base, signature=signature("done", {"타슈켄트"}, set()))
    story = replace(state_of([(planned, T0)]).facts(1))
    decision = decide(done, [story], T0)
    assert decision.story_id is None and decision.join == "original"


def test_a_deal_status_without_a_strong_cue_does_not_split() -> None:
    base = facts_of("K-water 타슈켄트 협약", BODY, T0)
    planned = replace(base, signature=signature("planned", {"타슈켄트"}, set(), cue=None))
    done = replace(base, signature=signature("done", {"타슈켄트"}, set(), cue="done"))
    story = state_of([(planned, T0)]).facts(1)
    assert decide(done, [story], T0).story_id == 1


def test_amounts_agree_within_the_tolerance_only() -> None:
    base = facts_of("K-water 타슈켄트 협약", BODY, T0)
    story = state_of(
        [(replace(base, signature=signature("done", {"타슈켄트"}, {560 * 10**9})), T0)]
    )
    near = replace(base, signature=signature("done", {"타슈켄트"}, {570 * 10**9}))
    far = replace(base, signature=signature("done", {"타슈켄트"}, {600 * 10**9}))
    assert decide(near, [story.facts(1)], T0).story_id == 1
    assert decide(far, [story.facts(1)], T0).story_id is None


def test_look_alikes_other_place_or_other_amount_stay_apart_but_a_rewrite_joins() -> None:
    base = facts_of("K-water 타슈켄트 협약", BODY, T0)
    other_text = facts_of("수자원공사, 중앙아시아 진출", "물관리 협력을 넓힌다.", T0)
    story = state_of([(replace(base, signature=signature("done", {"타슈켄트"}, {10**10})), T0)])
    elsewhere = replace(other_text, signature=signature("done", {"알마티"}, {10**10}))
    cheaper = replace(other_text, signature=signature("done", {"타슈켄트"}, {5 * 10**9}))
    same = replace(other_text, signature=signature("done", {"타슈켄트"}, {10**10}))
    assert decide(elsewhere, [story.facts(1)], T0).story_id is None
    assert decide(cheaper, [story.facts(1)], T0).story_id is None
    rewrite = decide(same, [story.facts(1)], T0)
    assert rewrite.story_id == 1 and rewrite.join == "rewrite"


def test_a_state_written_before_ranks_and_packed_grams_still_reads() -> None:
    first = facts_of("K-water 타슈켄트 협약", BODY, T0)
    state = state_of([(first, T0)])
    legacy = json.loads(state_json(state))
    legacy["title_grams"] = sorted(state.title_grams)
    del legacy["original"]
    assert state_from_json(json.dumps(legacy)) == state
