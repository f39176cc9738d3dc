"""scwatch storage: SQLAlchemy Core tables, Alembic migrations, one module per noun.

Functions take a Connection from Database.transaction() or Database.read() and return the
plain records of storage.records. Nothing here knows about scrapy, rules or channels.
`Connection` is re-exported so callers can annotate it without importing SQLAlchemy.
"""

from sqlalchemy.engine import Connection

from storage.db import Database, default_sqlite_url, open_database
from storage.errors import DatabaseUnavailable, StorageError

__all__ = [
    "Connection",
    "Database",
    "DatabaseUnavailable",
    "StorageError",
    "default_sqlite_url",
    "open_database",
]
