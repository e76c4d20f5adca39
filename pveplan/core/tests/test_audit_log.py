from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pveplan.core import audit
from pveplan.core.models import AuditChainHead, AuditEvent
from pveplan.testing import World

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    return [audit.record(action="test.event", after={"n": i}) for i in range(n)]


def test_verify_passes_on_a_clean_database(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("verify_audit_log")
    assert "audit log intact" in capsys.readouterr().out


def test_events_are_chained_by_hash() -> None:
    first, second = _events(2)
    assert second.previous_hash == first.hash
    assert second.sequence == first.sequence + 1
    assert audit.chain_hash(second.chained_fields(), first.hash) == second.hash


def test_verify_passes_after_many_writes(world: World) -> None:
    checked, broken = audit.verify()
    assert broken is None
    assert checked == AuditEvent.objects.count() > 10


def test_verify_names_an_altered_event() -> None:
    events = _events(5)
    # Change a row behind the application's back, as an attacker with database access would.
    AuditEvent.objects.filter(pk=events[2].pk).update(rationale="nothing to see")
    with pytest.raises(CommandError, match=f"#{events[2].sequence}"):
        call_command("verify_audit_log")


def test_verify_names_a_deleted_event() -> None:
    events = _events(5)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    with pytest.raises(CommandError, match=f"#{events[2].sequence}"):
        call_command("verify_audit_log")


def test_verify_notices_the_newest_event_deleted() -> None:
    events = _events(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    with pytest.raises(CommandError, match="missing"):
        call_command("verify_audit_log")


def test_verify_notices_reordered_events() -> None:
    events = _events(4)
    a, b = events[1], events[2]
    # Swap the sequence numbers of two rows (through a free value, for the unique index).
    AuditEvent.objects.filter(pk=a.pk).update(sequence=10_000)
    AuditEvent.objects.filter(pk=b.pk).update(sequence=a.sequence)
    AuditEvent.objects.filter(pk=a.pk).update(sequence=b.sequence)
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit_log")


def test_verify_notices_a_changed_json_value_in_raw_sql() -> None:
    events = _events(2)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"n": 99}', events[0].pk]
        )
    checked, broken = audit.verify()
    assert broken is not None and broken.sequence == events[0].sequence
    assert checked == 0


def test_the_chain_head_follows_the_last_event() -> None:
    last = _events(3)[-1]
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (last.sequence, last.hash)


def test_a_request_records_its_id_and_client_ip(world: World) -> None:
    client = world.client("a_editor")
    plan = world.plans["a_confidential"]
    client.post(
        f"/en/plans/{plan.pk}/status/",
        {"to": "consultation", "version": plan.version},
        HTTP_X_REQUEST_ID="req-123",
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.filter(action="plan.change_status").get()
    assert event.request_id == "req-123"
    assert event.ip_address == "10.1.2.3"
    assert event.actor == world.users["a_editor"]
    assert event.on_behalf_of.startswith("jor")
    assert event.before == {"status": "drafting"} and event.after == {"status": "consultation"}


def test_a_refused_write_is_recorded_as_denied(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    from pveplan.plans import actions
    from pveplan.testing import org, plan_input

    with pytest.raises(PermissionDenied):
        actions.plan_create(by=world.users["b_editor"], data=plan_input(org("jor")))
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event is not None and event.outcome == "denied" and event.action == "plan.create"
    assert audit.verify()[1] is None
