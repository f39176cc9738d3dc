"""Email channel: a plain-text + HTML alert mail over SMTP (STARTTLS, SMTPS or plain).

TLS always verifies the server certificate (Python's smtplib does not unless given a
context). The Message-ID comes from the idempotency key, so the repeat that at-least-once
delivery sends after a crash carries the same Message-ID and mail clients fold it away.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Literal

from scwatch.core.clock import utcnow
from scwatch.core.errors import (
    ConfigError,
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from scwatch.notify.escape import (
    clip,
    digest_items,
    one_line,
    story_view,
    template_environment,
)

log = logging.getLogger(__name__)

Security = Literal["starttls", "ssl", "none"]
SUBJECT_LIMIT = 150
SERVER_TEXT_LIMIT = 200
_PLAIN_KEY = re.compile(r"[A-Za-z0-9._-]{1,64}")
_DOMAIN = re.compile(r"[A-Za-z0-9.-]+")


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render_many(
    payloads: Sequence[Mapping[str, object]], heading: str = "", subject: str = ""
) -> tuple[str, str]:
    """Plain text and HTML listing the stories of several alert payloads (one works too)."""
    env = template_environment()
    context = {
        "stories": [story_view(payload) for payload in payloads],
        "heading": heading,
        "subject": subject,
    }
    text = env.get_template("alert.txt.j2").render(context)
    html = env.get_template("alert.html.j2").render(context)
    return text, html


def render_alert(payload: Mapping[str, object]) -> RenderedMail:
    """Subject and both bodies for an alert payload, or for a digest payload (`items`)."""
    subject = alert_subject(payload)
    if payload.get("digest"):
        heading = clip(one_line(str(payload.get("title") or "")), SUBJECT_LIMIT)
        text, html = render_many(digest_items(payload), heading=heading, subject=subject)
    else:
        text, html = render_many([payload], subject=subject)
    return RenderedMail(subject, text, html)


def alert_subject(payload: Mapping[str, object]) -> str:
    """`[scwatch] rule: title` on one line (no CR/LF can start a new header), capped."""
    rule = one_line(str(payload.get("rule") or ""))
    title = one_line(str(payload.get("title") or ""))
    if payload.get("digest"):  # a digest title already names the rule
        return clip(f"[scwatch] {title or rule}", SUBJECT_LIMIT)
    update = "Update: " if payload.get("update") else ""
    return clip(f"[scwatch] {rule}: {update}{title}", SUBJECT_LIMIT)


def message_id(idempotency_key: str, sender: str) -> str:
    """The same Message-ID for every attempt at the same alert."""
    key = idempotency_key
    if not _PLAIN_KEY.fullmatch(key):
        key = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    domain = parseaddr(sender)[1].rpartition("@")[2]
    if not _DOMAIN.fullmatch(domain):
        domain = "scwatch.invalid"
    return f"<scwatch.{key}@{domain}>"


def build_message(
    payload: Mapping[str, object], idempotency_key: str, sender: str, recipients: Sequence[str]
) -> EmailMessage:
    mail = render_alert(payload)
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id(idempotency_key, sender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    message.set_content(mail.text, charset="utf-8")
    message.add_alternative(mail.html, subtype="html", charset="utf-8")
    return message


class EmailNotifier:
    def __init__(
        self,
        host: str,
        port: int,
        security: Security,
        username: str,
        password: str,
        sender: str,
        recipients: Sequence[str],
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in ("starttls", "ssl", "none"):
            raise ConfigError(f"email security must be starttls, ssl or none, not {security!r}")
        if not recipients:
            raise ConfigError("an email channel needs at least one recipient")
        self.host, self.port, self.security = host, port, security
        self.username, self.sender = username, sender
        self._password = password
        self.recipients = tuple(recipients)
        # Envelope addresses are the bare mailboxes: a display name such as "홍길동" belongs in
        # the To header (RFC 2047-encoded), and would otherwise demand SMTPUTF8 of the server.
        self.envelope_sender = _mailbox(sender)
        self.envelope_recipients = [_mailbox(recipient) for recipient in recipients]
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()

    def __repr__(self) -> str:
        return f"EmailNotifier(host={self.host!r}, port={self.port}, security={self.security!r})"

    @property
    def where(self) -> str:
        return f"the SMTP server {self.host}:{self.port}"

    def send(self, payload: Mapping[str, object], idempotency_key: str) -> None:
        try:
            message = build_message(payload, idempotency_key, self.sender, self.recipients)
        except (ValueError, TypeError) as exc:  # a header the email package refuses
            raise PermanentDeliveryError(f"cannot build the alert mail: {exc}") from None
        try:
            self._transmit(message)
        except DeliveryError:
            raise
        except Exception as exc:
            raise self._classify(exc) from None

    def _transmit(self, message: EmailMessage) -> None:
        smtp = self._connect()
        try:
            self._login(smtp)
            refused = smtp.send_message(message, self.envelope_sender, self.envelope_recipients)
        finally:
            _quit_quietly(smtp)
        if refused:  # the others got it; a retry would send them a duplicate
            log.warning("%s refused some recipients: %s", self.where, ", ".join(sorted(refused)))

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.ssl_context
            )
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.security == "starttls":
                smtp.starttls(context=self.ssl_context)
                smtp.ehlo()
        except BaseException:
            _quit_quietly(smtp)
            raise
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        if not self.username:
            return
        try:
            if (self.username + self._password).isascii():
                smtp.login(self.username, self._password)
            else:
                _login_plain_utf8(smtp, self.username, self._password)
        except smtplib.SMTPResponseException:
            raise
        except smtplib.SMTPException:  # AUTH not offered, or no mechanism in common
            hint = (
                " without TLS; set security to starttls or ssl" if self.security == "none" else ""
            )
            raise PermanentDeliveryError(
                f"{self.where} offers no login method scwatch can use{hint}"
            ) from None

    def _classify(self, exc: Exception) -> DeliveryError:
        """4xx replies and network trouble are worth retrying; 5xx replies, refused logins
        and TLS failures (a wrong host or certificate does not fix itself) are not."""
        if isinstance(exc, smtplib.SMTPResponseException):
            return self._classify_reply(exc)
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = sorted({code for code, _ in exc.recipients.values()})
            message = f"{self.where} refused every recipient ({', '.join(map(str, codes))})"
            if all(400 <= code < 500 for code in codes):
                return TransientDeliveryError(message)
            return PermanentDeliveryError(message)
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return PermanentDeliveryError(f"{self.where}: {self._scrub(str(exc))}")
        if isinstance(exc, ssl.SSLCertVerificationError):
            detail = exc.verify_message or exc.reason or "unknown reason"
            return PermanentDeliveryError(
                f"{self.where} has a certificate we cannot trust: {detail}"
            )
        if isinstance(exc, ssl.SSLError):
            return PermanentDeliveryError(f"TLS with {self.where} failed: {exc.reason or exc}")
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            # smtplib reports a timeout while waiting for a reply as a disconnection
            return TransientDeliveryError(f"{self.where} did not answer within {self.timeout:g} s")
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return TransientDeliveryError(f"{self.where} closed the connection")
        if isinstance(exc, OSError):
            reason = exc.strerror or type(exc).__name__
            return TransientDeliveryError(f"cannot reach {self.where}: {reason}")
        return TransientDeliveryError(f"mail via {self.where} failed ({type(exc).__name__})")

    def _classify_reply(self, exc: smtplib.SMTPResponseException) -> DeliveryError:
        code = exc.smtp_code
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            if 400 <= code < 500:
                return TransientDeliveryError(f"{self.where} cannot check the login now ({code})")
            return PermanentDeliveryError(
                f"{self.where} refused the login ({code}); check the SMTP username and password"
            )
        message = f"{self.where} answered {code} {self._server_text(exc.smtp_error)}".rstrip()
        if 500 <= code < 600:
            return PermanentDeliveryError(message)
        return TransientDeliveryError(message)

    def _server_text(self, raw: bytes | str) -> str:
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        return self._scrub(clip(one_line(text), SERVER_TEXT_LIMIT))

    def _scrub(self, text: str) -> str:
        """Belt and braces: a server echoing the password must not put it into our errors."""
        return text.replace(self._password, "***") if self._password else text


def _login_plain_utf8(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN with UTF-8 credentials (RFC 4616): smtplib's login() encodes them as ASCII
    and so cannot send a password such as "비밀번호1"."""
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    if "PLAIN" not in smtp.esmtp_features["auth"].upper().split():
        raise smtplib.SMTPException("No suitable authentication method found.")
    token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _mailbox(address: str) -> str:
    """The addr-spec of a configured address ("이름 <a@b.kr>" -> "a@b.kr")."""
    if one_line(address) != address.strip():
        raise ConfigError("email addresses may not contain line breaks")
    mailbox = parseaddr(address)[1]
    if "@" not in mailbox:
        raise ConfigError(f"{address!r} is not an email address")
    return mailbox


def _quit_quietly(smtp: smtplib.SMTP) -> None:
    """Say goodbye; once the mail is handed over, a failing QUIT must not cause a resend."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
