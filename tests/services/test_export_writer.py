"""The XLSX writer takes any stored text: control characters (which openpyxl refuses with
IllegalCharacterError) are dropped and the sheet reads back, Korean intact."""

from __future__ import annotations

import io

import openpyxl

from scwatch.core.formats.exports import EXPORT_COLUMNS
from scwatch.services.exports import write_export


def test_control_characters_do_not_break_the_xlsx_file() -> None:
    row = {"id": 1, "title": "스마트시티\x01 수출\x1b 계약", "body": "본문\x00 끝", "rules": []}
    target = io.BytesIO()
    assert write_export([row], target, "xlsx") == 1
    sheet = openpyxl.load_workbook(io.BytesIO(target.getvalue())).active
    assert sheet is not None
    values = dict(zip(EXPORT_COLUMNS, [c.value for c in next(sheet.iter_rows(min_row=2))], strict=True))
    assert values["title"] == "스마트시티 수출 계약" and values["body"] == "본문 끝"
