"""`scwatch export` as a desk uses it: XLSX to a file (-o), or down a pipe, never onto a
terminal; CSV and JSON Lines to standard output; the filters of `search`. The columns and
hostile cells are tested on the library (tests/api/test_api_exports.py)."""

from __future__ import annotations

import csv
import io
import os
import pty
import subprocess
from pathlib import Path

import openpyxl
from support.archive import BODY, NOW, TITLE
from support.articles import make_article
from support.cli import console_command, console_env, json_lines, scwatch

from scwatch import Scwatch


def test_xlsx_to_a_file_opens_with_korean(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "기사.xlsx"
    result = scwatch("export", "--format", "xlsx", "-o", str(target), "-c", str(archive))
    assert result.returncode == 0, result.stderr
    assert "1 article written" in result.stderr
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet["C2"].value == TITLE and sheet["M2"].value == "export"


def test_xlsx_goes_down_a_pipe(archive: Path) -> None:
    command = console_command("export", "-f", "xlsx", "-c", str(archive))
    done = subprocess.run(command, capture_output=True, env=console_env(), timeout=60)
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(io.BytesIO(done.stdout)).active
    assert sheet is not None and sheet.max_row == 2


def test_xlsx_is_not_written_onto_a_terminal(archive: Path) -> None:
    leader, follower = pty.openpty()
    command = console_command("export", "-f", "xlsx", "-c", str(archive))
    try:
        done = subprocess.run(
            command, stdout=follower, stderr=subprocess.PIPE, env=console_env(), timeout=60
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert b"-o articles.xlsx" in done.stderr and b"Traceback" not in done.stderr


def test_query_and_rule_pick_what_is_exported(archive: Path) -> None:
    config = ("-c", str(archive))
    found = json_lines(scwatch("export", "-q", "하노이", "--rule", "export", *config).stdout)
    assert [row["title"] for row in found] == [TITLE] and found[0]["rules"] == ["export"]
    assert scwatch("export", "-q", "런던", *config).stdout == ""
    unknown = scwatch("export", "--rule", "nope", *config)
    assert unknown.returncode == 2 and "unknown rule 'nope'" in unknown.stderr


def test_csv_to_standard_output_starts_with_a_bom(archive: Path) -> None:
    result = scwatch("export", "--format", "csv", "--deal", "export", "-c", str(archive))
    assert result.stdout.startswith("\ufeffid,source,title")
    assert TITLE in result.stdout


def test_deals_csv_has_a_bom_and_defuses_a_hostile_title(archive: Path) -> None:
    hostile = "=HYPERLINK(\"http://evil.example\",\"한빛시스템 하노이 수출\")"
    body = BODY.replace("120억원", "135억원")
    article = make_article("https://news.example.kr/news/9", hostile, body, first_seen_at=NOW)
    with Scwatch.open(archive) as writer:
        writer._write_runtime().ingestor.ingest(article)
    result = scwatch("deals", "--format", "csv", "-c", str(archive))
    assert result.stdout.startswith("\ufeffdeal_id,")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(result.stdout[1:]))]
    assert "'" + hostile in titles and TITLE in titles
