"""Control characters out of text from the web, before it is stored. Pure.

A feed title, an author line or a page can carry any code point. Some do harm far from
where they came in: NUL makes PostgreSQL refuse the whole article ("cannot contain NUL"),
ESC starts a terminal escape sequence (clear screen, colours, a title rewritten), C1
controls do the same on terminals that read them, and bidi overrides make a headline read
backwards. None of them carries meaning in a news text, so `strip_controls` removes them;
the whitespace controls become the plain whitespace they stand for. Ingest applies it to
title, author and body (the one point before storage); the CLI escapes anything older.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "strip_controls", "utf8_if_xml_safe", "xml_safe"]

# Embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the marks LRM, RLM, ALM.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BREAKS = "\t\n\r\x0b\x0c\x85"
# C0 and C1 controls and DEL, except the whitespace ones; bidi controls; lone surrogates
# (from lenient decoders: no UTF-8 encoder, hence no database, accepts them).
_REMOVED = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
_ANY = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
_SPACES = str.maketrans(dict.fromkeys(_BREAKS, " "))
# The characters XML 1.0 forbids: lxml will not hold them in a tree, and trafilatura, which
# works on one, then returns no text at all for a page with one of them anywhere.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The same characters in UTF-8: C0 bytes are only ever those controls, EF BF BE and EF BF BF
# only U+FFFE and U+FFFF, and a lone surrogate does not encode at all.
_C0_FORBIDDEN = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def strip_controls(text: str, *, lines: bool = False) -> str:
    """`text` without control characters. With `lines` (a body) newlines and tabs stay and
    the other line breaks (CR, CRLF, VT, FF, NEL) become newlines; without it (a title, an
    author) every whitespace control becomes a space. Idempotent; leaves every other
    character (Hangul, emoji, U+2028) as it is."""
    if not _ANY.search(text):
        return text
    text = _REMOVED.sub("", text)
    if lines:
        return text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    return text.translate(_SPACES)


def xml_safe(html: str) -> str:
    """`html` without the characters XML 1.0 forbids (C0 controls but tab, newline and
    carriage return; lone surrogates; U+FFFE, U+FFFF), for the extractor's parser. What it
    lets through (C1, bidi controls) is left for `strip_controls` at ingest."""
    return _XML_FORBIDDEN.sub("", html)


def utf8_if_xml_safe(html: str) -> bytes | None:
    """`html` in UTF-8 when it holds no character XML 1.0 forbids (`xml_safe(html)` is then
    `html` itself), else None. Testing the bytes is several times faster than the regular
    expression, and lxml parses UTF-8 bytes faster than a str, which it would encode first."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if len(data.translate(None, _C0_FORBIDDEN)) != len(data):
        return None
    return None if any(noncharacter in data for noncharacter in _NONCHARACTERS) else data
