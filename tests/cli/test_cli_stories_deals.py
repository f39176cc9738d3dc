"""Stories and deals as a user meets them in the demo: search collapsed by story, the story
of a wire copy and its rewrite, the deals table, `explain`, and merge/split by hand."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from support.cli import json_lines, scwatch

WIRE_TITLE = "한국 컨소시엄, 베트남 신도시 스마트시티 사업 2억3천만 달러 수주"
REWRITE_TITLE = "세움건설 컨소시엄, ‘동남 스마트밸리’ 통합운영센터·교통망 따냈다"


def config_of(demo_dir: Path) -> list[str]:
    return ["--config", str(demo_dir / "scwatch.toml")]


def found(demo_dir: Path, *args: str) -> list[dict[str, object]]:
    result = scwatch(*args, "-f", "json", *config_of(demo_dir))
    assert result.returncode in (0, 1), result.stderr
    return json_lines(result.stdout)


def article_id(demo_dir: Path, title: str) -> int:
    rows = found(demo_dir, "search", "스마트밸리", "--expand")
    return next(int(str(row["id"])) for row in rows if row["title"] == title)


def test_wire_story_and_its_rewrite_are_one_story_in_search(demo_dir: Path) -> None:
    collapsed = found(demo_dir, "search", "스마트밸리")
    assert len(collapsed) == 1 and collapsed[0]["copies"] == 1
    expanded = found(demo_dir, "search", "스마트밸리", "--expand")
    assert {row["title"] for row in expanded} == {WIRE_TITLE, REWRITE_TITLE}
    assert len({row["story_id"] for row in expanded}) == 1


def test_show_tells_the_story_with_how_each_copy_joined(demo_dir: Path) -> None:
    rewrite = article_id(demo_dir, REWRITE_TITLE)
    shown = found(demo_dir, "show", str(rewrite))[0]
    story = shown["story"]
    assert isinstance(story, dict)
    joins = {m["title"]: m["story_join"] for m in story["members"]}
    assert joins == {WIRE_TITLE: "original", REWRITE_TITLE: "rewrite"}
    assert len(story["outlets"]) == 3  # the wire outlet, its word-for-word copy, the rewrite
    table = scwatch("show", str(rewrite), *config_of(demo_dir)).stdout
    assert "rewrite" in table and "deal:" in table


def test_one_alert_for_the_wire_story_however_many_outlets(demo_dir: Path) -> None:
    alerts = found(demo_dir, "alerts", "list")
    titles = [row["title"] for row in alerts]
    assert titles.count(WIRE_TITLE) + titles.count(REWRITE_TITLE) == 1


def test_deals_filter_and_export_csv_for_excel(demo_dir: Path) -> None:
    rows = found(demo_dir, "deals", "--deal", "export", "--status", "done", "--country", "베트남")
    assert rows and all(row["status"] == "done" for row in rows)
    assert all(row["kind"] in ("export", "consultation", "pilot") for row in rows)
    assert any(row["amount_currency"] == "USD" for row in rows)
    result = scwatch("deals", "--format", "csv", *config_of(demo_dir))
    assert result.stdout.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert {"kind", "status", "parties", "amount_krw", "line", "story_id"} <= set(table[0])


def test_bad_deal_filter_is_a_usage_error(demo_dir: Path) -> None:
    result = scwatch("deals", "--status", "signed", *config_of(demo_dir))
    assert result.returncode == 2
    assert "signed" in result.stderr and "done" in result.stderr


def test_search_by_deal_keeps_only_articles_reporting_one(demo_dir: Path) -> None:
    everything = {row["title"] for row in found(demo_dir, "search", "스마트시티")}
    results = found(demo_dir, "search", "스마트시티", "--deal", "consultation")
    titles = {row["title"] for row in results}
    assert "서울디지털재단, SCEWC 2024 서울관 수출상담 407건·315만 달러" in titles
    assert "가온시, ‘스마트 횡단보도’ 30곳으로 확대…보행자 사고 절반 줄어" in everything - titles


def test_explain_says_why_an_announcement_did_not_alert(demo_dir: Path) -> None:
    opening = next(
        row for row in found(demo_dir, "search", "WSCW") if "개막" in str(row["title"])
    )
    why = found(demo_dir, "explain", str(opening["id"]))[0]
    rules = why["rules"]
    assert isinstance(rules, list) and not any(rule["fired"] for rule in rules)
    rewrite = article_id(demo_dir, REWRITE_TITLE)
    fired = found(demo_dir, "explain", str(rewrite))[0]
    deals = fired["deals"]
    assert isinstance(deals, list) and deals[0]["status"] == "done" and deals[0]["status_cue"]
    assert any(rule["fired"] for rule in fired["rules"])  # type: ignore[union-attr]


@pytest.fixture
def own_demo(demo_dir: Path, tmp_path: Path) -> Path:
    """A copy of the demo folder this test may write to."""
    copy = tmp_path / "demo"
    shutil.copytree(demo_dir, copy)
    text = (copy / "scwatch.toml").read_text(encoding="utf-8")
    (copy / "scwatch.toml").write_text(
        text.replace(str(demo_dir), str(copy)), encoding="utf-8"
    )
    return copy


def test_split_and_merge_by_hand(own_demo: Path) -> None:
    rewrite = article_id(own_demo, REWRITE_TITLE)
    wire_story = found(own_demo, "show", str(rewrite))[0]["story_id"]
    split = found(own_demo, "stories", "split", str(rewrite))[0]
    assert split["story_id"] != wire_story
    assert [m["story_join"] for m in split["members"]] == ["manual"]
    merged = found(own_demo, "stories", "merge", str(wire_story), str(split["story_id"]))[0]
    assert {m["title"] for m in merged["members"]} == {WIRE_TITLE, REWRITE_TITLE}
    collapsed = found(own_demo, "search", "스마트밸리")
    assert len(collapsed) == 1 and collapsed[0]["story_id"] == wire_story
