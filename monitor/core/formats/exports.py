"""Archive exports as people open them: one row per article with its story, the rules it
matched and its main deal; CSV (UTF-8 with a BOM, so Excel shows Korean), JSON Lines, and
the cells an XLSX sheet gets. Pure: rows in, bytes or cell values out.

Spreadsheet cells are defused: a text starting with = + - @ (or a tab or carriage return)
would be run as a formula by Excel or LibreOffice, so it gets a leading apostrophe (the
OWASP advice), and control characters that XLSX cannot hold are dropped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scwatch.core.deals import Deal
from scwatch.core.records import ArticleRecord

ExportFormat = Literal["csv", "jsonl", "xlsx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl", "xlsx")

# The columns of CSV and XLSX, in order; JSON Lines has the same keys (lists kept as lists).
EXPORT_COLUMNS = [
    "id", "source", "title", "url", "author", "published_at", "first_seen_at",
    "story_id", "story_join", "story_size", "story_outlets", "also_seen", "rules",
    "deal_kind", "deal_status", "deal_parties", "deal_country", "deal_city",
    "deal_amount", "deal_amount_krw", "body",
]  # fmt: skip

BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only when it starts with one
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XLSX (XML 1.0) cannot hold; openpyxl raises IllegalCharacterError on it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
XLSX_CELL_LIMIT = 32_767  # characters in one Excel cell
XLSX_ROW_LIMIT = 1_048_575  # rows of one sheet, besides the header


@dataclass(frozen=True)
class ArticleFacts:
    """What an export row says about an article besides the article itself."""

    story_size: int = 1
    outlets: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    deal: Deal | None = None  # the article's main deal


def export_row(article: ArticleRecord, facts: ArticleFacts) -> dict[str, Any]:
    """One export row (the keys of EXPORT_COLUMNS); lists stay lists until `tabular_cells`."""
    deal = facts.deal
    amount = deal.amount if deal else None
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "published_at": _iso(article.published_at),
        "first_seen_at": _iso(article.first_seen_at),
        "story_id": article.cluster_id,
        "story_join": article.story_join,
        "story_size": facts.story_size,
        "story_outlets": list(facts.outlets),
        "also_seen": article.sightings,
        "rules": list(facts.rules),
        "deal_kind": deal.kind if deal else None,
        "deal_status": deal.status if deal else None,
        "deal_parties": [party.name for party in deal.parties] if deal else [],
        "deal_country": deal.country if deal else None,
        "deal_city": deal.city if deal else None,
        "deal_amount": amount.text if amount else None,
        "deal_amount_krw": amount.krw if amount else None,
        "body": article.body,
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def defused(text: str) -> str:
    """`text` safe in a spreadsheet cell: control characters dropped, and a leading
    apostrophe when it would otherwise start a formula."""
    text = CONTROL_CHARACTERS.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def tabular_cells(row: Mapping[str, Any]) -> list[Any]:
    """A row's cells for CSV and XLSX: lists joined with "; ", None empty, text defused;
    numbers stay numbers."""
    cells: list[Any] = []
    for column in EXPORT_COLUMNS:
        value = row.get(column)
        if isinstance(value, list | tuple):
            value = "; ".join(str(item) for item in value)
        if value is None:
            value = ""
        cells.append(defused(value) if isinstance(value, str) else value)
    return cells


def xlsx_cells(row: Mapping[str, Any]) -> list[Any]:
    """`tabular_cells` cut to what one Excel cell holds (a long body ends with "…")."""
    return [
        value[: XLSX_CELL_LIMIT - 1] + "…"
        if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT
        else value
        for value in tabular_cells(row)
    ]


def csv_chunks(rows: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    """The CSV file, piece by piece: a BOM and the header, then one chunk per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    yield (BOM + _drain(buffer)).encode("utf-8")
    for row in rows:
        writer.writerow(tabular_cells(row))
        yield _drain(buffer).encode("utf-8")


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def jsonl_chunks(rows: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    """One JSON object per line, Korean kept as is (no \\u escapes)."""
    for row in rows:
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
