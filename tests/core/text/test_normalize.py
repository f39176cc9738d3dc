"""Decoding, URL canonicalisation and text normalisation as a user of scwatch sees them."""

from __future__ import annotations

import codecs

import feedparser
import pytest

from scwatch.core.text.decoding import decode_feed, decode_html
from scwatch.core.text.folding import clean_text, squeeze
from scwatch.core.text.urls import canonical_url

SENTENCE = "스마트시티 수출 양해각서를 체결했다. 똠얌꿍 가게도 문을 열었다."
PLAIN_KS = "부산 에코델타시티가 스마트 물관리 시범 지구로 지정됐다."


def html_page(text: str, meta_charset: str | None = None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">'
    head = meta if meta_charset else ""
    return f"<html><head>{head}<title>기사</title></head><body><p>{text}</p></body></html>"


# ---------------------------------------------------------------- decode_html


def test_euc_kr_page_served_with_a_utf8_header_is_read_as_korean() -> None:
    body = html_page(PLAIN_KS, "euc-kr").encode("cp949")
    assert PLAIN_KS in decode_html(body, "text/html; charset=utf-8")


def test_euc_kr_bytes_without_meta_under_a_utf8_header_still_decode() -> None:
    body = html_page(PLAIN_KS).encode("cp949")
    text = decode_html(body, "text/html; charset=UTF-8")
    assert PLAIN_KS in text
    assert "\ufffd" not in text


def test_meta_euc_kr_on_utf8_bytes_trusts_the_bytes() -> None:
    body = html_page(SENTENCE, "euc-kr").encode("utf-8")
    assert SENTENCE in decode_html(body, None)


def test_page_without_any_declaration_in_cp949_is_decoded() -> None:
    body = html_page(SENTENCE).encode("cp949")
    assert SENTENCE in decode_html(body, None)


@pytest.mark.parametrize("label", ["euc-kr", "EUC-KR", "ks_c_5601-1987", "x-windows-949", "euc_kr"])
def test_cp949_only_syllables_under_euc_kr_labels_survive(label: str) -> None:
    text = "똠방각하와 뷁, 햏자 같은 글자도 있다. " + SENTENCE
    body = html_page(text, label).encode("cp949")
    assert text in decode_html(body, f"text/html; charset={label}")


def test_utf8_bom_wins_over_a_wrong_header() -> None:
    body = codecs.BOM_UTF8 + html_page(SENTENCE).encode("utf-8")
    text = decode_html(body, "text/html; charset=euc-kr")
    assert SENTENCE in text
    assert not text.startswith("\ufeff")


def test_header_and_meta_disagree_the_one_with_hangul_wins() -> None:
    body = html_page(PLAIN_KS, "euc-kr").encode("cp949")
    assert PLAIN_KS in decode_html(body, "text/html; charset=iso-8859-1")


def test_western_label_on_korean_bytes_without_meta_is_not_mojibake() -> None:
    body = html_page(PLAIN_KS).encode("cp949")
    assert PLAIN_KS in decode_html(body, "text/html; charset=windows-1252")


def test_plain_ascii_and_latin1_pages_keep_their_charset() -> None:
    body = html_page("Café déjà vu", "iso-8859-1").replace("기사", "Article").encode("latin-1")
    assert "Café déjà vu" in decode_html(body, None)


def test_undecodable_garbage_never_raises() -> None:
    body = b"<html><body>" + bytes(range(128, 256)) * 4 + b"</body></html>"
    assert isinstance(decode_html(body, "text/html; charset=utf-8"), str)


# ---------------------------------------------------------------- decode_feed


def rss(title: str, encoding: str) -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>남도경제</title><item><title>{title}</title>"
        "<link>http://namdo.example/a/1</link></item></channel></rss>"
    )


def test_feed_declaring_euc_kr_with_cp949_syllables_parses_in_feedparser() -> None:
    title = "뷁 소리 나는 똠얌꿍 축제, 스마트시티 광장서 열려"
    text = decode_feed(rss(title, "euc-kr").encode("cp949"), "application/rss+xml")
    assert 'encoding="euc-kr"' not in text
    parsed = feedparser.parse(text)
    assert parsed.entries[0].title == title


def test_feed_with_utf8_bytes_but_euc_kr_declaration() -> None:
    title = "세종시 자율주행 셔틀 확대"
    text = decode_feed(rss(title, "euc-kr").encode("utf-8"), None)
    assert feedparser.parse(text).entries[0].title == title


def test_feed_with_bom_and_no_declaration() -> None:
    body = (
        codecs.BOM_UTF8
        + b'<rss version="2.0"><channel><item><title>'
        + ("도시 데이터 허브".encode())
        + b"</title></item></channel></rss>"
    )
    assert feedparser.parse(decode_feed(body, "text/xml")).entries[0].title == "도시 데이터 허브"


