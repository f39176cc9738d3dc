"""The golden file itself must agree with the demo's data and pages, independent of extraction:
every expected sentence is in its story, every boilerplate string is really on the page and
really outside the story, and the default rules fire exactly as the file says.
"""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest
from support.golden_demo import EXPECTED, case_id

from scwatch.core.rules import DEFAULT_ALIASES, DEFAULT_RULES, compile_rules
from scwatch.demo.web.render import build_site
from scwatch.demo.web.stories import Story, load_stories

STORIES: dict[str, Story] = {story.key: story for story in load_stories()}
SITE = build_site("http://127.0.0.1:1")


def test_golden_file_covers_every_article_page_once() -> None:
    assert sorted(case["path"] for case in EXPECTED) == sorted(page.path for page in SITE.pages)


@pytest.mark.parametrize("case", EXPECTED, ids=case_id)
def test_expectations_match_the_story(case: dict[str, Any]) -> None:
    story = STORIES[case["story"]]
    assert case["title"] == story.title
    assert case["author"] == story.reporter
    assert 2 <= len(case["must_contain"]) <= 3
    for sentence in case["must_contain"]:
        assert sentence in story.body
    for boilerplate in case["must_not_contain"]:
        assert boilerplate not in story.body


@pytest.mark.parametrize("case", EXPECTED, ids=case_id)
def test_boilerplate_is_really_on_the_page(case: dict[str, Any]) -> None:
    body = SITE.resources[case["path"]].body.decode(case["encoding"])
    page_text = lxml.html.fromstring(body).text_content()
    missing = [text for text in case["must_not_contain"] if text not in page_text]
    assert not missing


@pytest.mark.parametrize("case", EXPECTED, ids=case_id)
def test_default_rules_fire_as_documented(case: dict[str, Any]) -> None:
    story = STORIES[case["story"]]
    ruleset = compile_rules(DEFAULT_RULES, DEFAULT_ALIASES)
    fired = {match.rule for match in ruleset.match(story.title, story.body)}
    assert fired == set(case["rules"])
