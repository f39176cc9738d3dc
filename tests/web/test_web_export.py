"""The search page's downloads: the articles a search finds as CSV that Excel opens with
Korean intact, XLSX, or JSON Lines, with story, rule and deal columns."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from support.web import TestClient


def test_search_page_links_its_downloads(demo_client: TestClient) -> None:
    page = demo_client.get("/search", params={"q": "스마트시티", "kind": "export"})
    assert 'id="downloads"' in page.text
    assert "/search/export.xlsx?q=%EC%8A%A4" in page.text and "kind=export" in page.text


def test_csv_download_has_a_bom_and_the_story_rule_and_deal_columns(
    demo_client: TestClient,
) -> None:
    answer = demo_client.get("/search/export.csv", params={"q": "스마트시티 수출"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert 'filename="scwatch-search.csv"' in answer.headers["content-disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows and all("스마트시티" in row["title"] + row["body"] for row in rows)
    assert any(row["rules"] == "smart-city export" and row["deal_kind"] for row in rows)
    assert any(int(row["story_size"]) >= 2 for row in rows)


def test_xlsx_and_json_lines_downloads_follow_the_filters(demo_client: TestClient) -> None:
    params = {"q": "수출", "kind": "export", "status": "done"}
    answer = demo_client.get("/search/export.xlsx", params=params)
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    kinds = {dict(zip(header, row, strict=True))["deal_status"] for row in rows}
    assert rows and kinds == {"done"}
    lines = demo_client.get("/search/export.jsonl", params=params).text.splitlines()
    assert len(lines) == len(rows) and json.loads(lines[0])["deal_status"] == "done"


def test_bad_downloads_are_clear_errors(demo_client: TestClient) -> None:
    assert demo_client.get("/search/export.xls", params={"q": "수출"}).status_code == 404
    # The form sends every filter, the empty ones as "": they mean "any".
    blanks = {"q": "수출", "since": "", "from": "", "to": "", "rule": "", "story": "", "kind": ""}
    assert demo_client.get("/search/export.csv", params=blanks).status_code == 200
    assert demo_client.get("/search/export.csv", params={"q": "수출", "story": "x"}).status_code == 400
    empty = demo_client.get("/search/export.csv", params={"q": " "})
    assert empty.status_code == 400 and "no words" in empty.text
