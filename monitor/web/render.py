"""Rendering pages: one Jinja2 environment with autoescape on for every template, control
and bidi characters taken out of every value shown, links only to http(s) URLs, times in
KST, and the CSRF cookie and token every page with a form needs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from scwatch import __version__
from scwatch.core.clock import format_kst
from scwatch.core.text.controls import strip_controls
from scwatch.core.text.links import safe_http_url as http_url
from scwatch.web.guard import CSRF_COOKIE, SESSION_COOKIE, WriteGuard

TEMPLATES = Path(__file__).parent / "templates"
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")

NAV = (
    ("/", "대시보드 Dashboard"),
    ("/search", "검색 Search"),
    ("/rules", "규칙 Rules"),
    ("/alerts", "알림 Alerts"),
    ("/sources", "출처 Sources"),
    ("/charts", "차트 Charts"),
    ("/api", "API"),
)


def shown(value: Any) -> Any:
    """Every `{{ value }}`: None shows as nothing; text loses control and bidi characters
    (a headline must not read backwards or hide what follows); autoescape does the rest."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value, lines=True)
    return value


def kst(moment: object, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An ISO time or a datetime in KST ('' when unknown)."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return ""
    return format_kst(moment, fmt) if isinstance(moment, datetime) else ""


def marked(snippet: str, ranges: Sequence[Sequence[int]]) -> Markup:
    """The snippet escaped, with each (start, end) range in <mark>; ranges that overlap or
    fall outside the text are ignored."""
    text = strip_controls(snippet or "", lines=True)
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted((int(r[0]), int(r[1])) for r in ranges if len(r) == 2):
        if start < cursor or end <= start or end > len(text):
            continue
        pieces += [str(escape(text[cursor:start])), "<mark>", str(escape(text[start:end]))]
        pieces.append("</mark>")
        cursor = end
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        finalize=shown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(http_url=http_url, kst=kst, marked=marked)
    env.globals.update(nav=NAV, version=__version__)
    return env


def page(
    request: Request,
    guard: WriteGuard,
    template: str,
    data: Mapping[str, Any],
    *,
    status_code: int = 200,
    title: str = "",
) -> HTMLResponse:
    """The template filled with `data` (the page's JSON twin), the write state and a CSRF
    token; the CSRF cookie is set when the browser has none yet."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    nonce = cookie if _NONCE.fullmatch(cookie) else guard.new_nonce()
    context = {
        "data": data,
        "title": title,
        "path": request.url.path,
        "writes_enabled": guard.writes_enabled,
        "signed_in": guard.signed_in(request.cookies.get(SESSION_COOKIE)),
        "csrf": guard.csrf_for(nonce),
    }
    html = environment().get_template(template).render(context)
    response = HTMLResponse(html, status_code=status_code)
    if cookie != nonce:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict")
    return response