# ---------------------------------------------------------------- canonical_url


ARTICLE = "https://www.smartcity.example/news/articleView.html?idxno=12345"


@pytest.mark.parametrize(
    "variant",
    [
        "HTTPS://WWW.SmartCity.example/news/articleView.html?idxno=12345",
        "https://www.smartcity.example:443/news/articleView.html?idxno=12345#comments",
        "https://www.smartcity.example/news/articleView.html?idxno=12345&utm_source=naver&utm_medium=rss",
        "https://www.smartcity.example/news/articleView.html?fbclid=AbC&idxno=12345&from=rss",
        "https://m.smartcity.example/news/articleView.html?idxno=12345&gclid=x",
        "  https://www.smartcity.example/news/articleView.html?idxno=12345&amp;ref=main ",
    ],
)
def test_url_variants_have_one_canonical_form(variant: str) -> None:
    assert canonical_url(variant) == ARTICLE


def test_different_article_ids_stay_different() -> None:
    assert canonical_url(ARTICLE) != canonical_url(ARTICLE.replace("12345", "12346"))


def test_remaining_query_parameters_are_sorted_and_kept() -> None:
    url = "http://old.example/news/read.php?no=77&section=2&artid=9"
    assert canonical_url(url) == "http://old.example/news/read.php?artid=9&no=77&section=2"


def test_korea_kr_keeps_only_news_id_on_the_desktop_host() -> None:
    mobile = (
        "https://m.korea.kr/briefing/pressReleaseView.do?newsId=156762515&pWise=mSub&pWiseSub=C2"
    )
    desktop = "https://www.korea.kr/briefing/pressReleaseView.do?newsId=156762515&call_from=rsslink"
    expected = "https://www.korea.kr/briefing/pressReleaseView.do?newsId=156762515"
    assert canonical_url(mobile) == canonical_url(desktop) == expected


def test_naver_and_daum_article_paths_ignore_the_query() -> None:
    url = "https://n.news.naver.com/mnews/article/001/0014000001"
    assert canonical_url(url + "?sid=105") == url
    assert canonical_url("https://v.daum.net/v/20231101054800123?f=o") == (
        "https://v.daum.net/v/20231101054800123"
    )


def test_trailing_slash_and_default_port_are_dropped() -> None:
    assert canonical_url("http://news.example:80/section/") == "http://news.example/section"
    assert canonical_url("http://news.example/") == "http://news.example/"
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"


def test_korean_paths_are_percent_encoded_one_way() -> None:
    raw = "https://news.example/기사/스마트시티"
    encoded_lower = (
        "https://news.example/%ea%b8%b0%ec%82%ac/%ec%8a%a4%eb%a7%88%ed%8a%b8%ec%8b%9c%ed%8b%b0"
    )
    assert canonical_url(raw) == canonical_url(encoded_lower)
    assert "%EA%B8%B0%EC%82%AC" in canonical_url(raw)


def test_korean_query_values_are_encoded_consistently() -> None:
    assert canonical_url("https://s.example/search?q=스마트시티") == canonical_url(
        "https://s.example/search?q=%EC%8A%A4%EB%A7%88%ED%8A%B8%EC%8B%9C%ED%8B%B0"
    )


# ---------------------------------------------------------------- text


def test_clean_text_normalises_whitespace_and_unicode() -> None:
    nfd = "\u1112\u1161\u11ab\u1100\u116e\u11a8"  # 한국 in decomposed jamo
    raw = f"  {nfd}\u200b   스마트\u00a0시티  \r\n\r\n\r\n\r\n둘째 줄\t끝  "
    assert clean_text(raw) == "한국 스마트 시티\n\n둘째 줄 끝"


def test_squeeze_removes_spacing_case_and_compat_forms() -> None:
    assert squeeze("Ｋ-스마트 시티 ㈜한빛 MOU") == squeeze("k-스마트시티 ㈜한빛mou")
    # One folding for search and rules: a compatibility character whose NFKC form is longer
    # than one character stays itself (the matcher keeps positions), so ㈜ is not (주).
    assert squeeze("㈜한빛") == "㈜한빛"
    assert squeeze("업무 협약\n체결") == "업무협약체결"


@pytest.mark.parametrize(
    ("mobile", "desktop"),
    [
        ("https://m.donga.example/news/1", "https://www.donga.example/news/1"),
        ("https://m.kmib.co.kr/view.asp?arcid=1", "https://www.kmib.co.kr/view.asp?arcid=1"),
        ("https://mobile.sports.example.com/a/2", "https://sports.example.com/a/2"),
        ("https://m.news.naver.com/read?oid=1&aid=2", "https://news.naver.com/read?aid=2&oid=1"),
    ],
)
def test_mobile_hosts_map_to_the_desktop_host(mobile: str, desktop: str) -> None:
    assert canonical_url(mobile) == desktop
