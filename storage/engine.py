"""Engine creation: SQLite pragmas and BEGIN IMMEDIATE, PostgreSQL via psycopg.

Kept apart from db.py so the migration runner can build the same engine without a cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)

from scwatch.core.errors import ConfigError, DatabaseUnavailable, StorageError
from scwatch.storage.plain import PlainStatement
from scwatch.storage.search_index import register_sqlite_functions

BUSY_TIMEOUT_MS = 30_000
WAL_CHECKPOINT_PAGES = 10_000
# Execution option read by the "begin" listener: the SQL that opens the transaction.
BEGIN_OPTION = "scwatch_begin"
BEGIN_WRITE = "BEGIN IMMEDIATE"
BEGIN_READ = "BEGIN"

# SQLite reports these as OperationalError; other OperationalErrors are bugs (syntax, schema).
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "unable to open database file",
    "attempt to write a readonly database",
    "disk i/o error",
    "database or disk is full",
    "readonly database",
)
# A file that is not SQLite (or is damaged): sqlite reports a plain DatabaseError.
_SQLITE_CORRUPT = ("file is not a database", "database disk image is malformed")


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StorageError("database URL could not be parsed") from None


def masked(url: str | URL) -> str:
    """The URL as it may appear in messages and logs: password replaced by ***."""
    parsed = url if isinstance(url, URL) else parse_url(url)
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for `url`. A read-only engine refuses every write at the database itself
    (SQLite query_only, PostgreSQL read-only transactions), so a reader can never take the
    write lock, whatever code runs on it."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, readonly=readonly)
    connect_args = {"options": "-c default_transaction_read_only=on"} if readonly else {}
    try:
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (ImportError, NoSuchModuleError):
        raise ConfigError(
            f"database URL {masked(parsed)}: no driver for {parsed.drivername!r} is installed; "
            "scwatch supports sqlite:///PATH and postgresql+psycopg://USER@HOST/DB"
        ) from None


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other backends and in-memory databases."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def _sqlite_engine(parsed: URL, *, readonly: bool) -> Engine:
    if parsed.database and parsed.database != ":memory:" and not readonly:
        try:
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(f"{masked(parsed)}: cannot create folder ({exc})") from None
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_on_read_connect if readonly else _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


_WRITER_PRAGMAS = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    # Checkpoint every 10,000 WAL pages (40 MB), not SQLite's 1,000: each ingest transaction
    # dirties some 50 pages, the same index and search-index pages again and again, and a
    # page is copied into the database once per checkpoint (docs/stories.md, round seven).
    f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}",
)
# WAL mode is a property of the file, set by the first writer; a reader only reads.
_READER_PRAGMAS = (f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}", "PRAGMA query_only=ON")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    _run_pragmas(dbapi_connection, _WRITER_PRAGMAS)
    # The search index's triggers call it on every article insert, update and delete.
    register_sqlite_functions(dbapi_connection)


def _sqlite_on_read_connect(dbapi_connection: Any, _record: Any) -> None:
    _run_pragmas(dbapi_connection, _READER_PRAGMAS)
    # A write attempted anyway then fails as read-only, not on the triggers' function.
    register_sqlite_functions(dbapi_connection)


def _run_pragmas(dbapi_connection: Any, pragmas: tuple[str, ...]) -> None:
    # The SQLAlchemy pysqlite recipe: the driver must not emit BEGIN itself, so that
    # _sqlite_on_begin decides the transaction mode (IMMEDIATE for writers).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in pragmas:
            cursor.execute(pragma)
    finally:
        cursor.close()


# Plain statements (storage.plain): exec_driver_sql's event dispatch and result set-up
# cost about a tenth of a millisecond, in every ingest transaction (docs/stories.md).
_BEGIN = {mode: PlainStatement(mode) for mode in (BEGIN_WRITE, BEGIN_READ)}


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front: a deferred BEGIN that later upgrades to a write
    # fails with "database is locked" without waiting for busy_timeout.
    _BEGIN[conn.get_execution_options().get(BEGIN_OPTION, BEGIN_READ)].run(conn, {})


def is_unavailable(exc: BaseException, backend: str) -> bool:
    """True when exc means "the database cannot be reached or written", not a bug."""
    if not isinstance(exc, DBAPIError):
        return False
    if backend == "sqlite":
        if not isinstance(exc, DatabaseError):
            return False
        message = str(exc.orig).lower()
        return any(pattern in message for pattern in (*_SQLITE_UNAVAILABLE, *_SQLITE_CORRUPT))
    return isinstance(exc, OperationalError) or exc.connection_invalidated


def unavailable(url: URL, exc: BaseException) -> DatabaseUnavailable:
    """A DatabaseUnavailable naming the masked URL and the driver's reason, minus secrets."""
    lines = str(getattr(exc, "orig", None) or exc).split("\n")
    text = " ".join(line.strip() for line in lines if line.strip()) or type(exc).__name__
    if url.password:
        text = text.replace(str(url.password), "***")
    return DatabaseUnavailable(f"database unavailable at {masked(url)}: {text}{_hint(url, text)}")


def _hint(url: URL, text: str) -> str:
    """What to do about the two first-day failures: no such database, a damaged file."""
    lowered = text.lower()
    if any(pattern in lowered for pattern in _SQLITE_CORRUPT):
        return (
            " (not a SQLite database, or a corrupt one: move the file aside and run "
            "`scwatch db upgrade` to start a new one, or restore a backup)"
        )
    if url.get_backend_name() == "postgresql" and "does not exist" in lowered:
        name = url.database or "scwatch"
        return (
            f" (create it first: `createdb -h {url.host or 'localhost'} -U "
            f"{url.username or 'postgres'} {name}`, or in psql: CREATE DATABASE {name};)"
        )
    return ""
