"""Submit for validation -> approval by someone else with approver rights -> adoption."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.plans import actions
from pveplan.plans.models import Plan, Status
from pveplan.testing import World

pytestmark = pytest.mark.django_db

RECORD = actions.AdoptionRecord(
    body="Council of Ministers", date=datetime.date(2026, 3, 1), instrument="Decision 12"
)


def _submitted(world: World, by: str = "a_editor") -> Plan:
    plan = world.plans["a_confidential"]
    return actions.plan_change_status(
        plan=plan, by=world.users[by], to=Status.VALIDATION, expected_version=plan.version
    )


def test_submitting_records_the_submitter_and_clears_any_approval(world: World) -> None:
    plan = _submitted(world)
    assert plan.submitted_by == world.users["a_editor"] and plan.submitted_at is not None
    assert plan.approved_by is None


def test_nobody_approves_their_own_submission_and_the_refusal_is_audited(world: World) -> None:
    plan = _submitted(world, by="a_focal")
    with pytest.raises(PermissionDenied):
        actions.plan_approve(plan=plan, by=world.users["a_focal"], expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.approved_by is None
    refusal = AuditEvent.objects.filter(action="plan.approve").get()
    assert refusal.outcome == AuditOutcome.DENIED and refusal.actor == world.users["a_focal"]


def test_the_database_refuses_an_approval_by_the_submitter(world: World) -> None:
    plan = _submitted(world, by="a_focal")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(approved_by=world.users["a_focal"])


def test_an_editor_cannot_approve(world: World) -> None:
    plan = _submitted(world, by="a_focal")
    with pytest.raises(PermissionDenied):
        actions.plan_approve(plan=plan, by=world.users["a_editor"], expected_version=plan.version)


def test_adoption_waits_for_the_approval_then_goes_through(world: World) -> None:
    plan = _submitted(world)
    with pytest.raises(ValidationError, match="approved by someone other"):
        actions.plan_change_status(
            plan=plan,
            by=world.users["a_focal"],
            to=Status.ADOPTED,
            expected_version=plan.version,
            adoption=RECORD,
        )
    plan = actions.plan_approve(
        plan=plan, by=world.users["a_focal"], expected_version=plan.version, rationale="Checked"
    )
    assert plan.approved_by == world.users["a_focal"]
    plan = actions.plan_change_status(
        plan=plan,
        by=world.users["a_focal"],
        to=Status.ADOPTED,
        expected_version=plan.version,
        adoption=RECORD,
    )
    assert plan.status == Status.ADOPTED
    actions_logged = list(
        AuditEvent.objects.filter(object_id=str(plan.pk), object_type="plans.plan")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions_logged[-3:] == ["plan.change_status", "plan.approve", "plan.change_status"]


def test_returning_to_drafting_clears_the_submission(world: World) -> None:
    plan = _submitted(world)
    plan = actions.plan_approve(plan=plan, by=world.users["unoct"], expected_version=plan.version)
    plan = actions.plan_change_status(
        plan=plan, by=world.users["a_editor"], to=Status.DRAFTING, expected_version=plan.version
    )
    assert plan.submitted_by is None and plan.approved_by is None


def test_approving_twice_or_a_draft_is_refused(world: World) -> None:
    draft = world.plans["a_confidential"]
    with pytest.raises(ValidationError):
        actions.plan_approve(plan=draft, by=world.users["unoct"], expected_version=draft.version)
    plan = _submitted(world)
    plan = actions.plan_approve(plan=plan, by=world.users["unoct"], expected_version=plan.version)
    with pytest.raises(ValidationError):
        actions.plan_approve(plan=plan, by=world.users["a_focal"], expected_version=plan.version)


def test_the_plan_page_offers_approval_to_another_approver_only(world: World) -> None:
    plan = _submitted(world, by="a_focal")
    url = reverse("plans:detail", kwargs={"pk": plan.pk})
    own = world.client("a_focal").get(url).content.decode()
    assert "another person with approver rights must approve it" in own
    assert reverse("plans:approve", kwargs={"pk": plan.pk}) not in own
    other = world.client("unoct").get(url).content.decode()
    assert reverse("plans:approve", kwargs={"pk": plan.pk}) in other
    # Adoption is not offered before approval.
    assert 'value="adopted"' not in other


def test_approving_through_the_page_then_adopting(world: World) -> None:
    plan = _submitted(world, by="a_focal")
    client = world.client("unoct")
    response = client.post(
        reverse("plans:approve", kwargs={"pk": plan.pk}), {"version": plan.version}
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert "Approved by" in page and 'value="adopted"' in page
    assert "approved" in page  # the history names the step


def test_the_submitter_posting_an_approval_gets_a_message_and_nothing_changes(
    world: World,
) -> None:
    plan = _submitted(world, by="a_focal")
    client = world.client("a_focal")
    response = client.post(
        reverse("plans:approve", kwargs={"pk": plan.pk}), {"version": plan.version}, follow=True
    )
    assert "Nobody can approve their own submission." in response.content.decode()
    plan.refresh_from_db()
    assert plan.approved_by is None


def test_the_history_on_the_plan_page_lists_the_changes(world: World) -> None:
    plan = _submitted(world)
    page = world.client("a_editor").get(reverse("plans:detail", kwargs={"pk": plan.pk}))
    text = page.content.decode()
    assert "status changed" in text and "a_editor" in text
