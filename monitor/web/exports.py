"""The search page's downloads: what a search finds, as CSV (UTF-8 with a BOM, for Excel),
XLSX or JSON Lines, with story, rule and deal columns (the library's Scwatch.export)."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from scwatch.core.formats.exports import ExportFormat
from scwatch.web.data import NotFound, since_of
from scwatch.web.search import SearchParameters, find_filters
from scwatch.web.state import scwatch_of

router = APIRouter()
MEDIA_TYPES: dict[str, tuple[ExportFormat, str]] = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jsonl": ("jsonl", "application/jsonl; charset=utf-8"),
}
# A download holds at most this many articles (the newest matching ones).
MAX_ROWS = 5_000


@router.get("/search/export.{fmt}", summary="What a search finds, as CSV, XLSX or JSON Lines")
def search_export(
    request: Request, fmt: str, search: Annotated[SearchParameters, Depends()]
) -> Response:
    """The articles the search page shows for the same parameters (every copy, not one per
    story), newest first, at most 5,000; `fmt` is csv, xlsx or jsonl."""
    if fmt not in MEDIA_TYPES:
        raise NotFound(f"unknown export format {fmt!r} (csv, xlsx or jsonl)")
    chosen, media_type = MEDIA_TYPES[fmt]
    target = io.BytesIO()
    scwatch_of(request).export(
        target, format=chosen, query=search.q, since=since_of(search.since),
        limit=MAX_ROWS, **find_filters(search.filters()),
    )  # fmt: skip
    disposition = f'attachment; filename="scwatch-search.{fmt}"'
    return Response(target.getvalue(), media_type=media_type,
                    headers={"Content-Disposition": disposition})  # fmt: skip
