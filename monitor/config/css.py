"""Checking a listing source's CSS selectors when the configuration loads.

The listing spider applies them with parsel: cssselect's HTML dialect plus two
pseudo-elements, `::text` and `::attr(name)`. The check here accepts exactly what that
translation accepts (tests/config/test_config_css.py compares the two) without importing
parsel itself, whose import (w3lib, jmespath, urllib.request) would otherwise be the
largest part of loading a configuration, which every command does.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cssselect import HTMLTranslator


def check_css(selector: str) -> None:
    """ValueError unless `selector` is CSS the listing spider can use, so a typo fails at
    load instead of matching nothing."""
    from cssselect import SelectorError

    try:
        _translator().css_to_xpath(selector)
    except SelectorError as exc:
        raise ValueError(f"not a valid CSS selector: {exc}") from None


@cache
def _translator() -> HTMLTranslator:
    from cssselect import HTMLTranslator
    from cssselect.parser import FunctionalPseudoElement, PseudoElement
    from cssselect.xpath import ExpressionError, XPathExpr

    class ListingDialect(HTMLTranslator):
        """cssselect's HTML dialect with parsel's pseudo-elements; any other is refused,
        as parsel refuses it."""

        def xpath_pseudo_element(
            self, xpath: XPathExpr, pseudo_element: PseudoElement
        ) -> XPathExpr:
            if isinstance(pseudo_element, FunctionalPseudoElement):
                if pseudo_element.name != "attr":
                    raise ExpressionError(
                        f"The functional pseudo-element ::{pseudo_element.name}() is unknown"
                    )
                if pseudo_element.argument_types() not in (["STRING"], ["IDENT"]):
                    raise ExpressionError("Expected a single string or ident for ::attr()")
            elif pseudo_element != "text":
                raise ExpressionError(f"The pseudo-element ::{pseudo_element} is unknown")
            return xpath

    return ListingDialect()
