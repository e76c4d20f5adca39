"""Backups that prove themselves: a snapshot file plus a manifest of per-table logical hashes.

A logical hash is the SHA-256 of a table's column names and rows, ordered by primary key, each
value normalized to JSON. Two databases with the same data on the same engine hash the same even
when their files differ byte for byte (SQLite page layout, PostgreSQL storage), so a restore is
checked by content, table by table.

- SQLite: the online backup API copies the database in one step, a consistent snapshot even
  while writers run (WAL lets them continue). Restore copies the file back the same way.
- PostgreSQL: `pg_dump --format=custom` inside a REPEATABLE READ transaction whose snapshot is
  exported to pg_dump, so the manifest hashes exactly what the dump holds. Restore is one
  `pg_restore --single-transaction`.

`manage.py backup` and `manage.py restore` call `backup_create` and `backup_restore`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from pveplan.core import audit

MANIFEST_FORMAT = 1
_CHUNK = 2000


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest_path: Path
    tables: dict[str, TableDigest]
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    tables_checked: int
    mismatching: list[str]
    seconds: float


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


# --- logical hashes -----------------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return str(value)


def _line(values: object) -> bytes:
    return (
        json.dumps(
            values, default=_plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        + "\n"
    ).encode()


def table_digests(connection: BaseDatabaseWrapper) -> dict[str, TableDigest]:
    """Row count and logical hash of every table in the database behind `connection`."""
    digests: dict[str, TableDigest] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        keys = {
            table: connection.introspection.get_primary_key_columns(cursor, table)
            for table in tables
        }
    for table in tables:
        order = ", ".join(quote(c) for c in keys[table] or []) or "1"
        digest = hashlib.sha256()
        rows = 0
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
            digest.update(_line([column[0] for column in cursor.description]))
            while batch := cursor.fetchmany(_CHUNK):
                for row in batch:
                    digest.update(_line(list(row)))
                rows += len(batch)
        digests[table] = TableDigest(rows=rows, sha256=digest.hexdigest())
    return digests


def mismatching_tables(
    expected: dict[str, TableDigest], actual: dict[str, TableDigest]
) -> list[str]:
    """Tables whose rows differ, or that exist on one side only."""
    return sorted(
        name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name)
    )


# --- manifest -----------------------------------------------------------------------------------


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_manifest(path: Path, vendor: str, tables: dict[str, TableDigest]) -> Path:
    manifest = {
        "format": MANIFEST_FORMAT,
        "engine": vendor,
        "created_at": timezone.now().isoformat(),
        "file": path.name,
        "file_bytes": path.stat().st_size,
        "file_sha256": _file_sha256(path),
        "tables": {name: {"rows": d.rows, "sha256": d.sha256} for name, d in tables.items()},
    }
    target = manifest_path_for(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    partial.replace(target)
    return target


def read_manifest(path: Path) -> tuple[str, str, dict[str, TableDigest]]:
    """(engine, file SHA-256, table digests) from the manifest next to backup file `path`."""
    manifest_path = manifest_path_for(path)
    try:
        manifest = json.loads(manifest_path.read_text())
    except FileNotFoundError as e:
        raise BackupError(f"no manifest next to the backup: {manifest_path} is missing") from e
    except ValueError as e:
        raise BackupError(f"the manifest {manifest_path} is not valid JSON") from e
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{manifest_path} is not a manifest of this format")
    try:
        tables = {
            name: TableDigest(rows=int(d["rows"]), sha256=str(d["sha256"]))
            for name, d in manifest["tables"].items()
        }
        return str(manifest["engine"]), str(manifest["file_sha256"]), tables
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BackupError(f"{manifest_path} is incomplete: {e!r}") from e


# --- backup -------------------------------------------------------------------------------------


def default_backup_path(vendor: str) -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return Path(settings.VAR_DIR) / "backups" / f"pveplan-{stamp}.{suffix}"


def backup_create(*, output: Path | None = None, by: Any = None) -> BackupResult:
    """Write a consistent snapshot of the configured database and its manifest; audit it."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        raise BackupError("a backup cannot run inside a transaction")
    path = Path(output) if output else default_backup_path(connection.vendor)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    if connection.vendor == "sqlite":
        tables = _sqlite_backup(connection, partial)
    elif connection.vendor == "postgresql":
        tables = _postgresql_backup(connection, partial)
    else:
        raise BackupError(f"backups of {connection.vendor} databases are not supported")
    partial.replace(path)
    manifest_path = _write_manifest(path, connection.vendor, tables)
    seconds = time.monotonic() - started
    audit.record(
        action="backup.create",
        actor=by,
        after={
            "file": path.name,
            "engine": connection.vendor,
            "tables": len(tables),
            "rows": sum(d.rows for d in tables.values()),
            "manifest_sha256": _file_sha256(manifest_path),
        },
    )
    return BackupResult(path=path, manifest_path=manifest_path, tables=tables, seconds=seconds)


