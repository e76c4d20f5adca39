"""A writer to be killed: commits until it dies, on a SQLite file with pveplan's settings.

Each transaction inserts one item and one audit row chained to the previous audit row by hash,
as the application writes a change and its audit event together. The parent process
(pveplan/core/tests/test_faults.py) kills it with SIGKILL at a random moment, then checks that
the file is intact and that every committed item still has its audit row.

    python scripts/crash_writer.py DB_FILE

Prints "ready" once set up, then "begin N" and "commit N" around transaction N (flushed), so the
parent knows the last commit and whether the kill landed inside a transaction.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys

# The same as config/settings.py for SQLite: WAL, synchronous=NORMAL, IMMEDIATE transactions and
# a busy timeout.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=20000",
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL UNIQUE REFERENCES item (id),
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
"""
GENESIS = "0" * 64
PAYLOAD_BYTES = 8192  # a few pages per transaction, so kills land inside writes too


def chain(previous_hash: str, payload: bytes) -> str:
    return hashlib.sha256(previous_hash.encode() + payload).hexdigest()


def main(path: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        db.execute(pragma)
    db.executescript(SCHEMA)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    while True:
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        number, previous_hash = (row[0] + 1, row[1]) if row else (1, GENESIS)
        out.write(f"begin {number}\n")
        out.flush()
        payload = os.urandom(PAYLOAD_BYTES)
        db.execute("INSERT INTO item (id, payload) VALUES (?, ?)", (number, payload))
        db.execute(
            "INSERT INTO audit (id, item_id, previous_hash, hash) VALUES (?, ?, ?, ?)",
            (number, number, previous_hash, chain(previous_hash, payload)),
        )
        db.execute("COMMIT")
        out.write(f"commit {number}\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1])
