"""Decoding against the issue: BOM first, then the declared charset (euc-kr and
ks_c_5601-1987 read as cp949) verified by a strict decode and a plausible-Korean check,
with fallbacks when header and <meta> disagree or say nothing. No mojibake gets through."""

from __future__ import annotations

import codecs
import itertools

import feedparser
import pytest
from support.golden_set import load_golden_pages

from scwatch.core.text.decoding import decode_feed, decode_html

KOREAN = "스마트시티 수출 양해각서를 체결했다. 똠얌꿍 식당과 뷁 같은 글자도 남는다."
WESTERN = "Åsa and Åke visited Åland; Smörgåsbord på Öland, garçon, très bien."


def page(text: str, meta: str | None) -> str:
    declaration = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{declaration}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("header", "meta"),
    list(
        itertools.product(
            [
                None,
                "text/html",
                "text/html; charset=utf-8",
                "text/html; charset=iso-8859-1",
                "text/html; charset=EUC-KR",
            ],
            [None, "euc-kr", "ks_c_5601-1987", "utf-8", "windows-1252"],
        )
    ),
)
def test_cp949_bytes_read_as_korean_whatever_the_labels_say(
    header: str | None, meta: str | None
) -> None:
    html = page(KOREAN, meta)
    assert KOREAN in decode_html(html.encode("cp949"), header)


@pytest.mark.parametrize("meta", [None, "euc-kr", "ks_c_5601-1987", "windows-1252"])
def test_utf8_bytes_win_over_any_label(meta: str | None) -> None:
    html = page(KOREAN, meta)
    assert KOREAN in decode_html(html.encode("utf-8"), "text/html; charset=euc-kr")


@pytest.mark.parametrize(
    "header", [None, "text/html", "text/html; charset=iso-8859-1", "text/html; charset=euc-kr"]
)
def test_western_pages_never_become_scattered_hangul(header: str | None) -> None:
    # cp949 can decode these bytes ("Åsa" -> "흒a"): lone syllables between Latin letters
    # are not Korean, so the western reading is kept.
    decoded = decode_html(page(WESTERN, None).encode("cp1252"), header)
    assert WESTERN in decoded


@pytest.mark.parametrize("header", [None, "text/html", "text/html; charset=euc-kr"])
def test_chinese_pages_are_not_read_as_korean(header: str | None) -> None:
    # GBK bytes decode as cp949 too, into syllables mixed with as many Hanja.
    chinese = "中国城市正在推进智慧城市建设，多个地方政府与企业签署合作协议。"
    assert chinese in decode_html(page(chinese, None).encode("gbk"), header)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_mark_wins_over_a_wrong_header(codec: str) -> None:
    body = page(KOREAN, "euc-kr").encode(codec)
    if codec != "utf-8-sig":
        assert body.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
        )
    assert KOREAN in decode_html(body, "text/html; charset=iso-8859-1")


def test_golden_euc_kr_pages_decode_exactly() -> None:
    checked = 0
    for golden in load_golden_pages():
        try:
            golden.html.decode("utf-8")
        except UnicodeDecodeError:
            assert decode_html(golden.html, golden.content_type) == golden.html.decode("cp949")
            checked += 1
    assert checked >= 5


FEED = (
    '<?xml version="1.0" encoding="{label}"?><rss version="2.0"><channel><title>시험</title>'
    "<item><title>{title}</title><link>https://news.example/1</link></item></channel></rss>"
)


@pytest.mark.parametrize("label", ["euc-kr", "ks_c_5601-1987", "EUC-KR"])
@pytest.mark.parametrize("header", [None, "application/rss+xml", "text/xml; charset=utf-8"])
def test_feeds_are_decoded_before_feedparser_sees_them(label: str, header: str | None) -> None:
    title = "똠방각하 스마트시티 수출 뷁"
    body = FEED.format(label=label, title=title).encode("cp949")
    parsed = feedparser.parse(decode_feed(body, header))
    assert parsed.entries[0].title == title
    # Left to itself, feedparser reads these bytes as windows-1252: the mojibake we avoid.
    assert feedparser.parse(body).entries[0].title != title


def test_undecodable_bytes_never_raise() -> None:
    garbage = bytes(range(256)) * 8
    assert isinstance(decode_html(garbage, "text/html; charset=euc-kr"), str)
    assert isinstance(decode_feed(garbage, None), str)
