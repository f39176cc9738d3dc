"""Errors raised by the storage layer. Messages never carry passwords."""


class StorageError(Exception):
    """Base of every error the storage layer raises on purpose."""


class DatabaseUnavailable(StorageError):
    """The database cannot be used right now: server down, file not writable, or locked
    for longer than the busy timeout. The message names the (masked) URL and the reason."""
