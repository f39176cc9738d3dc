"""Opening the database and scoping transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.engine import Connection, Engine

from scwatch.core.errors import DatabaseNotReady, StorageError
from scwatch.storage.engine import (
    BEGIN_OPTION,
    BEGIN_READ,
    BEGIN_WRITE,
    is_unavailable,
    make_engine,
    masked,
    parse_url,
    sqlite_file,
    unavailable,
)
from scwatch.storage.revision import head_revision, stored_revision


def default_sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of a SQLite file (absolute, so a later chdir cannot move it)."""
    return f"sqlite:///{Path(path).expanduser().resolve()}"


class Database:
    """An engine plus the two ways to use it: `transaction()` to write, `read()` to read.

    A read-only Database (open_database(..., readonly=True)) has no `transaction()`: it
    never writes, never takes SQLite's write lock and never migrates."""

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def backend(self) -> str:
        """The backend name: sqlite or postgresql."""
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Database({masked(self.url)})"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside a write transaction, committed when the block exits cleanly.

        SQLite takes the write lock at BEGIN (IMMEDIATE), so concurrent writers queue for up
        to the busy timeout instead of failing halfway through.
        """
        if self.readonly:
            raise StorageError("this database handle is read-only: it cannot write")
        with self._translate_errors(), self.engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: BEGIN_WRITE})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads (a plain deferred BEGIN); rolled back when the block exits."""
        with self._translate_errors(), self.engine.connect() as conn:
            conn.execution_options(**{BEGIN_OPTION: BEGIN_READ})
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            if is_unavailable(exc, self.backend):
                raise unavailable(self.url, exc) from None
            raise


def open_database(url: str, *, upgrade: bool = True, readonly: bool = False) -> Database:
    """Open the database at `url`, upgrading the schema to the newest revision when behind.

    readonly=True opens it for reading only: nothing is created or migrated, and a missing
    or out-of-date database is DatabaseNotReady, saying which command prepares it.
    Raises DatabaseUnavailable (message without password) when the server does not answer
    or the file cannot be opened or written.
    """
    parsed = parse_url(url)
    if readonly:
        return _open_reader(url)
    engine = make_engine(url)
    if upgrade:
        from scwatch.storage.migrate import is_current, upgrade_engine  # Alembic, when used

        try:
            if not is_current(engine):
                upgrade_engine(engine)
        except Exception as exc:
            engine.dispose()
            if is_unavailable(exc, parsed.get_backend_name()):
                raise unavailable(parsed, exc) from None
            raise
    return Database(engine)


def _open_reader(url: str) -> Database:
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise DatabaseNotReady(
            f"no scwatch database at {path} yet: run `scwatch crawl` (or `scwatch db upgrade`)"
        )
    database = Database(make_engine(url, readonly=True), readonly=True)
    with database.read() as conn:
        found = stored_revision(conn)
    if found != head_revision():
        database.dispose()
        raise DatabaseNotReady(
            f"the database at {masked(url)} has schema {found or 'none'}, this scwatch needs "
            f"{head_revision()}: run `scwatch db upgrade`"
        )
    return database
