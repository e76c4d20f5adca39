"""Crash faults: kill -9 a writer 100 times, and a task worker mid-task.

Both run on their own SQLite file in WAL mode (a temporary directory), whatever database the
suite uses, so they run in CI on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pveplan.core import audit
from pveplan.core.models import AuditEvent
from pveplan.core.recovery import WORKER_LOST

ROOT = Path(__file__).resolve().parents[3]
WRITER = ROOT / "scripts" / "crash_writer.py"
KILLS = 100
TASK_TABLE = DBTaskResult._meta.db_table


def _crash_writer() -> Any:
    spec = importlib.util.spec_from_file_location("crash_writer", WRITER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kill_during_writes(db_file: Path, rng: random.Random) -> tuple[int, bool]:
    """Start the writer, SIGKILL it a few milliseconds in; (last commit it reported, whether
    the kill came inside a transaction)."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(WRITER), str(db_file)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "ready\n"
    time.sleep(rng.uniform(0.001, 0.012))
    process.send_signal(signal.SIGKILL)
    rest, _ = process.communicate()
    assert process.returncode == -signal.SIGKILL
    lines = rest.split("\n")[:-1]  # whatever follows the last newline was cut by the kill
    commits = [int(line.split()[1]) for line in lines if line.startswith("commit ")]
    return (commits[-1] if commits else 0), bool(lines) and lines[-1].startswith("begin ")


def _state(db_file: Path) -> dict[str, Any]:
    db = sqlite3.connect(db_file)
    try:
        return {
            "integrity": [row[0] for row in db.execute("PRAGMA integrity_check")],
            "items": db.execute("SELECT count(*) FROM item").fetchone()[0],
            "audits": db.execute("SELECT count(*) FROM audit").fetchone()[0],
            "last": db.execute("SELECT coalesce(max(id), 0) FROM item").fetchone()[0],
            "unpaired": db.execute(
                "SELECT count(*) FROM item LEFT JOIN audit ON audit.item_id = item.id "
                "WHERE audit.id IS NULL"
            ).fetchone()[0],
        }
    finally:
        db.close()


def _chain_breaks(db_file: Path) -> int:
    writer = _crash_writer()
    db = sqlite3.connect(db_file)
    previous, breaks = writer.GENESIS, 0
    rows = db.execute(
        "SELECT audit.previous_hash, audit.hash, item.payload FROM audit "
        "JOIN item ON item.id = audit.item_id ORDER BY audit.id"
    )
    for previous_hash, hash_, payload in rows:
        if previous_hash != previous or writer.chain(previous_hash, payload) != hash_:
            breaks += 1
        previous = hash_
    db.close()
    return breaks


def test_a_hundred_kill_9_of_a_writer_leave_the_database_intact(tmp_path: Path) -> None:
    db_file = tmp_path / "crash.sqlite3"
    rng = random.Random(6)  # noqa: S311 - reproducible kill times, not cryptography
    intact = inside = 0
    lost: list[int] = []
    started = time.monotonic()
    for _ in range(KILLS):
        last_reported, in_transaction = _kill_during_writes(db_file, rng)
        inside += in_transaction
        state = _state(db_file)
        assert state["integrity"] == ["ok"]
        intact += 1
        # All or nothing: every item has its audit row; nothing reported committed is missing.
        assert state["items"] == state["audits"] == state["last"]
        assert state["unpaired"] == 0
        if state["last"] < last_reported:
            lost.append(last_reported)
    state = _state(db_file)
    print(
        f"\n{KILLS} kill -9 in {time.monotonic() - started:.1f} s: {inside} inside a "
        f"transaction, {state['items']} transactions committed, integrity_check ok "
        f"{intact}/{KILLS}, {len(lost)} committed transactions lost"
    )
    assert lost == []
    assert _chain_breaks(db_file) == 0
    assert state["items"] > KILLS  # the writer did get going between kills
    assert inside >= KILLS // 10  # and many kills did land inside a write


