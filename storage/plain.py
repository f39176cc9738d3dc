"""Plain SQL for the hottest statements, run through the driver without SQLAlchemy's
statement compilation.

Story assignment runs about ten statements in every ingest transaction. Through SQLAlchemy
Core each costs a cache-key walk of the statement, parameter processing and result
wrapping: more than the database's own work for these small indexed statements
(docs/stories.md, "Speed"). A `PlainStatement` is written once as SQL with `:name`
bind markers, rendered once per dialect (psycopg wants `%(name)s`), and run on a cursor of
the connection's own DB-API connection, inside the same transaction (even exec_driver_sql
cost some 40 µs of event dispatch and result set-up per statement: docs/stories.md,
"Round six"); a driver error is raised as SQLAlchemy's DBAPIError, as from any other
statement. Datetime parameters and columns go through the same UTCDateTime processors the
tables use, so the stored values are identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, StatementError

from scwatch.storage.types import UTCDateTime

_BIND_MARKER = re.compile(r"(?<![:\w]):(\w+)")
_UTC = UTCDateTime()


@dataclass(frozen=True)
class PlainStatement:
    """SQL with `:name` bind markers; `datetimes`: the parameters holding datetimes."""

    sql: str
    datetimes: tuple[str, ...] = ()
    _rendered: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def run(
        self, conn: Connection, params: Mapping[str, Any] | Sequence[Mapping[str, Any]]
    ) -> list[tuple[Any, ...]]:
        """The statement's rows (none for a write without RETURNING); a sequence of
        parameter sets runs it once for each (executemany)."""
        dialect = conn.dialect
        sql = self._sql(dialect)
        bound = self._bound_all(sql, params, dialect)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            if isinstance(bound, dict):
                cursor.execute(sql, bound)
            else:
                cursor.executemany(sql, bound)
            return cursor.fetchall() if cursor.description else []
        except dialect.loaded_dbapi.Error as exc:
            error = dialect.loaded_dbapi.Error
            raise DBAPIError.instance(sql, bound, exc, error, dialect=dialect) from exc
        finally:
            cursor.close()

    def stream(
        self, conn: Connection, params: Mapping[str, Any], *, batch: int = 200
    ) -> Generator[tuple[Any, ...], None, None]:
        """The statement's rows, fetched `batch` at a time: a caller that stops early
        (closing the generator) never makes SQLite produce the rest (psycopg's client-side
        cursor has them all once executed)."""
        dialect = conn.dialect
        sql = self._sql(dialect)
        bound = self._bound_all(sql, params, dialect)
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, bound)
            while rows := cursor.fetchmany(batch):
                yield from rows
        except dialect.loaded_dbapi.Error as exc:
            error = dialect.loaded_dbapi.Error
            raise DBAPIError.instance(sql, bound, exc, error, dialect=dialect) from exc
        finally:
            cursor.close()

    def _sql(self, dialect: Dialect) -> str:
        sql = self._rendered.get(dialect.name)
        if sql is None:
            sql = self._rendered[dialect.name] = _render(self.sql, dialect)
        return sql

    def _bound_all(
        self, sql: str, params: Mapping[str, Any] | Sequence[Mapping[str, Any]], dialect: Dialect
    ) -> dict[str, Any] | list[dict[str, Any]]:
        """The parameters as the driver takes them; a value the column type refuses (a naive
        datetime) raises StatementError, as SQLAlchemy's own statements do."""
        try:
            if isinstance(params, Mapping):
                return self._bound(params, dialect)
            return [self._bound(p, dialect) for p in params]
        except (TypeError, ValueError) as exc:
            raise StatementError(str(exc), sql, params, exc) from exc

    def _bound(self, params: Mapping[str, Any], dialect: Dialect) -> dict[str, Any]:
        if not self.datetimes:
            return params if isinstance(params, dict) else dict(params)
        bind = datetime_to_db(dialect)
        out = dict(params)
        for name in self.datetimes:
            out[name] = bind(out[name])
        return out


def _render(sql: str, dialect: Dialect) -> str:
    """`:name` as the driver's named bind marker: sqlite3 takes `:name` itself, psycopg
    `%(name)s`."""
    if dialect.name == "sqlite":
        return sql
    return _BIND_MARKER.sub(r"%(\1)s", sql.replace("%", "%%"))


@cache
def datetime_to_db(dialect: Dialect) -> Callable[[Any], Any]:
    """A datetime parameter as the tables store it (UTC; text on SQLite)."""
    processor = _UTC.dialect_impl(dialect).bind_processor(dialect)
    return processor if processor is not None else _same


@cache
def datetime_from_db(dialect: Dialect) -> Callable[[Any], datetime | None]:
    """A datetime column value as SQLAlchemy returns it (tz-aware UTC)."""
    processor = _UTC.dialect_impl(dialect).result_processor(dialect, None)
    return processor if processor is not None else _same


def _same(value: Any) -> Any:
    return value
