"""The email channel against a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from support.loopback import SilentListener, closed_port
from support.payloads import SENTENCE, TITLE, digest_of, sample_payload
from support.smtp import LoopbackSMTP, MailSink, PasswordCheck, SelfSigned

from scwatch.core.errors import (
    ConfigError,
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from scwatch.notify.email import EmailNotifier, render_many

SENDER = "scwatch <alerts@scwatch.example>"
RECIPIENTS = ["desk@example.kr", "홍길동 <hong@example.kr>"]
PASSWORD = "pa55-Wörd-정말비밀"
StartSMTP = Callable[..., LoopbackSMTP]


def notifier_for(server: LoopbackSMTP, **overrides: object) -> EmailNotifier:
    options: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "username": "",
        "password": "",
        "sender": SENDER,
        "recipients": RECIPIENTS,
        "timeout": 5,
    }
    options.update(overrides)
    return EmailNotifier(**options)


def tls_login(
    server: LoopbackSMTP,
    security: str,
    self_signed: SelfSigned,
    username: str = "scwatch",
    password: str = PASSWORD,
) -> EmailNotifier:
    """A notifier that logs in over TLS and trusts only the test certificate."""
    return notifier_for(
        server,
        security=security,
        username=username,
        password=password,
        ssl_context=self_signed.client_context(),
    )


def failure(notifier: EmailNotifier) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        notifier.send(sample_payload(), "0f3c9a")
    return caught.value


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_korean_alert_arrives_with_both_parts_decoding(
    start_smtp: StartSMTP, mail_sink: MailSink
) -> None:
    server = start_smtp(mail_sink)
    notifier_for(server).send(sample_payload(), "0f3c9a")
    [received] = mail_sink.received
    assert received.mail_from == "alerts@scwatch.example"
    assert received.rcpt_tos == ["desk@example.kr", "hong@example.kr"]

    message = received.message()
    assert message["Subject"] == f"[scwatch] 수출-MOU: {TITLE}"
    assert message["To"].addresses[1].display_name == "홍길동"
    assert message["Message-ID"] == "<scwatch.0f3c9a@scwatch.example>"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    for body in (text, html):
        assert TITLE in body
        assert "한빛일보" in body and "2024-05-02 09:30 KST" in body
        assert "also in 2 other outlets" in body
        assert "https://news.example.kr/article?idxno=4821" in body
    assert "*스마트시티* 교통 플랫폼 수출을 위한 *MOU*를 체결했다고" in text
    assert "<strong>스마트시티</strong> 교통 플랫폼" in html


def test_html_part_escapes_scraped_markup(start_smtp: StartSMTP, mail_sink: MailSink) -> None:
    title = '<script>alert("x")</script> 스마트시티 <img src=x onerror=alert(1)> {{7*7}}'
    payload = sample_payload(
        title=title,
        evidence=[{"field": "title", "sentence": title, "terms": ["스마트시티"]}],
        url='javascript:alert(1)"',
    )
    notifier_for(start_smtp(mail_sink)).send(payload, "0f3c9a")
    message = mail_sink.received[0].message()
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "{{7*7}}" in html and "49" not in html
    parser = _Elements()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "javascript" not in html, "only http(s) links are rendered"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert title in text, "the plain part shows the title as it was written"


def test_header_injection_in_the_title_adds_no_header(
    start_smtp: StartSMTP, mail_sink: MailSink
) -> None:
    payload = sample_payload(title="스마트시티 수출\r\nBcc: thief@evil.example\r\n\r\n본문 위조")
    notifier_for(start_smtp(mail_sink)).send(payload, "0f3c9a")
    [received] = mail_sink.received
    message = received.message()
    assert message["Bcc"] is None
    assert received.rcpt_tos == ["desk@example.kr", "hong@example.kr"]
    assert message["Subject"] == (
        "[scwatch] 수출-MOU: 스마트시티 수출 Bcc: thief@evil.example 본문 위조"
    )


def test_long_subjects_are_capped(start_smtp: StartSMTP, mail_sink: MailSink) -> None:
    notifier_for(start_smtp(mail_sink)).send(sample_payload(title="가" * 500), "0f3c9a")
    subject = mail_sink.received[0].message()["Subject"]
    assert len(subject) == 150 and subject.endswith("…")


def test_a_repeat_has_the_same_message_id(start_smtp: StartSMTP, mail_sink: MailSink) -> None:
    notifier = notifier_for(start_smtp(mail_sink))
    notifier.send(sample_payload(), "0f3c9a")
    notifier.send(sample_payload(), "0f3c9a")
    notifier.send(sample_payload(), "77aa01")
    ids = [received.message()["Message-ID"] for received in mail_sink.received]
    assert ids[0] == ids[1] != ids[2]


def test_digest_mail_lists_every_story(start_smtp: StartSMTP, mail_sink: MailSink) -> None:
    second = sample_payload(title="세종시 스마트시티 모델 사우디 진출", also_in=0)
    payload = digest_of(sample_payload(), second)
    notifier_for(start_smtp(mail_sink)).send(payload, "d1g35t")
    message = mail_sink.received[0].message()
    assert message["Subject"] == "[scwatch] 수출-MOU: 2 new stories"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert TITLE in text and "세종시 스마트시티 모델 사우디 진출" in text


def test_render_many_gives_text_and_html_for_a_list() -> None:
    text, html = render_many([sample_payload(), sample_payload(title="둘째 기사")], heading="모음")
    assert text.startswith("모음\n")
    assert text.count("rule: 수출-MOU") == 2
    assert html.count("<h3") == 2 and "둘째 기사" in html


def test_starttls_with_login(
    start_smtp: StartSMTP, mail_sink: MailSink, self_signed: SelfSigned
) -> None:
    check = PasswordCheck("scwatch", PASSWORD)
    server = start_smtp(
        mail_sink,
        tls_context=self_signed.server_context(),
        require_starttls=True,
        authenticator=check,
        auth_required=True,
    )
    notifier = tls_login(server, "starttls", self_signed)
    notifier.send(sample_payload(), "0f3c9a")
    assert check.attempts == [("scwatch", PASSWORD)]
    assert SENTENCE[:10] in mail_sink.received[0].message().get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_smtps_with_login(
    start_smtp: StartSMTP, mail_sink: MailSink, self_signed: SelfSigned
) -> None:
    check = PasswordCheck("scwatch", PASSWORD)
    # aiosmtpd only counts STARTTLS as TLS, so it must be told that SMTPS is encrypted too.
    server = start_smtp(
        mail_sink,
        ssl_context=self_signed.server_context(),
        authenticator=check,
        auth_require_tls=False,
    )
    notifier = tls_login(server, "ssl", self_signed)
    notifier.send(sample_payload(), "0f3c9a")
    assert check.attempts == [("scwatch", PASSWORD)]
    assert len(mail_sink.received) == 1


def test_an_ascii_password_uses_the_standard_login(
    start_smtp: StartSMTP, mail_sink: MailSink, self_signed: SelfSigned
) -> None:
    check = PasswordCheck("scwatch@example.kr", "plain-ascii-Pass1")
    server = start_smtp(
        mail_sink,
        tls_context=self_signed.server_context(),
        require_starttls=True,
        authenticator=check,
    )
    notifier = tls_login(server, "starttls", self_signed, "scwatch@example.kr", "plain-ascii-Pass1")
    notifier.send(sample_payload(), "0f3c9a")
    assert check.attempts == [("scwatch@example.kr", "plain-ascii-Pass1")]
    assert len(mail_sink.received) == 1


def test_a_wrong_password_is_permanent_and_never_shown(
    start_smtp: StartSMTP, mail_sink: MailSink, self_signed: SelfSigned
) -> None:
    server = start_smtp(
        mail_sink,
        tls_context=self_signed.server_context(),
        require_starttls=True,
        authenticator=PasswordCheck("scwatch", "the-right-one"),
    )
    notifier = tls_login(server, "starttls", self_signed)
    error = failure(notifier)
    assert isinstance(error, PermanentDeliveryError)
    assert "535" in str(error)
    assert PASSWORD not in str(error) and PASSWORD not in repr(notifier)
    assert mail_sink.received == []


def test_the_default_tls_context_verifies_certificates(
    start_smtp: StartSMTP, mail_sink: MailSink, self_signed: SelfSigned
) -> None:
    server = start_smtp(mail_sink, tls_context=self_signed.server_context(), require_starttls=True)
    notifier = notifier_for(server, security="starttls")
    assert notifier.ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert notifier.ssl_context.check_hostname is True
    error = failure(notifier)
    assert isinstance(error, PermanentDeliveryError)
    assert "certificate" in str(error)
    assert mail_sink.received == []


def test_login_without_tls_is_refused_by_a_careful_server(
    start_smtp: StartSMTP, mail_sink: MailSink
) -> None:
    server = start_smtp(mail_sink, authenticator=PasswordCheck("scwatch", PASSWORD))
    error = failure(notifier_for(server, username="scwatch", password=PASSWORD))
    assert isinstance(error, PermanentDeliveryError)
    assert "set security to starttls or ssl" in str(error)


@pytest.mark.parametrize(
    ("scripted", "reply", "expected"),
    [
        ("rcpt_reply", "550 5.1.1 mailbox unavailable", PermanentDeliveryError),
        ("rcpt_reply", "450 4.2.1 mailbox busy", TransientDeliveryError),
        ("data_reply", "554 5.7.1 message refused", PermanentDeliveryError),
        ("data_reply", "421 4.3.2 service shutting down", TransientDeliveryError),
        ("data_reply", "451 4.3.0 try again later", TransientDeliveryError),
    ],
)
def test_smtp_replies_are_classified(
    start_smtp: StartSMTP, scripted: str, reply: str, expected: type[DeliveryError]
) -> None:
    sink = MailSink(rcpt_reply=reply) if scripted == "rcpt_reply" else MailSink(data_reply=reply)
    server = start_smtp(sink)
    error = failure(notifier_for(server))
    assert type(error) is expected
    assert reply.split()[0] in str(error)


def test_an_unreachable_server_is_retried() -> None:
    notifier = EmailNotifier("127.0.0.1", closed_port(), "none", "", "", SENDER, RECIPIENTS)
    error = failure(notifier)
    assert isinstance(error, TransientDeliveryError)
    assert "cannot reach the SMTP server 127.0.0.1" in str(error)


def test_a_silent_server_times_out_and_is_retried(silent_listener: SilentListener) -> None:
    notifier = EmailNotifier(
        "127.0.0.1", silent_listener.port, "none", "", "", SENDER, RECIPIENTS, timeout=0.3
    )
    error = failure(notifier)
    assert isinstance(error, TransientDeliveryError)
    assert "did not answer within 0.3 s" in str(error)


def test_bad_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        EmailNotifier("h", 25, "tls", "", "", SENDER, RECIPIENTS)
    with pytest.raises(ConfigError):
        EmailNotifier("h", 25, "none", "", "", SENDER, [])
    with pytest.raises(ConfigError):
        EmailNotifier("h", 25, "none", "", "", SENDER, ["a@b.c\r\nBcc: x@y"])
