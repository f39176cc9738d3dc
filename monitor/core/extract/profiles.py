"""Apply the per-CMS extraction profiles (scwatch.core.extract.layouts) to a parsed page.

A profile is recognised by URL pattern or by a fingerprint element in the page. It hands the
body element to trafilatura (which still removes ads and widgets inside it) and reads the
labelled metadata trafilatura does not understand (입력/수정 lines, Naver's data attributes).
Pure: works on an already parsed lxml tree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from scwatch.core.extract.layouts import GENERIC, PROFILES, SiteProfile
from scwatch.core.text.dates import find_dates, parse_korean_datetime

__all__ = [
    "PageMeta",
    "ProfileResult",
    "SiteProfile",
    "apply_profile",
    "read_page_meta",
]


@dataclass(frozen=True)
class ProfileResult:
    """What a profile found. `body` is an element of the page tree (None: use the page)."""

    name: str
    body: HtmlElement | None = None
    title: str = ""
    author: str = ""
    department: str = ""
    published: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True)
class PageMeta:
    """The <meta>/<title> facts every page may carry."""

    title: str = ""
    og_title: str = ""
    site_name: str = ""
    description: str = ""
    author: str = ""
    published: str = ""
    updated: str = ""


def _fingerprint_test(profile: SiteProfile) -> str:
    if profile.fingerprint_id:
        return f"@id='{profile.fingerprint_id}'"
    # A plain substring test is cheap; _fingerprints() keeps only whole class names.
    return f"contains(@class, '{profile.fingerprint_class}')"


_MARKERS = tuple(
    p.fingerprint_id or p.fingerprint_class
    for p in PROFILES
    if p.fingerprint_id or p.fingerprint_class
)
# One scan of the page finds every profile's fingerprint element.
_FINGERPRINTS = lxml.etree.XPath(
    "//body//*["
    + " or ".join(_fingerprint_test(p) for p in PROFILES if p.fingerprint_id or p.fingerprint_class)
    + "]"
)


def _fingerprints(tree: HtmlElement, attributes: str | None) -> set[str]:
    """The ids and classes of the fingerprint elements present in the page.

    With the page's class and id values at hand, a marker absent from them cannot be an
    element's id or class: most pages carry none, and the tree is then not scanned at all.
    """
    if attributes is not None and not any(marker in attributes for marker in _MARKERS):
        return set()
    found: set[str] = set()
    for element in _FINGERPRINTS(tree)[:20]:
        found.add(element.get("id") or "")
        found.update((element.get("class") or "").split())
    return found


# Reporter bylines on layouts we have no profile for, matched by class name in one scan.
_GENERIC_BYLINES = lxml.etree.XPath(
    "//body//*[@class and ("
    + " or ".join(
        f"contains(@class, '{name}')"
        for name in ("byline", "writer", "reporter", "author", "journalist")
    )
    + ")]"
)

_ROLE_WORD = re.compile(r"기자|특파원|통신원|논설위원|편집위원|칼럼니스트")
_INFO_TEXT_LIMIT = 2000


def _selectors(selectors: tuple[str, ...]) -> tuple[CSSSelector, ...]:
    return tuple(CSSSelector(s) for s in selectors)


_COMPILED: dict[str, tuple[CSSSelector, ...]] = {}


def _compiled(selectors: tuple[str, ...]) -> tuple[CSSSelector, ...]:
    key = "\x1f".join(selectors)
    if key not in _COMPILED:
        _COMPILED[key] = _selectors(selectors)
    return _COMPILED[key]


def _first(tree: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    for selector in _compiled(selectors):
        found = selector(tree)
        if found:
            element: HtmlElement = found[0]
            return element
    return None


def _text(element: HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _matches(profile: SiteProfile, url: str, fingerprints: set[str]) -> bool:
    if profile.url_pattern and re.search(profile.url_pattern, url):
        return True
    marker = profile.fingerprint_id or profile.fingerprint_class
    return bool(marker) and marker in fingerprints


def _attribute_date(
    tree: HtmlElement, pairs: tuple[tuple[str, str], ...], now: datetime
) -> datetime | None:
    for selector, attribute in pairs:
        element = _first(tree, (selector,))
        if element is None:
            continue
        raw = element.get(attribute, "") if attribute else ""
        parsed = parse_korean_datetime(raw or _text(element), now=now)
        if parsed is not None:
            return parsed
    return None


def _info_dates(
    tree: HtmlElement, selector_group: str, now: datetime
) -> tuple[datetime | None, datetime | None]:
    (selector,) = _compiled((selector_group,))
    text = " | ".join(_text(e) for e in selector(tree)[:10])[:_INFO_TEXT_LIMIT]
    return find_dates(text, now=now) if text else (None, None)


# All text of the body in one C-level call: cheap enough to look for labels anywhere.
_BODY_TEXT = lxml.etree.XPath("string(/html/body)")


def body_text_of(tree: lxml.etree._Element) -> str:
    """All text of the page's <body>."""
    return str(_BODY_TEXT(tree))


