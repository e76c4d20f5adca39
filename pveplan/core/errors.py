"""Exceptions that actions raise and views turn into messages."""


class ConflictError(Exception):
    """The object changed since the user loaded it (optimistic locking)."""
