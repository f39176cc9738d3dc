"""trafilatura's text extraction for scwatch's one set of options, without its idle work. Pure.

`trafilatura.bare_extraction(tree, fast=True, include_comments=False, ...)` spends a good
part of its time on work whose result is known beforehand: whole-tree prunes by regular
expression (infinite-scroll containers, comment sections, and cookie banners when it
measures the page's text) call back into Python once per element, although most pages have
no class or id that could match; it copies the page before pruning even when nothing will
be pruned; it copies the cleaned tree for a comparison that fast mode never makes; and it
rebuilds its options from the configuration on every call.

`main_text` runs the same steps, calling trafilatura's own functions in the same order, and
skips only what cannot change the result:

- a prune runs only when one of the page's class or id values matches the prune's regular
  expressions (the same patterns and flags, searched once in all the values joined by
  newlines: with re.M a match in one value is a match in the joined text); which XPath
  expressions have such a pattern is pinned by a hash of their text, so an expression
  trafilatura changes simply always runs; when a prune does run, a plain-XPath test of its
  patterns' literal parts goes first, so the callbacks run only on the few candidates;
- the page is copied only when a prune will delete something from it;
- the page measure (html2txt) copies the body alone, not the whole page;
- no backup copy, one options object.

On another trafilatura version than the one these steps were read from, `main_text` calls
`bare_extraction` itself. tests/core/extract/test_sequence.py compares the two on pages
that take every branch (comment sections, infinite scroll, cookie banners, short pages
retried in recall mode, the baseline rescue, forum threads).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from copy import copy

import lxml.etree
import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

__all__ = ["SEQUENCE_VERSION", "attribute_text", "bare_text", "main_text"]

# The trafilatura whose steps this module (and fallback.py) repeats.
SEQUENCE_VERSION = "2.3.1"
_REGEXP_NS = "http://exslt.org/regular-expressions"
_ATTRIBUTES = lxml.etree.XPath(
    "descendant-or-self::*/@class | descendant-or-self::*/@id", smart_strings=False
)
# sha256 of an XPath's text (first 16 hex digits) -> the union of its regular expressions
# with their flags (XPath's re:test is Python's re.search on one attribute value), and a
# test in plain XPath that every element the XPath selects passes. A page whose joined
# class and id values do not match the pattern has nothing to prune; on one that does, the
# plain test goes first, so the Python callbacks run only on its few candidates.
_PREFILTERS = {
    # RAW_TREE_PRUNE_XPATH[0]: infinite-scroll containers
    "01e7c660fd6406f2": (
        re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll", re.M),
        "contains(@id, 'mvp-post-add-') or contains(@id, 'infinite')"
        " or contains(@class, 'mvp-post-add-') or contains(@class, 'infinite')",
    ),
    # RAW_TREE_PRUNE_XPATH[1]: contains(@class, 'elementor-share-buttons'), plain already
    "3c7afe92279543d5": (re.compile(r"elementor-share-buttons", re.M), ""),
    # REMOVE_COMMENTS_AND_LISTS_XPATH[0]: comment sections and comment lists
    "9cc18d34e6e2d258": (
        re.compile(
            r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)"
            r"|^[Cc]omment(?!ary)|(?:article|post)-comments",
            re.M,
        ),
        "contains(@id, 'omment') or contains(@id, 'comol') or contains(@id, 'disqus_thread')"
        " or contains(@class, 'omment')",
    ),
}
# BASIC_CLEAN_XPATH (html2txt's cleaning): its cookie-banner test, and the rest without it.
_BASIC_CLEAN_HASH = "db6c25acd08aef99"
_COOKIE_BANNER = re.compile(
    r"cookie[-_]?(?:banner|bar|consent|law|notice|policy|description)|notice[-_]{0,2}cookie"
    r"|consent[-_]?(?:banner|manager|sdk)|borlabs|cookiebot|cmplz|onetrust|moove[-_]?gdpr",
    re.I | re.M,
)
_BASIC_CLEAN_PLAIN = lxml.etree.XPath(
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script"
    "|.//style|.//svg|.//template"
)

try:
    from trafilatura.baseline import _spaced_text, baseline
    from trafilatura.core import (
        ESCALATION_ACCEPT_RATIO,
        ESCALATION_MAX_LENGTH,
        ESCALATION_PAGE_SHARE,
        RAW_TREE_PRUNE_XPATH,
        REMOVE_COMMENTS_AND_LISTS_XPATH,
        _forum_thread_page,
    )
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import BASIC_CLEAN_XPATH, Extractor
    from trafilatura.xml import delete_element, xmltotxt

    _SAME_STEPS = trafilatura.__version__ == SEQUENCE_VERSION
except ImportError:  # pragma: no cover - another trafilatura
    _SAME_STEPS = False


@functools.cache
def _hash(xpath: lxml.etree.XPath) -> str:
    return hashlib.sha256(xpath.path.encode()).hexdigest()[:16]


@functools.cache
def _fast_form(xpath: lxml.etree.XPath) -> tuple[re.Pattern[str] | None, lxml.etree.XPath]:
    """The pattern a page's class and id values must match for `xpath` to select anything
    (None: unknown, always run it), and the XPath to run in its place."""
    known = _PREFILTERS.get(_hash(xpath))
    if known is None:
        return None, xpath
    pattern, guard = known
    if not guard:
        return pattern, xpath
    end = xpath.path.index("]") + 1  # after the element-name test
    guarded = f"{xpath.path[:end]}[{guard}]{xpath.path[end:]}"
    return pattern, lxml.etree.XPath(guarded, namespaces={"re": _REGEXP_NS})


def _needed(xpaths: Sequence[lxml.etree.XPath], attributes: str) -> list[lxml.etree.XPath]:
    """The expressions that may select something on a page with these class and id values."""
    forms = [_fast_form(xpath) for xpath in xpaths]
    return [xpath for pattern, xpath in forms if pattern is None or pattern.search(attributes)]


def attribute_text(element: HtmlElement) -> str:
    """Every class and id value under `element`, one a line: what the prefilters read."""
    return "\n".join(_ATTRIBUTES(element))


def bare_text(element: HtmlElement, url: str) -> str:
    """trafilatura's own call with scwatch's options ('' when it finds nothing)."""
    # Measured on the 181-page ScrapingHub set through extract_article: fast alone F1 0.962
    # at ~70 pages/s; fast + favor_precision 0.943 (recall falls, short pages lost);
    # favor_precision without fast 0.964 at ~40 pages/s.
    document = trafilatura.bare_extraction(
        element,
        url=url,
        fast=True,
        favor_precision=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    text = getattr(document, "text", None) if document is not None else None
    return text or ""


def _pruned(element: HtmlElement, attributes: str) -> HtmlElement:
    """The page without infinite-scroll containers and (unless it is a forum thread, whose
    posts are its content) comment sections: trafilatura's first step, on a copy only when
    something may be deleted."""
    xpaths = _needed(RAW_TREE_PRUNE_XPATH, attributes)
    if not _forum_thread_page(element):
        xpaths += _needed(REMOVE_COMMENTS_AND_LISTS_XPATH, attributes)
    if not xpaths:
        return element
    tree = copy(element)
    for xpath in xpaths:
        for subtree in xpath(tree):
            delete_element(subtree)  # the tail text is preserved
    return tree


def _page_text_length(tree: HtmlElement, attributes: str) -> int:
    """len(trafilatura.baseline.html2txt(tree)): the page's text, the escalation's measure."""
    body = tree.find(".//body")
    # A copy of the body alone: html2txt copies the whole page, then reads only its body.
    body = copy(body if body is not None else tree)
    basic_clean = BASIC_CLEAN_XPATH
    if _hash(basic_clean) == _BASIC_CLEAN_HASH and not _COOKIE_BANNER.search(attributes):
        basic_clean = _BASIC_CLEAN_PLAIN
    for element in basic_clean(body):
        delete_element(element)
    return len(_spaced_text(body))


def _extracted(tree: HtmlElement, options: Extractor, url: str) -> tuple[_Element, str]:
    """trafilatura's cleaning, tag conversion and main extractor on a copy of `tree`."""
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    body: _Element
    body, text = extract_content(cleaned, options)
    return body, text


