"""The process actions: one audit event per change, conflicts, rules answered with messages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.process import actions
from pveplan.process.models import ChecklistAnswer, PhaseStatus, PlanPhase
from pveplan.process.tests.helpers import body, phase, update
from pveplan.taxonomy.models import Country
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def test_the_first_edit_of_a_phase_creates_its_row_and_one_audit_event(world: World) -> None:
    ministry = body("JOR", "jor-moi", "Ministry of Interior")
    row = update(world, "PH1", start_date=DAY, responsible_body=ministry, notes="Committee set up")
    assert (row.status, row.start_date, row.responsible_body, row.version) == (
        "in_progress",
        DAY,
        ministry,
        1,
    )
    assert row.updated_by == world.users["a_editor"]
    [event] = events("process.phase_update")
    assert event.actor == world.users["a_editor"] and event.outcome == AuditOutcome.ALLOWED
    assert event.object_label == f"{world.plans['a_confidential'].code} · PH1"
    assert event.before == {
        "status": "not_started",
        "start_date": None,
        "responsible_body_id": None,
        "notes": "",
    }
    assert event.after == {
        "phase": "PH1",
        "status": "in_progress",
        "start_date": "2024-03-01",
        "responsible_body_id": ministry.pk,
        "notes": "Committee set up",
    }


def test_a_later_edit_records_only_what_changed(world: World) -> None:
    update(world, "PH2", start_date=DAY)
    row = update(world, "PH2", status="done", start_date=DAY, end_date=datetime.date(2024, 9, 30))
    assert row.version == 2
    last = events("process.phase_update")[-1]
    assert last.before == {"status": "in_progress", "end_date": None}
    assert last.after == {"phase": "PH2", "status": "done", "end_date": "2024-09-30"}


def test_an_edit_from_a_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    update(world, "PH3", notes="First")
    with pytest.raises(ConflictError):
        update(world, "PH3", notes="Second", version=0)
    row = PlanPhase.objects.get(plan=world.plans["a_confidential"], phase__code="PH3")
    assert row.notes == "First" and row.version == 1
    assert len(events("process.phase_update")) == 1


def test_an_end_before_the_start_is_refused_with_a_message(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        update(world, "PH4", start_date=DAY, end_date=DAY - datetime.timedelta(days=1))
    assert refused.value.message_dict == {"end_date": ["The end cannot come before the start."]}
    assert not PlanPhase.objects.exists() and not events("process.phase_update")


def test_the_database_itself_refuses_an_end_before_the_start(world: World) -> None:
    row = update(world, "PH4", start_date=DAY)
    row.end_date = DAY - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_database_refuses_a_skipped_phase_without_a_reason(world: World) -> None:
    row = update(world, "PH4")
    row.status = PhaseStatus.SKIPPED
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_database_refuses_a_second_row_for_the_same_phase(world: World) -> None:
    row = update(world, "PH4")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanPhase.objects.create(plan=row.plan, phase=row.phase)


def test_skipping_a_phase_needs_a_reason_and_the_reason_goes_when_it_is_resumed(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as refused:
        update(world, "PH0", status="skipped", skip_reason="  ")
    assert refused.value.message_dict == {"skip_reason": ["Say why the phase is skipped."]}
    row = update(world, "PH0", status="skipped", skip_reason="Mandate given by the 2016 plan")
    assert row.skip_reason == "Mandate given by the 2016 plan"
    row = update(world, "PH0", status="in_progress", skip_reason="left over")
    assert row.skip_reason == ""


def test_a_phase_marked_done_cannot_end_in_the_future(world: World) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        update(world, "PH5", status="done", end_date=tomorrow)
    assert refused.value.message_dict == {
        "end_date": ["A phase that is done cannot end in the future."]
    }
    # Planned dates ahead are fine while the phase is under way.
    assert update(world, "PH5", status="in_progress", end_date=tomorrow).end_date == tomorrow


def test_the_country_itself_and_its_ministries_may_be_responsible(world: World) -> None:
    assert update(world, "PH0", responsible_body=org("jor")).responsible_body == org("jor")
    ministry = body("JOR", "jor-mofa", "Ministry of Foreign Affairs")
    assert update(world, "PH0", responsible_body=ministry).responsible_body == ministry


@pytest.mark.parametrize("who", ["lebanese ministry", "lebanon", "jordanian cso", "undp"])
def test_a_responsible_body_outside_the_plans_scope_is_refused(world: World, who: str) -> None:
    if who == "lebanese ministry":
        outside = body("LBN", "lbn-moi", "Ministry of Interior (Lebanon)")
    elif who == "jordanian cso":
        outside = account_actions.organization_create(
            by=None,
            organization=Organization(
                kind=OrganizationKind.CSO,
                code="jor-youth-network",
                country=Country.objects.get(code="JOR"),
                name_en="Youth network",
            ),
        )
    else:
        outside = org({"lebanon": "lbn", "undp": "undp"}[who])
    with pytest.raises(ValidationError) as refused:
        update(world, "PH1", responsible_body=outside)
    assert "responsible_body" in refused.value.message_dict
    assert not PlanPhase.objects.exists()


@pytest.mark.parametrize("persona", ["a_viewer", "b_editor", "donor", "un_staff"])
def test_people_without_the_write_permission_are_refused_and_the_refusal_audited(
    world: World, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        update(world, "PH1", by=persona)
    [event] = events("process.phase_update")
    assert event.outcome == AuditOutcome.DENIED and event.actor == world.users[persona]
    assert not PlanPhase.objects.exists()


def test_several_phases_may_be_in_progress_at_once(world: World) -> None:
    update(world, "PH3")
    update(world, "PH4")
    statuses = PlanPhase.objects.filter(plan=world.plans["a_confidential"]).values_list(
        "status", flat=True
    )
    assert list(statuses) == ["in_progress", "in_progress"]


def tick(
    world: World, key: str, done: bool = True, version: int = 0, **extra: str
) -> ChecklistAnswer:
    return actions.checklist_answer_set(
        plan=world.plans["a_confidential"],
        phase=phase("PH0"),
        item_key=key,
        done=done,
        by=world.users["a_focal"],
        expected_version=version,
        **extra,
    )


def test_ticking_an_item_records_who_and_when_with_one_audit_event(world: World) -> None:
    answer = tick(world, "mandate_decision", note="Decree 12/2024")
    assert answer.done and answer.note == "Decree 12/2024" and answer.version == 1
    assert answer.answered_by == world.users["a_focal"] and answer.answered_at is not None
    [event] = events("process.checklist_answer_set")
    assert event.before is None
    assert event.after == {
        "plan": world.plans["a_confidential"].pk,
        "phase": "PH0",
        "item": "mandate_decision",
        "done": True,
        "note": "Decree 12/2024",
    }
    again = tick(world, "mandate_decision", done=False, version=1)
    assert not again.done and again.version == 2
    assert events("process.checklist_answer_set")[-1].before == {
        "done": True,
        "note": "Decree 12/2024",
    }


def test_ticking_does_not_change_the_version_the_phase_edit_starts_from(world: World) -> None:
    tick(world, "mandate_decision")
    row = PlanPhase.objects.get(plan=world.plans["a_confidential"], phase__code="PH0")
    assert row.version == 0 and row.status == "not_started"
    assert update(world, "PH0", version=0).version == 1


def test_an_answer_from_a_stale_version_is_a_conflict(world: World) -> None:
    tick(world, "mandate_decision")
    with pytest.raises(ConflictError):
        tick(world, "mandate_decision", done=False, version=0)
    assert ChecklistAnswer.objects.get().done


def test_an_item_of_another_phase_or_none_at_all_is_refused(world: World) -> None:
    for key in ("draft_strategy", "no_such_item"):
        with pytest.raises(ValidationError) as refused:
            tick(world, key)
        assert refused.value.message_dict == {
            "item_key": ["This phase has no such checklist item."]
        }
    assert not ChecklistAnswer.objects.exists()


def test_a_viewer_cannot_tick_an_item(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.checklist_answer_set(
            plan=world.plans["a_confidential"],
            phase=phase("PH0"),
            item_key="mandate_decision",
            done=True,
            by=world.users["a_viewer"],
            expected_version=0,
        )
    assert not ChecklistAnswer.objects.exists()
    assert events("process.checklist_answer_set")[0].outcome == AuditOutcome.DENIED
