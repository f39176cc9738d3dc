"""Spreadsheet cells from export rows: formulas defused, control characters dropped, lists
joined, numbers kept, Excel's cell limit respected; CSV starts with a BOM."""

from __future__ import annotations

import pytest

from scwatch.core.formats.exports import (
    EXPORT_COLUMNS,
    XLSX_CELL_LIMIT,
    csv_chunks,
    defused,
    tabular_cells,
    xlsx_cells,
)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+82 2 123", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")'],
)
def test_a_cell_that_would_start_a_formula_gets_an_apostrophe(text: str) -> None:
    assert defused(text).startswith("'")


def test_ordinary_korean_text_is_left_alone() -> None:
    assert defused("스마트시티 수출 1,200억원") == "스마트시티 수출 1,200억원"
    assert defused("K-스마트시티 = 수출") == "K-스마트시티 = 수출"


def test_control_characters_are_dropped_but_line_breaks_kept() -> None:
    assert defused("수출\x00 계약\x0b을\x1f 맺\x7f었다\n둘째 줄\t끝") == "수출 계약을 맺었다\n둘째 줄\t끝"


def test_tabular_cells_join_lists_keep_numbers_and_defuse_text() -> None:
    row = {"id": 7, "title": "=evil()", "rules": ["export", "mou"], "deal_amount_krw": 1.2e11}
    cells = dict(zip(EXPORT_COLUMNS, tabular_cells(row), strict=True))
    assert cells["id"] == 7 and cells["deal_amount_krw"] == 1.2e11
    assert cells["title"] == "'=evil()" and cells["rules"] == "export; mou"
    assert cells["body"] == ""


def test_an_overlong_body_is_cut_to_what_an_excel_cell_holds() -> None:
    cells = dict(zip(EXPORT_COLUMNS, xlsx_cells({"body": "가" * 40_000}), strict=True))
    assert len(cells["body"]) == XLSX_CELL_LIMIT and cells["body"].endswith("…")


def test_csv_starts_with_a_bom_and_the_header_even_without_rows() -> None:
    data = b"".join(csv_chunks([]))
    assert data.startswith("\ufeff".encode()) and data.decode("utf-8-sig").startswith("id,")
