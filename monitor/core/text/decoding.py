"""Bytes to text: HTML pages and feeds decoded without mojibake. Pure, no I/O.

Korean pages lie about their encoding often enough (an EUC-KR page served as UTF-8, a UTF-8
page whose <meta> says euc-kr, CP949-only syllables under an euc-kr label) that every
declared charset is verified by a strict decode before it is used.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Every label that in practice means "Korean, Unified Hangul Code" is read as cp949, which
# is a superset of KS X 1001 EUC-KR (WHATWG maps the euc-kr label the same way).
_KOREAN_LABELS = frozenset(
    [
        "euc-kr",
        "euc_kr",
        "euckr",
        "ks_c_5601-1987",
        "ks_c_5601",
        "ks_c_5601-1989",
        "ksc5601",
        "ksc_5601",
        "x-windows-949",
        "windows-949",
        "cp949",
        "ms949",
        "uhc",
        "korean",
        "cseuckr",
        "iso-ir-149",
        "x-euc-kr",
    ]
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']\s*([\w.:-]+)", re.I)
_XML_DECL_ENCODING = re.compile(r"(<\?xml[^>]*?)\s+encoding\s*=\s*([\"'])[^\"']*\2", re.I)
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HANGUL_RUN = re.compile("[\uac00-\ud7a3]{2,}")
_IN_WORD_SHARE = 0.6
_HANJA = re.compile("[\u4e00-\u9fff\uf900-\ufaff]")
_HANJA_SHARE = 0.25
_HIGH_BYTE_PAIR = re.compile(rb"[\x80-\xff]{2}")
_META_SCAN_BYTES = 8192


def _codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _KOREAN_LABELS:
        return "cp949"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp949" if name == "euc_kr" else name


def _header_codec(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return _codec_for(match.group(1)) if match else None


def _multibyte_utf8(body: bytes) -> str | None:
    """The text when the bytes are valid UTF-8 and not plain ASCII: almost never an accident."""
    if body.isascii():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _strict_decode(body: bytes, codec: str) -> str | None:
    """Decode strictly and reject text that cannot be what the author wrote."""
    try:
        text = body.decode(codec)
    except (UnicodeError, LookupError):  # UnicodeError: codecs like "undefined" always raise
        return None
    if "\ufffd" in text or _C1_CONTROLS.search(text):
        return None
    return text


def _hangul_count(text: str) -> int:
    return len(_HANGUL.findall(text))


def _plausible_korean(text: str) -> bool:
    """Hangul that reads as Korean: most syllables sit next to another syllable.

    Western text decoded as cp949 turns each accented letter pair into a lone syllable
    between Latin letters ("Åsa" -> "흒a"); real Korean words are runs of syllables.
    """
    syllables = _hangul_count(text)
    if not syllables:
        return False
    in_words = sum(len(run) for run in _HANGUL_RUN.findall(text))
    # Chinese GBK bytes read as cp949 give syllables and Hanja in like numbers; Korean news
    # uses few Hanja.
    hanja = len(_HANJA.findall(text))
    return in_words >= _IN_WORD_SHARE * syllables and hanja <= _HANJA_SHARE * syllables


def _decode_with_bom(body: bytes) -> str | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return body.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError:
                return None
    return None


def _decode(body: bytes, declared: list[str | None]) -> str:
    """BOM, then valid UTF-8, then the declared charsets verified, then cp949, detection."""
    with_bom = _decode_with_bom(body)
    if with_bom is not None:
        return with_bom
    if body.isascii():
        return body.decode("ascii")
    utf8_text = _multibyte_utf8(body)
    if utf8_text is not None:
        # Valid multi-byte UTF-8 is what the bytes are, whatever a header or <meta> claims.
        return utf8_text
    codecs_to_try = list(dict.fromkeys(c for c in declared if c))
    decoded = [t for c in codecs_to_try if (t := _strict_decode(body, c)) is not None]
    korean = [text for text in decoded if _plausible_korean(text)]
    if korean:
        # Header and <meta> disagree: the reading with more Korean in it is the right one.
        return max(korean, key=_hangul_count)
    # Nothing declared, or a western label on a Korean page (common on old servers).
    cp949 = _strict_decode(body, "cp949")
    if cp949 is not None and _plausible_korean(cp949):
        return cp949
    western = [text for text in decoded if not _HANGUL.search(text)]
    if western:
        return western[0]
    return _detect(body)


def _detect(body: bytes) -> str:
    if not _HIGH_BYTE_PAIR.search(body):
        # No two non-ASCII bytes in a row: no multi-byte charset wrote this (every CJK
        # character takes two or more); it is a western single-byte page.
        western = _strict_decode(body, "cp1252")
        return western if western is not None else body.decode("latin-1")
    guess = charset_normalizer.from_bytes(body).best()
    if guess is not None:
        codec = _codec_for(guess.encoding) or guess.encoding
        try:
            return body.decode(codec)
        except (UnicodeError, LookupError):
            pass
    return body.decode("utf-8", errors="replace")


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTML response, trusting no declaration until the bytes confirm it."""
    meta = _META_CHARSET.search(body[:_META_SCAN_BYTES])
    meta_codec = _codec_for(meta.group(1).decode("ascii", "replace")) if meta else None
    return _decode(body, [_header_codec(content_type), meta_codec])


def decode_feed(body: bytes, content_type: str | None) -> str:
    """Decode a feed and rewrite its XML declaration so feedparser does not decode it again."""
    declared = _XML_ENCODING.search(body[:512])
    xml_codec = _codec_for(declared.group(1).decode("ascii", "replace")) if declared else None
    text = _decode(body, [_header_codec(content_type), xml_codec])
    head, rest = text[:512], text[512:]
    return _XML_DECL_ENCODING.sub(r'\1 encoding="utf-8"', head, count=1) + rest
