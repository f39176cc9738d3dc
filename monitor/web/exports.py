"""The search page's downloads: what a search finds, as CSV (UTF-8 with a BOM, for Excel),
XLSX or JSON Lines, with story, rule and deal columns (the library's Scwatch.export)."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from scwatch.core.errors import QueryError
from scwatch.core.formats.exports import ExportFormat
from scwatch.web.data import NotFound, since_of
from scwatch.web.search import _day, _deal
from scwatch.web.state import scwatch_of

router = APIRouter()
Text = Annotated[str | None, Query(max_length=500)]
MEDIA_TYPES: dict[str, tuple[ExportFormat, str]] = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jsonl": ("jsonl", "application/jsonl; charset=utf-8"),
}
# A download holds at most this many articles (the newest matching ones).
MAX_ROWS = 5_000


@router.get("/search/export.{fmt}", summary="What a search finds, as CSV, XLSX or JSON Lines")
def search_export(
    request: Request,
    fmt: str,
    q: Annotated[str, Query(max_length=500)] = "",
    since: Text = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    source: Text = None,
    rule: Text = None,
    story: Text = None,
    kind: Text = None,
    status: Text = None,
    country: Text = None,
) -> Response:
    """The articles the search page shows for the same parameters (every copy, not one per
    story), newest first, at most 5,000; `fmt` is csv, xlsx or jsonl."""
    if fmt not in MEDIA_TYPES:
        raise NotFound(f"unknown export format {fmt!r} (csv, xlsx or jsonl)")
    chosen, media_type = MEDIA_TYPES[fmt]
    target = io.BytesIO()
    scwatch_of(request).export(
        target, format=chosen, query=q, since=since_of(since), date_from=_day(date_from, "from"),
        date_to=_day(date_to, "to"), source=source or None, rule=rule or None,
        story=story_number(story),
        deal=_deal(kind, status, country), limit=MAX_ROWS,
    )  # fmt: skip
    disposition = f'attachment; filename="scwatch-search.{fmt}"'
    return Response(target.getvalue(), media_type=media_type,
                    headers={"Content-Disposition": disposition})  # fmt: skip


def story_number(text: str | None) -> int | None:
    """The `story` parameter; empty (as the search form and its page links send it) means
    any story. ASCII digits only: "²" passes str.isdigit but not int()."""
    if not text or not text.strip():
        return None
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        raise QueryError(f"story: expected a story number; got {text!r}")
    return int(digits)
