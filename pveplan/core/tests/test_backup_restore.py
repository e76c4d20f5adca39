"""`manage.py backup` and `restore` on the suite's database (SQLite or PostgreSQL): the round
trip is checked table by table, tampering is caught, and a backup taken while a writer runs
restores to a consistent state."""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pveplan.accounts.models import User
from pveplan.core import audit, backup
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import texts_of
from pveplan.core.models import AuditEvent
from pveplan.core.tests.databases import Database, shared_database
from pveplan.plans import actions
from pveplan.testing import World

# pg_dump reads the database from another process: the data must be committed.
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _node(world: World) -> Any:
    return actions.node_add(
        plan=world.plans["a_confidential"],
        by=world.users["admin"],
        parent=None,
        data=actions.NodeInput(texts={"en": "Pillar"}, estimated_cost=Decimal(0)),
    )


def _increment(node_class: Any, pk: int, user: Any) -> None:
    node = node_class.objects.select_related("plan__owner").get(pk=pk)
    data = actions.NodeInput(
        texts=texts_of(node.text), code=node.code, estimated_cost=node.estimated_cost + 1
    )
    actions.node_update(node=node, by=user, data=data, expected_version=node.version)


def _exists(model: Any, pk: int) -> bool:
    return bool(model.objects.filter(pk=pk).exists())


def _run(*args: Any, **options: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@transactional
def test_a_round_trip_restores_every_table_with_no_mismatch(world: World, tmp_path: Path) -> None:
    node = _node(world)
    file = tmp_path / "round-trip.backup"
    out = _run("backup", output=file)
    assert f"backup written: {file}" in out
    manifest = json.loads(backup.manifest_path_for(file).read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["core_auditevent"]["rows"] == AuditEvent.objects.count() - 1
    # Changes after the backup are undone by the restore.
    _increment(type(node), node.pk, world.users["admin"])
    plan = world.plans["b_confidential"]
    plan_class, plan_pk = type(plan), plan.pk
    plan.delete()

    out = _run("restore", str(file), yes=True)

    tables = len(manifest["tables"])
    assert f"{tables} tables checked, 0 mismatching tables" in out
    node.refresh_from_db()
    assert node.estimated_cost == 0 and node.version == 1
    assert _exists(plan_class, plan_pk)
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None and last.action == "backup.restore"
    assert last.after == {
        "file": file.name,
        "tables_checked": tables,
        "mismatching_tables": [],
    }
    assert "audit log intact" in _run("verify_audit_log")


@transactional
def test_restore_refuses_a_database_with_tables_without_yes(world: World, tmp_path: Path) -> None:
    file = tmp_path / "refused.backup"
    _run("backup", output=file)
    plan = world.plans["b_confidential"]
    plan_class, plan_pk = type(plan), plan.pk
    plan.delete()
    with pytest.raises(CommandError, match="confirm with --yes"):
        _run("restore", str(file))
    assert not _exists(plan_class, plan_pk)


@transactional
def test_a_tampered_backup_file_is_refused_before_the_database_is_touched(
    world: World, tmp_path: Path
) -> None:
    file = tmp_path / "tampered.backup"
    _run("backup", output=file)
    content = bytearray(file.read_bytes())
    content[len(content) // 2] ^= 0xFF
    file.write_bytes(bytes(content))
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="does not match its manifest"):
        _run("restore", str(file), yes=True)
    assert AuditEvent.objects.count() == events


@transactional
def test_restore_names_the_tables_that_differ_from_the_manifest(
    world: World, tmp_path: Path
) -> None:
    file = tmp_path / "differs.backup"
    _run("backup", output=file)
    manifest_path = backup.manifest_path_for(file)
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["plans_plan"]["sha256"] = "0" * 64
    manifest["tables"]["core_auditevent"]["rows"] += 1
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as raised:
        _run("restore", str(file), yes=True)

    assert "core_auditevent, plans_plan" in str(raised.value)
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None
    assert last.after["mismatching_tables"] == ["core_auditevent", "plans_plan"]


def _writer(
    database: Database, node_class: Any, pk: int, user_pk: int, stop: threading.Event, out: dict
) -> None:
    database.attach()
    try:
        user = User.objects.get(pk=user_pk)
        while not stop.is_set():
            try:
                _increment(node_class, pk, user)
                out["done"] = out.get("done", 0) + 1
            except ConflictError:
                out["conflicts"] = out.get("conflicts", 0) + 1
    except Exception as e:
        out["error"] = repr(e)
    finally:
        database.detach()


@transactional
def test_backups_taken_while_a_writer_runs_restore_to_consistent_states(
    world: World, tmp_path: Path
) -> None:
    snapshots = 10
    with shared_database(tmp_path) as database:
        node = _node(world)
        node_class = type(node)
        stop = threading.Event()
        progress: dict[str, Any] = {}
        writer = threading.Thread(
            target=_writer,
            args=(database, node_class, node.pk, world.users["a_editor"].pk, stop, progress),
        )
        writer.start()
        taken = []
        try:
            for n in range(snapshots):
                while progress.get("done", 0) < 5 * (n + 1) and writer.is_alive():
                    time.sleep(0.01)
                before = progress.get("done", 0)
                result = backup.backup_create(output=tmp_path / f"under-load-{n}.backup")
                taken.append((result, before, progress.get("done", 0)))
        finally:
            stop.set()
            writer.join()
        assert "error" not in progress, progress["error"]

        consistent = 0
        for result, before, after in taken:
            restored = backup.backup_restore(path=result.path, replace=True)
            fresh = node_class.objects.get(pk=node.pk)
            updates = AuditEvent.objects.filter(action="node.update", object_id=str(node.pk))
            _, broken = audit.verify()
            assert restored.mismatching == []
            assert broken is None, broken
            # The node row and the audit log agree: no half of a transaction in the snapshot.
            assert fresh.estimated_cost == fresh.version - 1 == updates.count()
            assert before <= fresh.estimated_cost <= after
            consistent += 1
    print(f"\n{connection.vendor}: {consistent}/{snapshots} backups under a writer consistent")


@pytest.mark.django_db
def test_logical_hashes_change_only_for_the_table_that_changed(world: World) -> None:
    before = backup.table_digests(connection)
    assert before == backup.table_digests(connection)
    world.plans["a_public"].__class__.objects.filter(pk=world.plans["a_public"].pk).update(
        subnational_area="changed"
    )
    after = backup.table_digests(connection)
    assert backup.mismatching_tables(before, after) == ["plans_plan"]
    assert after["plans_plan"].rows == before["plans_plan"].rows


def test_a_missing_pg_dump_is_reported_with_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(backup.BackupError, match="pg_dump is not on PATH; install"):
        backup._pg_tool("pg_dump")