def _recall_retry(
    tree: HtmlElement, options: Extractor, url: str, found: tuple[_Element, str]
) -> tuple[_Element, str]:
    """trafilatura's escalation: a short text covering little of the page is tried again in
    recall mode, and the retry kept when clearly longer."""
    retry_options = copy(options)
    retry_options.focus = "recall"
    retried: tuple[_Element, str] | None = None
    try:
        retried = _extracted(tree, retry_options, url)
    except Exception:  # trafilatura logs and ignores a failed retry
        retried = None
    if retried is None or len(retried[1]) < options.min_extracted_size:
        return found
    return retried if len(retried[1]) > ESCALATION_ACCEPT_RATIO * len(found[1]) else found


def _main_body(
    element: HtmlElement, options: Extractor, url: str, attributes: str
) -> tuple[_Element, str]:
    """trafilatura_sequence for fast mode, balanced focus, no comments."""
    tree = _pruned(element, attributes)
    found = _extracted(tree, options, url)
    if len(found[1]) < options.min_extracted_size:  # the rescue: baseline on the raw tree
        rescue, rescue_text, rescue_length = baseline(tree)
        if rescue_length > len(found[1]):
            found = rescue, rescue_text
    length = len(found[1])
    if 0 < length < ESCALATION_MAX_LENGTH and length < ESCALATION_PAGE_SHARE * (
        _page_text_length(tree, attributes)
    ):
        found = _recall_retry(tree, options, url, found)
    return found


def _sequence_text(element: HtmlElement, url: str, attributes: str) -> str:
    options = copy(_OPTIONS)
    options.url = options.source = url
    try:
        body, text = _main_body(element, options, url, attributes)
    except (TypeError, ValueError):  # bare_extraction's "discarding data"
        return ""
    if len(text) < options.min_output_size and options.min_output_comm_size > 0:
        return ""
    return xmltotxt(body, options.formatting)


if _SAME_STEPS:
    _OPTIONS = Extractor(output_format="python", fast=True, comments=False, tables=True)


def main_text(element: HtmlElement, url: str, attributes: str | None = None) -> str:
    """The main text trafilatura finds in `element` with scwatch's options, '' when none: the
    text `bare_text` gives, at less cost. `element` is left as it was. `attributes`: the
    `attribute_text` of `element` or of a page holding it (computed when not given)."""
    if not _SAME_STEPS:  # pragma: no cover - another trafilatura
        return bare_text(element, url)
    if attributes is None:
        attributes = attribute_text(element)
    return _sequence_text(element, url, attributes)
