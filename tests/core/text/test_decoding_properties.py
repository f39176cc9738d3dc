"""Property-based tests of decoding (scwatch.core.text.decoding): whatever bytes a server
sends under whatever charset label, decoding gives text and never raises; UTF-8 and EUC-KR
(cp949) pages come back exactly as written."""

from __future__ import annotations

import encodings.aliases

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scwatch.core.text.decoding import decode_feed, decode_html

# No deadline (charset_normalizer is slow on some inputs): the suite makes no timed assertions.
NO_DEADLINE = settings(deadline=None)

# Every codec name and alias Python knows (the bytes-to-bytes and text-to-text ones
# included: a server may name any of them), the Korean labels, and nonsense.
LABELS = sorted(
    set(encodings.aliases.aliases)
    | set(encodings.aliases.aliases.values())
    | {"undefined", "euc-kr", "ks_c_5601-1987", "x-windows-949", "utf-16", "utf-32", "unknown"}
)
CONTENT_TYPES = st.one_of(
    st.none(),
    st.sampled_from(LABELS).map(lambda label: f"text/html; charset={label}"),
    st.text(max_size=40).map(lambda label: f"text/html; charset={label}"),
)
# Bytes that start like the documents decoding looks into (BOMs, <meta>, an XML declaration).
PREFIXES = st.sampled_from(
    [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
    + [f'<meta charset="{label}">'.encode() for label in ("euc-kr", "utf-8", "undefined", "hz")]
    + [f'<?xml version="1.0" encoding="{label}"?>'.encode() for label in ("euc-kr", "utf-7")]
)
BODIES = st.builds(lambda head, rest: head + rest, PREFIXES, st.binary(max_size=300))
# Korean as news is written: words of Hangul syllables (all in cp949, 똠 and 뷁 too), with
# ASCII words between. (A text of lone syllables reads like western bytes taken for cp949,
# "Åsa" -> "흒a", and is decided by detection instead: see _plausible_korean.)
KOREAN_WORDS = st.lists(
    st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=2, max_size=6)
    | st.sampled_from(["스마트시티", "수출", "MOU", "2024", "똠얌꿍", "뷁어"]),
    min_size=1,
    max_size=20,
).map(" ".join)


@NO_DEADLINE
@given(BODIES, CONTENT_TYPES)
@example(b"\xa1\xa1\xff", "text/html; charset=undefined")  # codec 'undefined' raised UnicodeError
@example(b"<meta charset=undefined>\xa1\xa1\xff", None)
def test_any_bytes_under_any_label_decode_without_raising(body: bytes, content_type: str) -> None:
    assert isinstance(decode_html(body, content_type), str)
    assert isinstance(decode_feed(body, content_type), str)


@NO_DEADLINE
@given(st.text(max_size=200), st.sampled_from([None, "text/html", "text/html; charset=euc-kr"]))
def test_valid_utf8_round_trips(text: str, content_type: str | None) -> None:
    html = f"<html><body><p>{text}</p></body></html>"
    # A BOM at the very start is the encoding's mark, not text; inside it stays.
    assert decode_html(html.encode("utf-8"), content_type) == html


@NO_DEADLINE
@given(KOREAN_WORDS, st.sampled_from(["euc-kr", "EUC-KR", "ks_c_5601-1987", "cp949"]))
def test_euc_kr_round_trips(text: str, label: str) -> None:
    html = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'
    assert decode_html(html.encode("cp949"), f"text/html; charset={label}") == html
    assert decode_html(html.encode("cp949"), None) == html
