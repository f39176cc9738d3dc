"""The load-time selector check accepts exactly the CSS the listing spider can apply.

The check does not import parsel (its import was most of what loading a configuration
cost); these cases hold it to parsel's own translation, including the ::text and
::attr() pseudo-elements and the ones parsel refuses."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cssselect import SelectorError
from lxml.etree import XPath, XPathSyntaxError
from parsel.csstranslator import css2xpath

from scwatch.config.css import check_css

SELECTORS = [
    "td.title a",
    "a.title::attr(href)",
    'a::attr("data-url")',
    "a::attr(data-url)",
    "a::attr('a b')",
    "li.article",
    "a::text",
    "div > p:first-child a",
    "ul li:nth-child(2n+1) a[href^='/news']",
    "a:not(.ad)",
    "#list .item a, .more a",
    "*::text",
    "td[[[",
    "a::attr()",
    "a::attr(href, src)",
    "a::attr(1)",
    "a::content",
    "a::before",
    "a::text b",
    "a:hover",
    "a:contains('뉴스')",
    "p::TEXT",
    "a::ATTR(href)",
    "a::text::attr(href)",
    "",
    "div >",
    "a[href=]",
]


def parsel_accepts(selector: str) -> bool:
    try:
        XPath(css2xpath(selector))
    except (SelectorError, XPathSyntaxError):
        return False
    return True


def our_check_accepts(selector: str) -> bool:
    try:
        check_css(selector)
    except ValueError as exc:
        assert str(exc).startswith("not a valid CSS selector: ")
        return False
    return True


@pytest.mark.parametrize("selector", SELECTORS)
def test_check_agrees_with_parsel(selector: str) -> None:
    assert our_check_accepts(selector) == parsel_accepts(selector)


def test_checking_a_selector_does_not_import_parsel() -> None:
    probe = (
        "import sys\nfrom scwatch.config.css import check_css\n"
        "check_css('a.title::attr(href)')\nprint('parsel' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"
