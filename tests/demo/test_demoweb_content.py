"""What the demo's stories promise: seed facts kept, 001 free of deal words, a wire copy, and
off-topic stories that test precision."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from scwatch.demo.web.render import build_site
from scwatch.demo.web.stories import Story, load_outlets, load_stories, placements

KST = timezone(timedelta(hours=9))
STORIES = {story.key: story for story in load_stories()}
DEAL_WORDS = ("수출", "수주", "MOU", "양해각서", "업무협약")


def text_of(story: Story) -> str:
    return " ".join((story.title, *story.subtitle, story.body))


def test_every_story_has_a_reporter_and_a_timezone_aware_date() -> None:
    for story in STORIES.values():
        assert story.reporter and story.editions, story.key
        for edition in story.editions:
            assert edition.published_at.utcoffset() is not None, story.key


def test_at_least_three_outlets_and_both_crawl_styles_have_articles() -> None:
    outlets = load_outlets()
    pages = placements(list(STORIES.values()), outlets)
    with_articles = {page.outlet.slug for page in pages}
    assert len(with_articles) >= 4
    assert any(outlets[slug].feed for slug in with_articles)
    assert any(outlets[slug].listing and not outlets[slug].feed for slug in with_articles)


@pytest.mark.parametrize(
    ("key", "published", "facts"),
    [
        (
            "seed-000-wscw-2018-results",
            datetime(2018, 10, 9, 11, 0, tzinfo=KST),
            (
                "WSCW 2018",
                "9월 20일",
                "킨텍스",
                "60여개국",
                "2만여명",
                "약 4600억 원",
                "775억원",
                "MOU",
                "필리핀 B사",
                "4500만 달러",
                "171억 5천만 원",
                "26건",
                "8개사",
            ),
        ),
        (
            "seed-001-wscw-2018-opening",
            None,
            (
                "WSCW 2018",
                "18일부터 20일까지",
                "고양 킨텍스",
                "국토교통부",
                "과학기술정보통신부",
                "약 30개국 350여명",
                "오명 전 부총리",
                "ConsenSys",
                "샘 카사트",
                "해외진출",
            ),
        ),
        (
            "seed-002-scewc-2024-seoul",
            None,
            (
                "5일부터 7일까지",
                "바르셀로나",
                "서울디지털재단",
                "강요식",
                "강남·동대문·서초",
                "15곳",
                "84평(276㎡)",
                "407건",
                "315만 달러(약 44억원)",
                "61건",
                "1.4배",
            ),
        ),
        (
            "seed-003-ksmartcity-export-committee",
            None,
            (
                "김경환 1차관",
                "9월 8일",
                "미래창조과학부",
                "산업통상자원부",
                "환경부",
                "LH",
                "한국전력",
                "한국수자원공사",
                "LX",
                "KOTRA",
                "17개국",
                "GICC",
                "49개국 94개 발주기관",
                "136명",
            ),
        ),
        (
            "seed-004-china-smart-city-expo",
            datetime(2016, 7, 27, 11, 0, tzinfo=KST),
            (
                "29일부터 31일까지",
                "북경",
                "2016 China Smarter Cities International Expo",
                "500여 곳",
                "1조 위안(약 182조원)",
                "LH와 중국도시발전센터",
                "스마트도시협회",
                "중국 스마트연맹",
                "양해각서(MOU)",
            ),
        ),
    ],
)
def test_seed_retellings_keep_the_facts(
    key: str, published: datetime | None, facts: tuple[str, ...]
) -> None:
    story = STORIES[key]
    missing = [fact for fact in facts if fact not in text_of(story)]
    assert not missing
    if published is not None:
        assert story.editions[0].published_at == published


def test_seed_002_keeps_its_reporter() -> None:
    assert STORIES["seed-002-scewc-2024-seoul"].reporter == "탁경선"


def test_expo_announcement_carries_no_deal_words() -> None:
    text = text_of(STORIES["seed-001-wscw-2018-opening"])
    assert [word for word in DEAL_WORDS if word in text] == []


def test_deal_stories_carry_their_deal_words() -> None:
    for key in (
        "seed-000-wscw-2018-results",
        "seed-002-scewc-2024-seoul",
        "seed-003-ksmartcity-export-committee",
    ):
        assert "수출" in STORIES[key].body, key
    assert "양해각서(MOU)" in STORIES["seed-004-china-smart-city-expo"].body


def test_wire_story_is_republished_word_for_word_on_another_outlet() -> None:
    site = build_site("http://127.0.0.1:1")
    copies = [page for page in site.pages if page.story.key.startswith("wire-")]
    assert len({page.outlet.slug for page in copies}) == 2
    assert len({page.path for page in copies}) == 2
    first, second = (site.resources[page.path].body.decode(page.outlet.encoding) for page in copies)
    assert first != second  # different templates
    for paragraph in copies[0].story.paragraphs:
        assert paragraph in first and paragraph in second


def test_off_topic_stories_cover_the_precision_cases() -> None:
    off_topic = [story for key, story in STORIES.items() if key.startswith("offtopic-")]
    assert len(off_topic) >= 6
    for story in off_topic:
        assert "스마트시티" not in text_of(story) and "스마트도시" not in text_of(story)
    exports = [story for story in off_topic if "수출" in story.body]
    assert len(exports) >= 2  # smartphone exports and trade statistics
    smart_city_only = [
        story
        for key, story in STORIES.items()
        if key.startswith("smartcity-") and not any(w in text_of(story) for w in DEAL_WORDS)
    ]
    assert smart_city_only
