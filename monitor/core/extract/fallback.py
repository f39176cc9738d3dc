"""trafilatura's metadata for pages that say too little themselves, only the fields used. Pure.

A page without its own title or date (no layout profile found them, no og:title or
published-time meta tag) gets trafilatura's metadata pass. `extract_metadata` finds a dozen
fields; scwatch reads four (title, author, date, site name) and, of those, the author only
when neither the layout nor a meta tag names one, the date only when neither gives one.
`fallback_metadata` runs the steps of `trafilatura.metadata.extract_metadata` (the same
functions, in the same order, with the same final trimming) for the fields that will be
read and skips the rest (categories, tags, licence, host name; the author search, which
copies the whole page; the date search), so every field it returns is the one
`extract_metadata` returns. On another trafilatura version it calls `extract_metadata`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata

from scwatch.core.extract.cleanup import normalize_author
from scwatch.core.extract.profiles import PageMeta, ProfileResult
from scwatch.core.extract.sequence import SEQUENCE_VERSION
from scwatch.core.text.dates import KST, parse_korean_datetime

__all__ = ["Extracted", "metadata_if_needed"]

try:
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_author,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )
    from trafilatura.utils import line_processing

    _SAME_STEPS = trafilatura.__version__ == SEQUENCE_VERSION
except ImportError:  # pragma: no cover - another trafilatura
    _SAME_STEPS = False


@dataclass(frozen=True)
class Extracted:
    """What trafilatura's metadata pass found (only run when the page itself says too little)."""

    title: str = ""
    author: str = ""
    date: str = ""
    site_name: str = ""


def _date_config(now: datetime) -> dict[str, Any]:
    return {
        "original_date": True,
        "extensive_search": False,
        # Keep the offset: a page's UTC time read as KST would be nine hours early.
        "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        "max_date": now.astimezone(KST).strftime("%Y-%m-%d"),
    }


def _trimmed(value: str | None) -> str:
    """Document.clean_and_trim on one field."""
    if not isinstance(value, str):
        return ""
    if len(value) > 10000:
        value = value[:9999] + "…"
    return line_processing(unescape(value)) or ""


def _site_name(tree: HtmlElement, found: Any) -> str:
    site_name = found.sitename or extract_sitename(tree)
    if site_name:
        site_name = site_name.lstrip("@")
        if site_name and "." not in site_name and not site_name[0].isupper():
            site_name = site_name.title()
        return str(site_name)
    match = META_URL.match(found.url) if found.url else None
    return match[1] if match else ""


def _steps(tree: HtmlElement, url: str, now: datetime, author: bool, date: bool) -> Extracted:
    """extract_metadata's steps for title, site name and, when asked, author and date."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with contextlib.suppress(Exception):  # trafilatura logs and ignores JSON-LD errors
        found = extract_meta_json(tree, found)
    found.title = found.title or extract_title(tree)
    if author and not found.author:
        found.author = extract_author(tree)
    found.url = found.url or extract_url(tree, url)
    if date:
        found.date = find_date(tree, **_date_config(now), url=found.url)
    return Extracted(
        title=_trimmed(found.title),
        author=_trimmed(found.author) if author else "",
        date=_trimmed(found.date) if date else "",
        site_name=_trimmed(_site_name(tree, found)),
    )


def _full_pass(tree: HtmlElement, url: str, now: datetime) -> Extracted:
    meta = extract_metadata(tree, url, _date_config(now), extensive=False)
    return Extracted(
        title=meta.title or "",
        author=meta.author or "",
        date=meta.date or "",
        site_name=meta.sitename or "",
    )


def metadata_if_needed(
    tree: HtmlElement, url: str, now: datetime, profile: ProfileResult, meta: PageMeta
) -> Extracted:
    """trafilatura's metadata, run only when the page itself says too little: the title and
    site name, the author when neither the layout nor a meta tag gives one, the date when
    neither gives one (later sources only ever add to these, never take away)."""
    if (profile.title or meta.og_title) and (profile.published or meta.published):
        return Extracted()
    if not _SAME_STEPS:  # pragma: no cover - another trafilatura
        return _full_pass(tree, url, now)
    author = not (normalize_author(profile.author) or normalize_author(meta.author))
    date = profile.published is None and parse_korean_datetime(meta.published, now=now) is None
    return _steps(tree, url, now, author, date)
