"""Fixtures shared by the test folders: the PostgreSQL server, an empty database on each
backend, the loopback Korean news site, a loopback HTTP receiver and SMTP servers, and an
archive for the read-only tests.

The project root goes on sys.path so tests run without installing. This file's folder is on
it too (pytest's prepend import mode), which makes the helpers importable as
`support.<module>`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from support.archive import make_archive, write_lock_on  # noqa: E402
from support.loopback import LoopbackServer, Reply  # noqa: E402
from support.site_routes import install_routes  # noqa: E402
from support.smtp import LoopbackSMTP, MailSink  # noqa: E402

from scwatch.storage import Database, default_sqlite_url, open_database  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    engine = create_engine(
        POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        reason = f"PostgreSQL does not answer at {POSTGRES_ADMIN_URL}: {exc.orig}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires PostgreSQL. {reason}")
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_admin: Engine) -> Iterator[str]:
    """The URL of a brand-new, empty database, dropped after the test."""
    name = f"scwatch_test_{uuid.uuid4().hex[:12]}"
    with postgres_admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: SQLite in a folder that does not exist yet, or PostgreSQL."""
    if request.param == "sqlite":
        return default_sqlite_url(tmp_path / "data" / "scwatch.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    db = open_database(database_url)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def korean_site() -> Iterator[LoopbackServer]:
    """The loopback Korean news site (support.site_routes), one per test module."""
    server = LoopbackServer()
    install_routes(server)
    with server.running():
        yield server


@pytest.fixture
def receiver() -> Iterator[LoopbackServer]:
    """Answers every request with `fallback` ("ok" until a test scripts something else)."""
    with LoopbackServer(fallback=Reply(b"ok")).running() as server:
        yield server


@pytest.fixture
def mail_sink() -> MailSink:
    return MailSink()


@pytest.fixture
def start_smtp() -> Iterator[Callable[..., LoopbackSMTP]]:
    """Start a loopback SMTP server around a MailSink; stopped after the test."""
    started: list[LoopbackSMTP] = []

    def start(sink: MailSink, **kwargs: object) -> LoopbackSMTP:
        controller = LoopbackSMTP(sink, **kwargs)
        controller.start()
        started.append(controller)
        return controller

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A config whose database holds one article that fired one alert (support.archive)."""
    return make_archive(tmp_path)


@pytest.fixture
def write_lock(archive: Path) -> Iterator[sqlite3.Connection]:
    """Another process's writer holding the archive's write lock for the whole test."""
    with write_lock_on(archive) as conn:
        yield conn


# `pytest --hypothesis-profile=hunt tests/core` looks for bugs with 30 times the examples
# (docs/reliability.md); the suite itself runs Hypothesis's default 100.
settings.register_profile("hunt", max_examples=3000, deadline=None)
