"""The one log redaction: configured secrets and their pieces, and secret-shaped text."""

from __future__ import annotations

import io
import logging

from hypothesis import given
from hypothesis import strategies as st

from scwatch.core.redact import HIDDEN, RedactingFilter, Redactor

HOOK = "https://hookUser9:hookPass9@hooks.example.kr/api/v1/alerts/Xy7Tk2Qa?token=tok9Zq4&x=1"


def test_a_secret_url_is_hidden_whole_and_in_pieces() -> None:
    redact = Redactor([HOOK])
    assert redact(f"POST {HOOK} 500") == f"POST {HIDDEN} 500"
    for piece in ("hookUser9", "hookPass9", "Xy7Tk2Qa", "tok9Zq4"):
        assert piece not in redact(f"user {piece} said no")
    # Words of the URL that are no credential stay readable.
    assert redact("alerts api hooks.example.kr") == "alerts api hooks.example.kr"


def test_secret_shaped_text_is_hidden_without_configuration() -> None:
    redact = Redactor()
    text = redact(
        "POST https://hooks.slack.com/services/T0A/B0B/cccc ok; "
        "GET http://bob:pw@example.kr/x?access_token=abc123&page=2"
    )
    assert "T0A" not in text and "cccc" not in text
    assert "bob" not in text and "pw@" not in text and "abc123" not in text
    assert "page=2" in text and "example.kr/x" in text


def test_a_password_is_hidden_in_any_text() -> None:
    assert Redactor(["s3cr3t!pw"])("login failed for s3cr3t!pw") == f"login failed for {HIDDEN}"


def test_the_filter_redacts_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(Redactor(["pgPass77"])))
    logger = logging.getLogger("scwatch.test.redact")
    logger.addHandler(handler)
    try:
        logger.warning("connecting with %s", "postgresql://u:pgPass77@db/x")
        try:
            raise RuntimeError("refused: pgPass77")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert "pgPass77" not in stream.getvalue()
    assert "RuntimeError" in stream.getvalue() and HIDDEN in stream.getvalue()


def plain(text: str) -> bool:
    return text.strip() == text and "\n" not in text and "<" not in text


@given(st.text(min_size=8, max_size=40).filter(plain))
def test_any_configured_secret_never_survives(secret: str) -> None:
    redact = Redactor([secret])
    assert secret not in redact(f"before {secret} after {secret}")
