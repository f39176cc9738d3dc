"""INSERT ... ON CONFLICT for the two supported backends.

Duplicates are resolved by the UNIQUE constraints in the database, never by a check-then-insert
in Python, so concurrent writers cannot raise IntegrityError. Statements carry no values: pass
the row as execute() parameters, which lets the hot ingest path reuse one built statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Column, Table
from sqlalchemy.engine import Connection
from sqlalchemy.sql.dml import Insert

from scwatch.core.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def _dialect_insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    # Each dialect is imported by its first write: PostgreSQL's pulls in asyncpg support
    # and its catalogue, which a reading command on SQLite never needs.
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)
    raise StorageError(f"unsupported database backend {dialect!r}: use SQLite or PostgreSQL")


def insert_or_ignore(
    conn: Connection,
    table: Table,
    on: Sequence[str] = (),
    returning: Column[int] | None = None,
) -> Insert:
    """An INSERT that does nothing when it would break a UNIQUE constraint (those on the `on`
    columns, or any when `on` is empty). With `returning`, no row back means "ignored"."""
    return _insert_or_ignore(conn.dialect.name, table, tuple(on), returning)


@cache
def _insert_or_ignore(
    dialect: str, table: Table, on: tuple[str, ...], returning: Column[int] | None
) -> Insert:
    stmt = _dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=on or None)
    return stmt.returning(returning) if returning is not None else stmt


def upsert(conn: Connection, table: Table, *, key: Sequence[str], update: Sequence[str]) -> Insert:
    """An INSERT that, when the `key` columns already exist, overwrites the `update` columns."""
    return _upsert(conn.dialect.name, table, tuple(key), tuple(update))


@cache
def _upsert(dialect: str, table: Table, key: tuple[str, ...], update: tuple[str, ...]) -> Insert:
    stmt = _dialect_insert(dialect, table)
    return stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={column: stmt.excluded[column] for column in update},
    )
