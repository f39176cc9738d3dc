"""FetchedPage -> Article: decode, pick a CMS profile, extract the main text, clean it. Pure.

The document is parsed once with lxml; trafilatura works on (a copy of) that tree or on the
body element a profile found, so no page is parsed more than twice. Every failure on bad
input surfaces as ExtractionError with a reason a person can act on.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement

from scwatch.core.errors import ExtractionError
from scwatch.core.extract.blocks import body_document, split_br_runs, unwrap_layout_tables
from scwatch.core.extract.cleanup import clean_body, strip_tags
from scwatch.core.extract.fallback import Extracted, metadata_if_needed
from scwatch.core.extract.fields import (
    Sources,
    more_specific,
    resolve_author,
    resolve_published,
    strip_site_names,
)
from scwatch.core.extract.payloads import Payload, read_payload
from scwatch.core.extract.profiles import (
    PageMeta,
    ProfileResult,
    apply_profile,
    body_text_of,
    read_page_meta,
)
from scwatch.core.extract.sequence import attribute_text, main_text
from scwatch.core.models import Article, FetchedPage
from scwatch.core.text.controls import utf8_if_xml_safe, xml_safe
from scwatch.core.text.dates import parse_korean_datetime
from scwatch.core.text.decoding import decode_html
from scwatch.core.text.folding import clean_text, squeeze
from scwatch.core.text.keys import content_key, url_key
from scwatch.core.text.urls import canonical_url

__all__ = ["EXTRACTOR_VERSION", "MIN_BODY_CHARS", "extract_article", "layout_name"]

# Bump the first part when our own rules change what is extracted from the same page.
EXTRACTOR_VERSION = f"5+trafilatura-{trafilatura.__version__}"
MIN_BODY_CHARS = 100
# Markup text this short may be a client-rendered shell: look for the story in JSON-LD.
_SHORT_TEXT = 500
# Pages beyond this are cut before parsing: no article needs more, and it bounds CPU time.
MAX_HTML_BYTES = 5_000_000
# Binary data is full of NUL bytes; a page of text may carry a stray one or two.
_BINARY_NULS = 8


def _html_parser(encoding: str | None) -> lxml.etree.HTMLParser:
    parser = lxml.etree.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )
    # Every element is a plain HtmlElement, chosen in C. lxml.html's own parser asks a Python
    # method for each element's class every time trafilatura touches one (hundreds of
    # thousands of calls on 181 pages, a few per cent of the extraction time); neither
    # trafilatura nor scwatch uses its form-field classes.
    parser.set_element_class_lookup(
        lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


# For a str, and for the same text already in UTF-8 (the same tree, parsed faster).
_PARSER, _UTF8_PARSER = _html_parser(None), _html_parser("utf-8")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFF_TYPES = ("", "text/plain", "application/octet-stream", "application/xml", "text/xml")
_BINARY_MAGIC = tuple(
    bytes.fromhex(h)
    for h in [
        "25504446",
        "89504e47",
        "ffd8ff",
        "47494638",
        "504b0304",
        "1f8b",
        "52494646",
        "494433",
        "4f676753",
    ]
)
_HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html|<head|<body|<title|<meta|<div|<p[\s>]", re.I)
_FEED_MARKERS = re.compile(rb"<rss[\s>]|<feed[\s>]|<rdf:rdf", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SOFT_404 = tuple(
    squeeze(phrase)
    for phrase in (
        "요청하신 페이지를 찾을 수 없습니다",
        "요청하신 웹 페이지를 찾을 수 없습니다",
        "페이지를 찾을 수 없습니다",
        "존재하지 않는 기사",
        "존재하지 않는 페이지",
        "삭제된 기사",
        "기사가 존재하지 않습니다",
        "해당 기사를 찾을 수 없습니다",
        "기사를 찾을 수 없습니다",
        "잘못된 접근입니다",
        "404 not found",
        "page not found",
    )
)
_PORTAL_NAMES = (
    "네이버 뉴스",
    "네이버뉴스",
    "다음뉴스",
    "Daum 뉴스",
    "대한민국 정책브리핑",
    "정책브리핑",
)


@dataclass(frozen=True)
class _Parsed:
    html: str
    tree: HtmlElement
    # Every class and id value (sequence.attribute_text): the layout and prune prefilters.
    attributes: str


def _content_type(page: FetchedPage) -> str:
    for name, value in page.headers.items():
        if name.lower() == "content-type":
            return value
    return ""


def _check_response(page: FetchedPage, content_type: str) -> None:
    if not 200 <= page.status < 300:
        raise ExtractionError(f"HTTP status {page.status}")
    head = page.body[:2048].lstrip()
    if not head:
        raise ExtractionError("empty body")
    mime = content_type.split(";")[0].strip().lower()
    if head.startswith(_BINARY_MAGIC) or head[:1024].count(b"\x00") > _BINARY_NULS:
        raise ExtractionError(f"not HTML: binary body ({mime or 'no content type'})")
    if mime not in _HTML_TYPES and mime not in _SNIFF_TYPES:
        raise ExtractionError(f"not HTML: content type {mime}")
    if _FEED_MARKERS.search(head) and not re.search(rb"<html", head, re.I):
        raise ExtractionError("not HTML: a feed document")
    if mime not in _HTML_TYPES and not _HTML_MARKERS.search(head):
        raise ExtractionError(f"not HTML: no markup ({mime or 'no content type'})")


def _parse(html: str, utf8: bytes | None) -> HtmlElement:
    """The tree of `html`, read from `utf8` (the same text in UTF-8) when given."""
    declaration = _XML_DECLARATION.match(html)
    if declaration is not None:
        html, utf8 = html[declaration.end() :], None
    try:
        if utf8 is not None:
            tree = lxml.html.document_fromstring(utf8, parser=_UTF8_PARSER)
        else:
            tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ExtractionError(f"not HTML: {error}") from None
    if tree is None or tree.find("body") is None:
        raise ExtractionError("not HTML: no <body>")
    return tree


def _is_soft_404(text: str) -> bool:
    squeezed = squeeze(text)
    return any(phrase in squeezed for phrase in _SOFT_404)


def _plain_text(element: HtmlElement) -> str:
    """Fallback when trafilatura finds nothing in a known body: its paragraphs, as text."""
    for junk in element.xpath(".//script|.//style|.//noscript|.//figcaption|.//iframe"):
        junk.drop_tree()
    for block in element.xpath(".//p|.//br|.//div|.//li|.//h2|.//h3|.//h4|.//tr"):
        block.tail = "\n" + (block.tail or "")
    return clean_text(element.text_content())


def _page_body_text(page: _Parsed, url: str) -> str:
    body = page.tree.find("body")
    if body is not None:
        unwrap_layout_tables(body)
        split_br_runs(body)
    return main_text(page.tree, url, page.attributes)


def _extract_text(page: _Parsed, profile: ProfileResult, url: str) -> str:
    if profile.body is None:
        return _page_body_text(page, url)
    # A copy: when the layout's body element turns out empty (a redesign, a look-alike
    # page), the whole page is still there for the generic extraction.
    body = body_document(copy.deepcopy(profile.body))
    text = main_text(body, url, page.attributes)
    if len(text) >= MIN_BODY_CHARS:
        return text
    plain = _plain_text(body)
    if len(plain) >= MIN_BODY_CHARS:
        return plain
    return _page_body_text(page, url)


def _resolve_title(
    profile: ProfileResult, meta: PageMeta, extracted: Extracted, page: FetchedPage
) -> str:
    sites = (meta.site_name, extracted.site_name, *_PORTAL_NAMES)
    entry_title = page.entry.title if page.entry else ""
    for candidate in (profile.title, extracted.title, meta.og_title, entry_title, meta.title):
        title = strip_site_names(clean_text(unescape(strip_tags(candidate or ""))), sites)
        if title:
            return title
    raise ExtractionError("no title")


def _sources(meta: PageMeta, extracted: Extracted, page: FetchedPage) -> Sources:
    return Sources(
        meta_published=meta.published,
        meta_author=meta.author,
        extracted_date=extracted.date,
        extracted_author=extracted.author,
        entry_published=page.entry.published_at if page.entry else None,
        entry_author=page.entry.author if page.entry else "",
    )


def _summary_body(page: FetchedPage) -> str:
    if page.entry is None or not page.entry.summary:
        return ""
    summary = clean_body(strip_tags(page.entry.summary, " ")).body
    return summary if len(summary) >= MIN_BODY_CHARS else ""


def _bounded(body: bytes) -> bytes:
    """At most MAX_HTML_BYTES, cut after a '>' so no multi-byte character is split."""
    if len(body) <= MAX_HTML_BYTES:
        return body
    head = body[:MAX_HTML_BYTES]
    return head[: head.rfind(b">") + 1] or head


def _decode_and_parse(page: FetchedPage) -> _Parsed:
    """The decoded HTML, its tree and its class and id values."""
    content_type = _content_type(page)
    _check_response(page, content_type)
    html = decode_html(_bounded(page.body), content_type)
    utf8 = utf8_if_xml_safe(html)
    if utf8 is None:
        # One forbidden control character anywhere would cost the whole text (see xml_safe).
        html = xml_safe(html)
    if not html.strip():
        raise ExtractionError("empty body")
    tree = _parse(html, utf8)
    return _Parsed(html, tree, attribute_text(tree))


def _with_payload(profile: ProfileResult, payload: Payload | None, now: datetime) -> ProfileResult:
    """The inline JSON's facts where the markup's layout has none (client-rendered pages)."""
    if payload is None:
        return profile
    return dataclasses.replace(
        profile,
        title=profile.title or payload.title,
        author=profile.author or ", ".join(payload.authors),
        published=profile.published or parse_korean_datetime(payload.published, now=now),
        updated=profile.updated or parse_korean_datetime(payload.updated, now=now),
    )


def _payload_text(text: str, payload: Payload | None) -> str:
    """The payload's story when the markup holds less than half of it (an empty shell)."""
    if payload is not None and len(text) < len(payload.body) / 2:
        return payload.body
    return text