_DATE_LABEL = re.compile("입력|등록|승인|수정|업데이트|UPDATE|게재|송고|발행")
_BODY_TEXT_LIMIT = 200_000


def _labelled_dates(body_text: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """Dates next to 입력/수정 labels anywhere in the page, for layouts we have no profile of."""
    if not _DATE_LABEL.search(body_text):
        return None, None
    return find_dates(body_text[:_BODY_TEXT_LIMIT], now=now)


def _byline(elements: list[HtmlElement]) -> str:
    for element in elements[:8]:
        text = _text(element)
        if _ROLE_WORD.search(text) and len(text) <= 80:
            return re.sub(r"^\s*(?:기자명|글|취재)\s*[:：]?\s*", "", text)
    return ""


def _author(tree: HtmlElement, selectors: tuple[str, ...], body_text: str) -> str:
    if not selectors:
        return _byline(_GENERIC_BYLINES(tree)) if _ROLE_WORD.search(body_text) else ""
    for selector in _compiled(selectors):
        found = _byline(selector(tree))
        if found:
            return found
    return ""


def _detach(body: HtmlElement, selector_group: str) -> None:
    if not selector_group:
        return
    (selector,) = _compiled((selector_group,))
    for element in selector(body):
        if element is not body:
            element.drop_tree()


def _run_profile(profile: SiteProfile, tree: HtmlElement, now: datetime) -> ProfileResult:
    body_text = "" if profile.info else body_text_of(tree)
    if profile.info:
        info_published, info_updated = _info_dates(tree, profile.info, now)
    else:
        info_published, info_updated = _labelled_dates(body_text, now)
    body = _first(tree, profile.body) if profile.body else None
    result = ProfileResult(
        name=profile.name,
        body=body,
        title=_text(_first(tree, profile.title)) if profile.title else "",
        author=_author(tree, profile.author, body_text),
        department=_text(_first(tree, profile.department)) if profile.department else "",
        published=_attribute_date(tree, profile.published, now) or info_published,
        updated=_attribute_date(tree, profile.updated, now) or info_updated,
    )
    if body is not None:
        _detach(body, profile.drop)
    return result


def apply_profile(
    tree: HtmlElement, url: str, now: datetime, *, attributes: str | None = None
) -> ProfileResult:
    """Run the first profile that recognises the page, else the generic one.

    Elements a profile lists under `drop` are removed from the body in place. `attributes`,
    every class and id value of the page (`sequence.attribute_text`), only makes
    recognising the layout faster.
    """
    fingerprints = _fingerprints(tree, attributes)
    for profile in PROFILES:
        if _matches(profile, url, fingerprints):
            result = _run_profile(profile, tree, now)
            if result.body is not None or result.title:
                return result
    return _run_profile(GENERIC, tree, now)


_META_KEYS = {
    "og:title": "og_title",
    "twitter:title": "og_title",
    "og:site_name": "site_name",
    "og:description": "description",
    "description": "description",
    "author": "author",
    "article:author": "author",
    "dable:author": "author",
    "byl": "author",
    "article:published_time": "published",
    "og:regdate": "published",
    "datepublished": "published",
    "pubdate": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "dcterms.issued": "published",
    "dcterms.created": "published",
    "article:modified_time": "updated",
    "og:updated_time": "updated",
    "datemodified": "updated",
    "dc.date.modified": "updated",
    "dcterms.modified": "updated",
}


_JSON_LD = lxml.etree.XPath("//script[@type='application/ld+json']/text()")
_JSON_LD_FIELDS = {
    "published": re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"'),
    "updated": re.compile(r'"dateModified"\s*:\s*"([^"]{6,40})"'),
    "og_title": re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.){2,300})"'),
}


def _json_string(raw: str) -> str:
    """A JSON string's value: "\\u2018" escapes become the quotes they stand for."""
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw.replace('\\"', '"').replace("\\/", "/")
    return value if isinstance(value, str) else raw


def _json_ld_facts(tree: HtmlElement, found: dict[str, str]) -> None:
    """Dates and headline from JSON-LD, read by pattern: a broken block must not cost us them."""
    for script in _JSON_LD(tree)[:4]:
        for field, pattern in _JSON_LD_FIELDS.items():
            match = pattern.search(script)
            if match is not None and field not in found:
                found[field] = _json_string(match.group(1))


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """Title, <meta> and JSON-LD facts, first value of each kind winning."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        field = _META_KEYS.get(key.strip())
        content = " ".join((meta.get("content") or "").split())
        if field and content and field not in found:
            found[field] = content
    _json_ld_facts(tree, found)
    title = tree.find(".//title")
    found["title"] = _text(title)
    return PageMeta(**found)
