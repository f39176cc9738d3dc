"""Storage: SQLAlchemy Core tables, Alembic migrations, one module per noun.

What belongs here: every SQL statement and schema change, and nothing else. Functions take
a Connection from Database.transaction() (write) or Database.read() (read only) and return
the plain records of scwatch.core.records, never ORM objects. The only package that
imports sqlalchemy and alembic; it may import scwatch.core and nothing else of scwatch.
`Connection` is re-exported so services can annotate it without importing SQLAlchemy.
"""

from sqlalchemy.engine import Connection

from scwatch.core.errors import DatabaseUnavailable, StorageError
from scwatch.storage.db import Database, default_sqlite_url, open_database

__all__ = [
    "Connection",
    "Database",
    "DatabaseUnavailable",
    "StorageError",
    "default_sqlite_url",
    "open_database",
]
