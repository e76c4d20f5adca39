"""Concurrent writers through the real actions: optimistic locking loses no update.

8 editor processes (scripts/concurrent_editor.py, as gunicorn workers would be) each make 200
increments of the same two plan nodes with `node_update`, re-reading and retrying on
ConflictError as an edit form does. Every successful increment must be in the final value, and
no "database is locked" may reach them. Runs on the suite's database: SQLite (copied to a file in
WAL mode with the production options, see databases.py) or PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Sum

from pveplan.core import audit
from pveplan.core.models import AuditEvent
from pveplan.core.tests.databases import Database, shared_database
from pveplan.plans import actions
from pveplan.testing import World

# The editors are other processes: they see committed data only.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EDITOR = Path(__file__).resolve().parents[3] / "scripts" / "concurrent_editor.py"
WRITERS = 8
UPDATES = 200
PERSONAS = ["a_editor", "a_focal", "admin", "unoct"]


def _nodes(world: World, count: int) -> list[Any]:
    plan = world.plans["a_confidential"]
    return [
        actions.node_add(
            plan=plan,
            by=world.users["admin"],
            parent=None,
            data=actions.NodeInput(texts={"en": f"Pillar {i}"}, estimated_cost=Decimal(0)),
        )
        for i in range(count)
    ]


def _run_editors(
    database: Database,
    world: World,
    nodes: list[Any],
    updates: int,
    tmp_path: Path,
    *,
    unprotected: bool = False,
) -> tuple[list[dict[str, Any]], float]:
    """Start the editors, release them together, return their reports and the wall time."""
    go = tmp_path / "go"
    go.unlink(missing_ok=True)
    # As deployed: DEBUG off (no query log kept per connection).
    env = {**os.environ, "DATABASE_URL": database.url(), "DEBUG": "0"}
    env.setdefault("SECRET_KEY", "concurrency-test-key-" + "x" * 40)
    command = [sys.executable, str(EDITOR), "--updates", str(updates), "--go", str(go)]
    command += ["--unprotected"] if unprotected else []
    pks = [str(node.pk) for node in nodes]
    editors = [
        subprocess.Popen(  # noqa: S603
            [
                *command,
                "--user",
                str(world.users[PERSONAS[n % len(PERSONAS)]].pk),
                # Half the editors start on the other node: each node has 4 at a time.
                "--nodes",
                ",".join(pks[n % len(pks) :] + pks[: n % len(pks)]),
            ],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    try:
        for editor in editors:
            assert editor.stdout is not None
            assert editor.stdout.readline() == "ready\n"
        started = time.monotonic()
        go.touch()
        reports = [json.loads(editor.communicate(timeout=900)[0]) for editor in editors]
        return reports, time.monotonic() - started
    finally:
        for editor in editors:
            if editor.poll() is None:
                editor.kill()
                editor.wait()


def test_eight_writers_with_version_checks_lose_no_update(world: World, tmp_path: Path) -> None:
    with shared_database(tmp_path) as database:
        nodes = _nodes(world, 2)
        reports, seconds = _run_editors(database, world, nodes, UPDATES, tmp_path)
        node_class = type(nodes[0])
        pks = [n.pk for n in nodes]
        fresh = list(node_class.objects.filter(pk__in=pks).order_by("pk"))
        total = node_class.objects.filter(pk__in=pks).aggregate(s=Sum("estimated_cost"))["s"]
        audited = AuditEvent.objects.filter(
            action="node.update", object_id__in=[str(pk) for pk in pks]
        ).count()
        checked, broken = audit.verify()

    errors = [e for r in reports for e in r["errors"]]
    done = sum(r["done"] for r in reports)
    expected = WRITERS * UPDATES
    print(
        f"\n{database.vendor}: {WRITERS} writers x {UPDATES} updates in {seconds:.1f} s: "
        f"{done} succeeded, {expected - int(total)} of {expected} lost, "
        f"{sum(r['conflicts'] for r in reports)} conflicts retried, {len(errors)} errors; "
        f"editors' CPU {sum(r['cpu_seconds'] for r in reports):.1f} s"
    )
    assert errors == [], errors[:3]  # no "database is locked", nor anything else
    assert done == expected
    assert total == expected  # every successful increment is in the final values: 0 lost
    assert [n.estimated_cost for n in fresh] == [expected // 2] * 2
    assert [n.version for n in fresh] == [1 + expected // 2] * 2
    assert audited == expected  # one audit event per update; none for refused attempts
    assert broken is None and checked > expected  # the hash chain held under contention


def test_the_same_writers_without_version_checks_lose_updates(world: World, tmp_path: Path) -> None:
    # The control: Django's plain read-modify-write save(). Shows the count above would catch
    # a lost update.
    updates = 25
    with shared_database(tmp_path) as database:
        nodes = _nodes(world, 1)
        reports, _ = _run_editors(database, world, nodes, updates, tmp_path, unprotected=True)
        nodes[0].refresh_from_db()
    assert [e for r in reports for e in r["errors"]] == []
    assert sum(r["done"] for r in reports) == WRITERS * updates
    assert nodes[0].estimated_cost < WRITERS * updates