def _text_and_profile(
    page: _Parsed, profile: ProfileResult, payload: Payload | None, url: str, now: datetime
) -> tuple[str, ProfileResult]:
    """The markup's text, or the inline JSON's story when the markup is an empty shell."""
    text = _extract_text(page, profile, url)
    if payload is None and len(text) < _SHORT_TEXT:
        payload = read_payload(page.html, json_ld=True)
        profile = _with_payload(profile, payload, now)
    return _payload_text(text, payload), profile


def _extract(page: FetchedPage) -> Article:
    parsed = _decode_and_parse(page)
    tree, url = parsed.tree, page.final_url or page.url
    meta = read_page_meta(tree)
    if _is_soft_404(meta.title):
        raise ExtractionError("soft 404: the page says the article does not exist")
    payload = read_payload(parsed.html)
    layout = apply_profile(tree, url, page.fetched_at, attributes=parsed.attributes)
    profile = _with_payload(layout, payload, page.fetched_at)
    extracted = metadata_if_needed(tree, url, page.fetched_at, profile, meta)
    text, profile = _text_and_profile(parsed, profile, payload, url, page.fetched_at)
    if len(text) < 500 and (
        _is_soft_404(text) or (profile.body is None and _is_soft_404(body_text_of(tree)[:3000]))
    ):
        raise ExtractionError("soft 404: the page says the article does not exist")
    title = _resolve_title(profile, meta, extracted, page)
    cleaned = clean_body(text, title)
    body = cleaned.body if len(cleaned.body) >= MIN_BODY_CHARS else _summary_body(page)
    if not body:
        raise ExtractionError(f"too short: {len(cleaned.body)} characters of text")
    sources = _sources(meta, extracted, page)
    return Article(
        source=page.source,
        url=page.url,
        canonical_url=canonical_url(page.url),
        url_key=url_key(page.url),
        title=title,
        body=body,
        content_key=content_key(title, body),
        first_seen_at=page.fetched_at,
        author=resolve_author(profile, sources, cleaned.authors, tree),
        published_at=resolve_published(profile, sources, tree, page.fetched_at),
        updated_at=more_specific(
            profile.updated, parse_korean_datetime(meta.updated, now=page.fetched_at)
        ),
        raw_sha256=hashlib.sha256(page.body).hexdigest(),
        extractor_version=EXTRACTOR_VERSION,
    )


def layout_name(page: FetchedPage) -> str:
    """The name of the layout profile extraction uses for the page ('generic' when none),
    for people debugging an outlet; '' when the page cannot be parsed."""
    try:
        parsed = _decode_and_parse(page)
    except ExtractionError:
        return ""
    url = page.final_url or page.url
    return apply_profile(parsed.tree, url, page.fetched_at, attributes=parsed.attributes).name


def extract_article(page: FetchedPage) -> Article:
    """The article in a fetched page, or ExtractionError saying why there is none."""
    try:
        return _extract(page)
    except ExtractionError:
        raise
    except Exception as error:  # lxml/trafilatura internals on hostile input
        reason = f"{type(error).__name__}: {error}"[:200]
        raise ExtractionError(f"extraction failed: {reason}") from error
