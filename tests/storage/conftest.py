"""Fixtures for the storage tests: a fresh database per test, on SQLite and PostgreSQL.

PostgreSQL tests get a database of their own (created through the `postgres` maintenance
database, dropped afterwards). They skip when the server does not answer, except under
CI=true, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from storage import Database, default_sqlite_url, open_database

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
KST = timezone(timedelta(hours=9), "KST")
BASE_TIME = datetime(2024, 5, 3, 5, 0, tzinfo=UTC)

ArticleFactory = Callable[..., dict[str, Any]]


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
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return default_sqlite_url(tmp_path / "data" / "scwatch.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = open_database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def article_values() -> ArticleFactory:
    """Builds insert_article values; `n` picks distinct URL and content keys."""

    def build(n: int = 1, **overrides: Any) -> dict[str, Any]:
        title = f"스마트시티 수출 협약 {n}호"
        body = f"국토부는 {n}번째 스마트시티 수출 양해각서를 맺었다고 밝혔다."
        values: dict[str, Any] = {
            "source": "molit",
            "url": f"https://news.example.kr/article/{n}",
            "canonical_url": f"https://news.example.kr/article/{n}",
            "url_key": f"url-{n:04d}",
            "title": title,
            "body": body,
            "search_text": (title + body).replace(" ", "").casefold(),
            "content_key": f"content-{n:04d}",
            "first_seen_at": BASE_TIME + timedelta(minutes=n),
            "author": "기자",
            "published_at": None,
            "raw_sha256": "ab" * 32,
            "extractor_version": "test-1",
        }
        values.update(overrides)
        return values

    return build
