"""Errors in tables are cut between words with an ellipsis, never mid-word."""

from scwatch.core.views import shorten


def test_short_text_is_unchanged() -> None:
    assert shorten("HTTP 404 Not Found") == "HTTP 404 Not Found"
    assert shorten(None) == ""


def test_long_text_is_cut_between_words() -> None:
    text = "connection refused by the ministry's server while fetching the press release board"
    cut = shorten(text, 40)
    assert len(cut) <= 40 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "


def test_one_long_word_is_cut_where_it_must_be() -> None:
    url = "https://www.example.kr/" + "a" * 100
    cut = shorten(f"see {url}", 40)
    assert len(cut) == 40 and cut.endswith("…")