def _sqlite_file(connection: BaseDatabaseWrapper, path: Path) -> BaseDatabaseWrapper:
    """A plain connection to SQLite file `path` (no WAL switch, no write lock on open)."""
    settings_dict = {**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}
    return type(connection)(settings_dict, alias=f"backup-{uuid.uuid4().hex[:8]}")


def _sqlite_backup(connection: BaseDatabaseWrapper, target_path: Path) -> dict[str, TableDigest]:
    connection.ensure_connection()
    target = sqlite3.connect(target_path)
    try:
        # One step (pages=-1): a consistent snapshot. Stepwise copies restart on every write and
        # may never finish while a writer runs.
        connection.connection.backup(target, pages=-1)
        # A single self-contained file: no -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    snapshot = _sqlite_file(connection, target_path)
    try:
        _require_integrity(snapshot, target_path)
        return table_digests(snapshot)
    finally:
        snapshot.close()


def _require_integrity(connection: BaseDatabaseWrapper, path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        result = [row[0] for row in cursor.fetchall()]
    if result != ["ok"]:
        raise BackupError(f"{path} fails PRAGMA integrity_check: {'; '.join(result[:5])}")


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH; install the PostgreSQL client "
            f"(Debian: apt-get install postgresql-client) matching the server's major version"
        )
    return found


def _pg_connection(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment that connect pg_dump/pg_restore like Django does."""
    args = ["--dbname", str(settings_dict["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("passfile", "PGPASSFILE")):
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _postgresql_backup(
    connection: BaseDatabaseWrapper, target_path: Path
) -> dict[str, TableDigest]:
    pg_dump = _pg_tool("pg_dump")
    args, env = _pg_connection(connection.settings_dict)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            # pg_dump reads the very snapshot this transaction hashes.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        command = [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file"]
        _run([*command, str(target_path), *args], env)
        return table_digests(connection)


# --- restore ------------------------------------------------------------------------------------


def database_tables(connection: BaseDatabaseWrapper | None = None) -> list[str]:
    connection = connection or connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def backup_restore(*, path: Path, by: Any = None, replace: bool = False) -> RestoreResult:
    """Replace the configured database with backup `path`, then compare every table's hash with
    the manifest. Refuses a non-empty database unless `replace`, and a file that does not match
    its manifest. The restore event is recorded after the check, on top of the restored log."""
    connection = connections[DEFAULT_DB_ALIAS]
    path = Path(path)
    if connection.in_atomic_block:
        raise BackupError("a restore cannot run inside a transaction")
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    engine, file_sha256, expected = read_manifest(path)
    if engine != connection.vendor:
        raise BackupError(
            f"this is a {engine} backup; the configured database is {connection.vendor}"
        )
    if _file_sha256(path) != file_sha256:
        raise BackupError(f"{path} does not match its manifest (SHA-256 differs); not restoring")
    present = database_tables(connection)
    if present and not replace:
        raise BackupError(
            f"the database already has {len(present)} tables; restoring replaces all of it "
            f"(confirm with --yes)"
        )
    started = time.monotonic()
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        _postgresql_restore(connection, path, set(present) - set(expected))
    else:
        raise BackupError(f"restores into {connection.vendor} databases are not supported")
    ContentType.objects.clear_cache()
    with transaction.atomic(using=connection.alias):
        actual = table_digests(connection)
    mismatching = mismatching_tables(expected, actual)
    seconds = time.monotonic() - started
    audit.record(
        action="backup.restore",
        actor=by,
        after={
            "file": path.name,
            "tables_checked": len(expected),
            "mismatching_tables": mismatching,
        },
    )
    return RestoreResult(
        path=path, tables_checked=len(expected), mismatching=mismatching, seconds=seconds
    )


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = _sqlite_file(connection, path)
    try:
        _require_integrity(source, path)
        source.ensure_connection()
        connection.ensure_connection()
        # Page by page into the live connection, under its write lock: in-memory databases and
        # WAL files alike end up with exactly the backup's content.
        source.connection.backup(connection.connection, pages=-1)
    finally:
        source.close()
    _require_integrity(connection, Path(str(connection.settings_dict["NAME"])))


def _postgresql_restore(connection: BaseDatabaseWrapper, path: Path, extra: set[str]) -> None:
    pg_restore = _pg_tool("pg_restore")
    args, env = _pg_connection(connection.settings_dict)
    if extra:
        # Tables the backup does not know (from a later migration) would survive the restore.
        with connection.cursor() as cursor:
            for table in sorted(extra):
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        env,
    )
