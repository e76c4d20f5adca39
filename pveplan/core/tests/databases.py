"""Test helper: run a test's threads and processes on a SQLite *file* with the production options.

The suite's SQLite test database lives in memory with a shared cache, where a second writer gets
"database table is locked" at once (table locks ignore the busy timeout, and there is no WAL).
Concurrency and backup tests copy it to a file and point their connections there, so they test
what production runs: WAL, IMMEDIATE transactions and a busy timeout. On PostgreSQL nothing
changes: every thread opens its own connection to the suite's database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import DEFAULT_DB_ALIAS, connections


class Database:
    """Where this test's connections go: `attach()` first thing in every worker thread; `url()`
    for worker processes."""

    def __init__(self, settings_dict: dict[str, Any] | None) -> None:
        self.settings_dict = settings_dict

    @property
    def vendor(self) -> str:
        return connections[DEFAULT_DB_ALIAS].vendor

    def url(self) -> str:
        """A DATABASE_URL for other processes (config/settings.py reads it)."""
        settings_dict = self.settings_dict or connections[DEFAULT_DB_ALIAS].settings_dict
        if self.vendor == "sqlite":
            return f"sqlite:///{settings_dict['NAME']}"
        user = quote(settings_dict.get("USER") or "")
        password = quote(settings_dict.get("PASSWORD") or "")
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        host = settings_dict.get("HOST") or "localhost"
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'])}"

    def attach(self) -> None:
        if self.settings_dict is not None:
            wrapper_class = type(connections[DEFAULT_DB_ALIAS])
            connections[DEFAULT_DB_ALIAS] = wrapper_class(self.settings_dict, DEFAULT_DB_ALIAS)

    def detach(self) -> None:
        connections[DEFAULT_DB_ALIAS].close()


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[Database]:
    """The test's data on a database that several connections can write at once."""
    original = connections[DEFAULT_DB_ALIAS]
    if original.vendor != "sqlite" or not original.is_in_memory_db():
        yield Database(None)
        return
    path = tmp_path / "shared.sqlite3"
    original.ensure_connection()
    target = sqlite3.connect(path)
    try:
        original.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # as production; before writers race to it
    finally:
        target.close()
    database = Database({**original.settings_dict, "NAME": str(path)})
    database.attach()
    try:
        yield database
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = original
