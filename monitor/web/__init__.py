"""The web UI and JSON API of `scwatch serve`: server-rendered pages (FastAPI and Jinja2,
no JavaScript), their JSON twins under /api documented by OpenAPI, per-rule Atom feeds,
and the write actions guarded by a token from SCWATCH_WEB_TOKEN with CSRF protection.

What belongs here: routes, templates, the stylesheet, the write guard and what turns the
library's records into pages. It imports only scwatch.api, scwatch.config and scwatch.core
(the web is a thin layer over the library, like the CLI); only the CLI imports it, and
only inside the commands that serve.
"""

from __future__ import annotations

from scwatch.web.app import bind, create_app, serve, url_of
from scwatch.web.workers import serve_workers

__all__ = ["bind", "create_app", "serve", "serve_workers", "url_of"]
