"""The schema revision without Alembic: the reading commands check it on every start, and
importing Alembic would double their start-up (docs/benchmarks.md). Writing still
migrates with Alembic (scwatch.storage.migrate), which a test holds these two to."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?:: str)? = ['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)? = ['\"]([^'\"]+)['\"]", re.MULTILINE)


@cache
def head_revision() -> str | None:
    """The one revision no other migration builds on."""
    revisions, downs = set(), set()
    for script in VERSIONS_DIR.glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        downs.update(_DOWN.findall(source))
    heads = sorted(revisions - downs)
    return heads[-1] if heads else None


def stored_revision(conn: Connection) -> str | None:
    """The revision the database is at; None when it has no schema yet."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None
