"""Alembic, driven from code: no alembic.ini, so it works from an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from scwatch.storage.engine import (
    BEGIN_OPTION,
    BEGIN_WRITE,
    is_unavailable,
    make_engine,
    unavailable,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every scwatch process.
_PG_MIGRATION_LOCK = 0x5C_3A7C


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@cache
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revision_of(bind: Engine | Connection) -> str | None:
    if isinstance(bind, Connection):
        return MigrationContext.configure(bind).get_current_revision()
    with bind.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_current(engine: Engine) -> bool:
    """The cheap check run on every open: one small query, no script loading after the first."""
    return revision_of(engine) == head_revision()


def upgrade_engine(engine: Engine) -> None:
    """Upgrade to head in one write transaction, serialised against concurrent upgrades."""
    with engine.connect() as conn:
        conn.execution_options(**{BEGIN_OPTION: BEGIN_WRITE})
        with conn.begin():
            _lock_against_other_migrators(conn)
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


def _lock_against_other_migrators(conn: Connection) -> None:
    # SQLite is already serialised by BEGIN IMMEDIATE; PostgreSQL needs an explicit lock so
    # two processes opening a fresh database do not both create the tables.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def upgrade(url: str) -> None:
    """Migrate the database at `url` to head; DatabaseUnavailable when it cannot be reached."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine)
    except Exception as exc:
        if is_unavailable(exc, engine.dialect.name):
            raise unavailable(engine.url, exc) from None
        raise
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return revision_of(engine)
    finally:
        engine.dispose()