# A task as the application writes them: all its changes in one transaction. It waits inside
# the transaction so the test can kill its worker there.
@task
def write_then_wait(marker: str, events: int) -> int:
    with transaction.atomic():
        for n in range(events):
            audit.record(action="faults.partial_write", after={"n": n})
        Path(marker).write_text("written, not committed")
        time.sleep(120)
    return events


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def test_a_task_worker_killed_mid_task_writes_nothing_and_the_task_is_marked_failed(
    tmp_path: Path,
) -> None:
    db_file = tmp_path / "tasks.sqlite3"
    marker = tmp_path / "inside-the-task"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_file}",
        "PVEPLAN_VAR_DIR": str(tmp_path / "var"),
    }
    _manage(env, "migrate", "--no-input", "-v", "0")
    task_id = _manage(
        env,
        "shell",
        "-c",
        f"from {__name__} import write_then_wait; "
        f"print(write_then_wait.enqueue({str(marker)!r}, 5).id)",
    ).splitlines()[-1]
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.05",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert worker.poll() is None, "the worker stopped on its own"
            assert time.monotonic() < deadline, "the task never started"
            time.sleep(0.02)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()

    db = sqlite3.connect(db_file)
    # Check constraints use REGEXP, which Django registers on its connections.
    db.create_function("REGEXP", 2, lambda pattern, value: bool(re.search(pattern, value or "")))
    rows = lambda sql: db.execute(sql).fetchall()  # noqa: E731
    assert rows("PRAGMA integrity_check") == [("ok",)]
    # The task had written 5 audit events inside its transaction: none survived.
    assert rows("SELECT count(*) FROM core_auditevent") == [(0,)]
    # django_tasks_db itself never notices: the task stays RUNNING.
    assert rows(f"SELECT status FROM {TASK_TABLE}") == [("RUNNING",)]  # noqa: S608

    out = _manage(env, "recover_tasks", "--older-than", "0")

    assert out.splitlines() == ["1 stale tasks marked failed", task_id]
    status, error, reason = rows(
        f"SELECT status, exception_class_path, traceback FROM {TASK_TABLE}"  # noqa: S608
    )[0]
    assert (status, error) == ("FAILED", WORKER_LOST)
    assert "the worker stopped while running this task" in reason
    assert rows("SELECT action FROM core_auditevent") == [("tasks.recover",)]
    assert "audit log intact: 1 events verified" in _manage(env, "verify_audit_log")
    db.close()


def _running(started_minutes_ago: float) -> DBTaskResult:
    result = write_then_wait.enqueue("unused", 0)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=started_minutes_ago),
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_recover_tasks_fails_only_tasks_running_longer_than_the_threshold() -> None:
    stale, fresh = _running(45), _running(5)
    waiting = write_then_wait.enqueue("unused", 0)
    out = StringIO()

    call_command("recover_tasks", "--older-than", "30", stdout=out)

    assert out.getvalue().splitlines() == ["1 stale tasks marked failed", str(stale.pk)]
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        stale.pk: TaskResultStatus.FAILED,
        fresh.pk: TaskResultStatus.RUNNING,
        DBTaskResult.objects.get(pk=waiting.id).pk: TaskResultStatus.READY,
    }
    failed = write_then_wait.get_result(str(stale.pk))
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path == WORKER_LOST
    assert "enqueue it again to retry" in failed.errors[0].traceback
    event = AuditEvent.objects.get(action="tasks.recover")
    assert event.after == {"failed": [str(stale.pk)], "older_than_seconds": 1800.0}


@pytest.mark.django_db
def test_recover_tasks_with_nothing_stale_changes_nothing() -> None:
    _running(1)
    out = StringIO()
    call_command("recover_tasks", stdout=out)
    assert out.getvalue().strip() == "0 stale tasks marked failed"
    assert not AuditEvent.objects.filter(action="tasks.recover").exists()


def test_sqlite_connections_use_wal_immediate_transactions_and_a_busy_timeout(
    tmp_path: Path,
) -> None:
    # What the crash and concurrency guarantees rest on, as config/settings.py sets it up.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pragmas.sqlite3'}",
        "PVEPLAN_VAR_DIR": str(tmp_path / "var"),
    }
    pragmas = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    out = _manage(
        env,
        "shell",
        "-c",
        "from django.db import connection as c; cursor = c.cursor(); "
        f"print(*[cursor.execute(f'PRAGMA {{p}}').fetchone()[0] for p in {pragmas!r}], "
        "c.transaction_mode)",
    )
    # synchronous 1 is NORMAL: safe against application crashes in WAL mode.
    assert out.splitlines()[-1] == "wal 1 1 20000 IMMEDIATE"
