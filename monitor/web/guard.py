"""Who may write: the token from SCWATCH_WEB_TOKEN, a signed session cookie for the
browser, a signed double-submit CSRF token for every form, `Authorization: Bearer` for the
API. Without a token configured every write is refused with a message saying so.

The token is only ever compared (in constant time); it is never rendered, logged or put in
a cookie: the session cookie is an HMAC made with a secret that lives as long as the server
(with several worker processes, one secret for all of them, and the sessions in files they
share: scwatch.web.workers).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

SESSION_COOKIE = "scwatch_session"
CSRF_COOKIE = "scwatch_csrf"
CSRF_FIELD = "csrf"
WRITES_DISABLED = (
    "writes are disabled: start `scwatch serve` with SCWATCH_WEB_TOKEN set to allow them"
)
SIGN_IN_NEEDED = "sign in with the SCWATCH_WEB_TOKEN token first (로그인 Sign in)"
CSRF_FAILED = "the form's CSRF token is missing or wrong: reload the page and try again"
BEARER_NEEDED = "this call needs `Authorization: Bearer <SCWATCH_WEB_TOKEN>`"


# A session id as session_value makes it (secrets.token_urlsafe(18)): also a safe file name.
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{24}")


class Sessions(Protocol):
    """The signed-in session ids: a set in one process, SessionFiles across workers."""

    def add(self, session_id: str) -> None: ...

    def discard(self, session_id: str) -> None: ...

    def __contains__(self, session_id: object) -> bool: ...


class SessionFiles:
    """Session ids as empty files in a private folder, shared by a server's worker
    processes: a sign-in on one worker holds on all, a sign-out ends it on all. An id
    from a cookie is checked to be one session_value could have made before it names a
    file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def add(self, session_id: str) -> None:
        if _SESSION_ID.fullmatch(session_id):
            (self.folder / session_id).touch(mode=0o600)

    def discard(self, session_id: str) -> None:
        if _SESSION_ID.fullmatch(session_id):
            (self.folder / session_id).unlink(missing_ok=True)

    def __contains__(self, session_id: object) -> bool:
        return (
            isinstance(session_id, str)
            and _SESSION_ID.fullmatch(session_id) is not None
            and (self.folder / session_id).exists()
        )


class WriteRefused(Exception):
    """A write without the credentials it needs; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class WriteGuard:
    token: str | None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    sessions: Sessions = field(default_factory=lambda: set[str](), repr=False)

    def __repr__(self) -> str:  # never the token
        return f"WriteGuard(writes={'on' if self.writes_enabled else 'off'})"

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)

    def token_matches(self, offered: str | None) -> bool:
        if not self.token or not offered:
            return False
        return hmac.compare_digest(offered.encode("utf-8"), self.token.encode("utf-8"))

    # ------------------------------------------------------------ browser session

    def session_value(self) -> str:
        """A new session for one sign-in: a random id and its signature. The id is kept
        until sign-out, so a copied cookie stops working when its owner signs out."""
        session_id = secrets.token_urlsafe(18)
        self.sessions.add(session_id)
        return f"{session_id}.{self._sign('session:' + session_id)}"

    def signed_in(self, cookie: str | None) -> bool:
        session_id, _, _signature = str(cookie or "").partition(".")
        if not self.token or session_id not in self.sessions:
            return False
        return _same(str(cookie), f"{session_id}.{self._sign('session:' + session_id)}")

    def end_session(self, cookie: str | None) -> None:
        self.sessions.discard(str(cookie or "").partition(".")[0])

    # ------------------------------------------------------------ CSRF

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(24)

    def csrf_for(self, nonce: str) -> str:
        """The form field for the nonce in the CSRF cookie: the nonce and its signature."""
        return f"{nonce}.{self._sign('csrf:' + nonce)}"

    def csrf_ok(self, cookie_nonce: str | None, form_value: str | None) -> bool:
        if not cookie_nonce or not form_value or "." not in form_value:
            return False
        nonce, _, _signature = form_value.partition(".")
        expected = self.csrf_for(cookie_nonce)
        return _same(nonce, cookie_nonce) and _same(form_value, expected)

    # ------------------------------------------------------------ checks

    def check_form(self, session: str | None, cookie_nonce: str | None, form: str | None) -> None:
        """A browser write: token configured, signed in, CSRF token matching the cookie."""
        if not self.writes_enabled:
            raise WriteRefused(403, WRITES_DISABLED)
        if not self.csrf_ok(cookie_nonce, form):
            raise WriteRefused(403, CSRF_FAILED)
        if not self.signed_in(session):
            raise WriteRefused(401, SIGN_IN_NEEDED)

    def check_bearer(self, authorization: str | None) -> None:
        """An API write: token configured and given as `Authorization: Bearer`."""
        if not self.writes_enabled:
            raise WriteRefused(403, WRITES_DISABLED)
        scheme, _, offered = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not self.token_matches(offered.strip()):
            raise WriteRefused(401, BEARER_NEEDED)

    def _sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _same(offered: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII text (a forged cookie or field):
    hmac.compare_digest refuses non-ASCII str with a TypeError."""
    return hmac.compare_digest(offered.encode("utf-8"), expected.encode("utf-8"))
