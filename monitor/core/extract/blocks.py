"""Prepare a page's (or a layout body's) tree for trafilatura: lines, tables. Pure.

trafilatura reads block elements as paragraphs. Korean bodies are often one element of
text runs separated by <br>, and old boards lay the page out with tables; both would reach
the line-based cleanup as one glued line. These functions turn them into plain blocks.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

__all__ = ["body_document", "split_br_runs", "unwrap_layout_tables"]

_BLOCK_TAG = re.compile(
    r"^(?:p|div|table|ul|ol|dl|figure|blockquote|section|article|pre|h[1-6]|hr|center|aside"
    r"|header|footer)$"
)
_BR_CONTAINERS = lxml.etree.XPath("descendant-or-self::*[br[2]]")
_MAX_BR_CONTAINERS = 20
# A link whose visible text is a web address: an address the writer prints for readers.
_ADDRESS_TEXT = re.compile(r"(?:https?://|www\.)\S+")


def _is_printed_address(piece: HtmlElement, child: HtmlElement) -> bool:
    """`child` is a link showing its own address, alone at the start of its line."""
    if child.tag != "a" or len(piece) or (piece.text or "").strip():
        return False
    return bool(_ADDRESS_TEXT.fullmatch(child.text_content().strip()))


def _join_previous_line(pieces: list[HtmlElement], child: HtmlElement) -> HtmlElement | None:
    """The previous line with `child` after a line break, or None when there is none.

    A line holding only a link is a paragraph of links to trafilatura, which deletes it; an
    address printed under the item it belongs to is the article's text, so it stays with it.
    """
    if not pieces or pieces[-1].tag != "p":
        return None
    line = pieces.pop()
    line.append(line.makeelement("br", {}))
    line.append(child)
    return line


def _split_container(container: HtmlElement) -> None:
    pieces: list[HtmlElement] = []
    current = container.makeelement("p", {})
    current.text, container.text = container.text, None
    for child in list(container):
        container.remove(child)
        tail, child.tail = child.tail, None
        is_block = isinstance(child.tag, str) and bool(_BLOCK_TAG.match(child.tag))
        if child.tag == "br" or is_block:
            pieces.append(current)
            if is_block:
                pieces.append(child)
            current = container.makeelement("p", {})
            current.text = tail
            continue
        joined = _join_previous_line(pieces, child) if _is_printed_address(current, child) else None
        current = joined if joined is not None else current
        if joined is None:
            current.append(child)
        child.tail = tail
    pieces.append(current)
    for piece in pieces:
        if piece.tag != "p" or len(piece) or (piece.text or "").strip():
            container.append(piece)
    if container.tag == "p" and container.getparent() is not None:
        # Paragraphs inside a paragraph: trafilatura would glue them into one line and move
        # text after a nested line break to the end. The lines take the paragraph's place.
        container.drop_tag()


def split_br_runs(root: HtmlElement) -> None:
    """Text runs separated by <br> become <p> elements, each kept as its own line.

    trafilatura joins <br>-separated text inside <article> (Naver's body) into one line,
    which would hide reporter lines and promo lines from the line-based cleanup.
    """
    for container in _BR_CONTAINERS(root)[:_MAX_BR_CONTAINERS]:
        _split_container(container)


# A page laid out with tables (old boards, 2000s CMSs) has a table inside a table, or a cell
# holding a story-sized text. Pages without one keep their tables: those hold data.
_LAYOUT_TABLE = lxml.etree.XPath(
    "boolean(//body//table[descendant::table"
    " or descendant::td[string-length(normalize-space(.)) > 200]])"
)
_TABLE_PARTS = ("table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption")


def unwrap_layout_tables(root: HtmlElement) -> None:
    """On a table-layout page every table becomes plain <div>s, each cell a block of its own.

    trafilatura renders tables as rows of cells joined by '|', which would glue a board's
    menu, byline and story into table rows, hidden from its link-density filter and from
    the line-based cleanup.
    """
    if not _LAYOUT_TABLE(root):
        return
    for part in root.iter(*_TABLE_PARTS):
        part.tag = "div"


def body_document(body: HtmlElement) -> HtmlElement:
    """A minimal document holding the profile's body element (moved, not copied)."""
    document = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    container = document.find("body")
    if container is None:  # lxml always builds one; this keeps the type checker honest
        return body
    container.append(body)
    split_br_runs(body)
    return document
