"""Choose an article's time, reporters and title among what the page offers. Pure.

Sources disagree: meta tags often know only the day, a visible byline shows the minute, a
related-items block shows other stories' dates, a desk signs where no reporter does. The
more specific source wins over the less specific one, and nothing is taken from a place
that belongs to another story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.etree
from lxml.html import HtmlElement

from scwatch.core.extract.cleanup import is_outlet_or_section, normalize_author, person_names
from scwatch.core.extract.profiles import ProfileResult, body_text_of
from scwatch.core.text.dates import KST, parse_korean_datetime
from scwatch.core.text.folding import clean_text

__all__ = [
    "Sources",
    "more_specific",
    "resolve_author",
    "resolve_published",
    "strip_site_names",
]


@dataclass(frozen=True)
class Sources:
    """The less trusted sources next to the layout profile: meta tags, trafilatura, the feed."""

    meta_published: str = ""
    meta_author: str = ""
    extracted_date: str = ""
    extracted_author: str = ""
    entry_published: datetime | None = None
    entry_author: str = ""


def _same_day(first: datetime, second: datetime) -> bool:
    return first.astimezone(KST).date() == second.astimezone(KST).date()


def _bare_day(moment: datetime) -> bool:
    return moment.astimezone(KST).time() == datetime.min.time()


def more_specific(first: datetime | None, second: datetime | None) -> datetime | None:
    """`first`, unless it is a bare day (00:00 KST) that `second` gives to the minute."""
    if first is None or second is None:
        return first or second
    return second if _bare_day(first) and _same_day(first, second) else first


# Date elements without a label (YTN's "2026.01.06. 오후 6:23."), read only to give a bare day
# its minute, so a related item's date elsewhere on the page cannot set the day.
_DATE_ELEMENTS = lxml.etree.XPath(
    "//body//*[contains(@class, 'date') or contains(@class, 'time')][string-length(.) < 60]"
)


# A date with a time of day, as Korean pages print it: skips "3 hours ago" and the like.
_DATE_AND_TIME = re.compile(r"(?:19|20)\d{2}\s*[.\-/년].{3,20}?\d{1,2}\s*(?::\s*\d{2}|시)")


def _visible_time(tree: HtmlElement, day: datetime, now: datetime) -> datetime | None:
    """The first date shown on the page on `day` (KST) that carries a time of day."""
    for element in _DATE_ELEMENTS(tree)[:12]:
        text = " ".join(element.text_content().split())
        if not _DATE_AND_TIME.search(text):
            continue
        shown = parse_korean_datetime(text, now=now)
        if shown is not None and _same_day(shown, day) and not _bare_day(shown):
            return shown
    return None


def resolve_published(
    profile: ProfileResult, sources: Sources, tree: HtmlElement, now: datetime
) -> datetime | None:
    declared = parse_korean_datetime(sources.meta_published, now=now)
    visible = profile.published
    if profile.name == "generic" and visible and declared and not _same_day(visible, declared):
        visible = None  # a labelled date found anywhere on the page: a related item's
    found = more_specific(visible, declared) or parse_korean_datetime(
        sources.extracted_date, now=now
    )
    if found is not None and _bare_day(found):
        # A bare day (meta, htmldate) takes its minute from the page, else from the feed.
        found = more_specific(found, _visible_time(tree, found, now))
        found = more_specific(found, sources.entry_published)
    return found or sources.entry_published


_DESK_CHARS = 20
_NOT_A_DESK = re.compile(r"[\d@/:]|https?|www\.")


def _desk(meta_author: str, tree: HtmlElement) -> str:
    """A desk signing the page ("iMBC 연예") where no reporter does: the meta author, when the
    page shows it too and it is neither an outlet nor a section label."""
    desk = clean_text(meta_author)
    if not desk or len(desk) > _DESK_CHARS or _NOT_A_DESK.search(desk):
        return ""
    if is_outlet_or_section(desk):
        return ""
    return desk if desk in body_text_of(tree) else ""


def _with_more_reporters(author: str, body_authors: list[str]) -> str:
    """The byline, joined by the reporters that sign the body when they include it
    (a byline box shows one of two reporters; a bare name gains the role of its sign-off)."""
    signed = normalize_author(", ".join(body_authors))
    if not signed or not person_names(author) <= person_names(signed):
        return author
    return signed


def resolve_author(
    profile: ProfileResult, sources: Sources, body_authors: list[str], tree: HtmlElement
) -> str:
    """The reporters, else the department signing a press release, else a desk."""
    people = (
        profile.author,
        sources.meta_author,
        ", ".join(body_authors),
        sources.extracted_author,
        sources.entry_author,
    )
    for candidate in people:
        author = normalize_author(candidate or "")
        if author:
            return _with_more_reporters(author, body_authors)
    return clean_text(profile.department) or _desk(sources.meta_author, tree)


_TITLE_SEPARATORS = (" - ", " | ", " ｜ ", "｜", " :: ", " : ", " < ", " — ", " – ")
# A broadcaster's or agency's Latin brand as a title segment: "KBS", "YTN", "iMBC".
_BRAND = re.compile(r"[a-z]?[A-Z]{2,5}(?:\s?(?:뉴스|NEWS|News|TV|tv))?")
_SITE_PART_CHARS = 12
_QUOTES = re.compile("['\"‘’“”…·]")


def _is_site_part(part: str, site_names: tuple[str, ...], separator: str) -> bool:
    """A title segment naming the site or a section ("가상일보", "가상일보 뉴스", "KTN", "정치")."""
    named = any(
        name and part.startswith(name) and len(part) - len(name) <= 4 for name in site_names
    )
    if named or _BRAND.fullmatch(part):
        return True
    # A guess from the word alone only for one plain word, and never after ":", which
    # Korean headlines use for quotes ("A씨 : 나는 경제").
    plain = " " not in part and len(part) <= _SITE_PART_CHARS and not _QUOTES.search(part)
    return plain and separator.strip() != ":" and is_outlet_or_section(part)


def strip_site_names(title: str, site_names: tuple[str, ...]) -> str:
    """The headline without site and section names before or after a separator, at most
    two of them ("제목 - 정치 - 가상일보"); the headline's own punctuation is left alone."""
    title = " ".join(title.split())
    for _ in range(2):
        before = title
        for separator in _TITLE_SEPARATORS:
            head, _, tail = title.rpartition(separator)
            if head and _is_site_part(tail.strip(), site_names, separator):
                title = head.strip()
                break
            first, _, rest = title.partition(separator)
            if rest and _is_site_part(first.strip(), site_names, separator):
                title = rest.strip()
                break
        if title == before:
            break
    return title
