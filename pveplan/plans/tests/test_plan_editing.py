from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent
from pveplan.plans import actions
from pveplan.plans.models import Plan, Scope, Status
from pveplan.taxonomy.models import PriorityArea
from pveplan.testing import World, org, plan_input

pytestmark = pytest.mark.django_db


def _form(owner_pk: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "scope": "national",
        "owner": owner_pk,
        "original_language": "fr",
        "title_fr": "Stratégie nationale de prévention de l'extrémisme violent",
        "title_en": "National strategy for preventing violent extremism",
        "summary_fr": "Résumé.",
        "status": "drafting",
        "period_start": 2025,
        "period_end": 2030,
        "sensitivity": "confidential",
        "priority_areas": [
            PriorityArea.objects.get(number=1).pk,
            PriorityArea.objects.get(number=5).pk,
        ],
    }
    data.update(overrides)
    return data


def test_a_country_editor_registers_a_plan_for_their_country(world: World) -> None:
    client = world.client("a_editor")
    response = client.post("/en/plans/new/", _form(org("jor").pk))
    plan = Plan.objects.get(title__fr__text__startswith="Stratégie")
    assert response.status_code == 302 and response["Location"] == f"/en/plans/{plan.pk}/"
    assert (
        plan.title["fr"]["provenance"] == "original"
        and plan.title["en"]["provenance"] == "translated"
    )
    assert sorted(plan.priority_areas.values_list("number", flat=True)) == [1, 5]
    event = AuditEvent.objects.get(action="plan.create", object_id=str(plan.pk))
    assert event.actor == world.users["a_editor"] and event.after["sensitivity"] == "confidential"


def test_the_owner_list_offers_only_countries_the_user_can_write_for(world: World) -> None:
    form = world.client("a_editor").get("/en/plans/new/").context["form"]
    assert [o.code for o in form.fields["owner"].queryset] == ["jor"]


def test_registering_for_another_country_is_refused_and_writes_nothing(world: World) -> None:
    before = Plan.objects.count()
    response = world.client("a_editor").post("/en/plans/new/", _form(org("lbn").pk))
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert Plan.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title_fr": ""}, "title_fr"),
        ({"period_start": 2030, "period_end": 2025}, "period_end"),
        ({"period_start": 1800}, "period_start"),
        ({"status": "adopted"}, "adoption_date"),
        ({"scope": "regional"}, "owner"),
        ({"scope": "subnational"}, "parent"),
        ({"sensitivity": "secret"}, "sensitivity"),
        ({"original_language": "de"}, "original_language"),
        ({"adoption_date": "2999-01-01"}, "adoption_date"),
        ({"title_en": "x" * 501}, "title_en"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    plans, events = Plan.objects.count(), AuditEvent.objects.count()
    response = world.client("a_focal").post("/en/plans/new/", _form(org("jor").pk, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Plan.objects.count() == plans
    # The only event is the refused request itself (names of fields, never their values).
    new = list(AuditEvent.objects.order_by("sequence")[events:])
    assert [(e.action, e.outcome) for e in new] == [("request.rejected", "failed")]


def test_error_messages_come_in_the_users_language(world: World) -> None:
    response = world.client("a_focal").post("/ar/plans/new/", _form(org("jor").pk, title_fr=""))
    assert "لم يُحفظ أي شيء" in response.content.decode()


def test_a_subnational_plan_needs_a_national_plan_of_the_same_country(world: World) -> None:
    admin = world.users["admin"]
    data = plan_input(
        org("jor"),
        scope=Scope.SUBNATIONAL,
        parent=world.plans["b_confidential"],
        subnational_area="Irbid",
    )
    with pytest.raises(ValidationError) as error:
        actions.plan_create(by=admin, data=data)
    assert "parent" in error.value.message_dict
    data.parent = world.plans["a_public"]
    plan = actions.plan_create(by=admin, data=data)
    assert plan.parent == world.plans["a_public"]


def test_the_editor_saves_changes_with_before_and_after_in_the_audit_log(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = world.client("a_editor")
    form = client.get(f"/en/plans/{plan.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {"title_en": "Revised national plan", "version": plan.version, "priority_areas": []}
    )
    response = client.post(f"/en/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title["en"]["text"] == "Revised national plan" and plan.version == 2
    event = AuditEvent.objects.get(action="plan.update")
    assert event.before["title"]["en"]["text"] == "National plan to prevent violent extremism"
    assert set(event.after) == {"title"}


def test_a_stale_edit_is_refused_instead_of_overwriting(world: World) -> None:
    plan = world.plans["a_confidential"]
    admin = world.users["admin"]
    actions.plan_update(
        plan=plan, by=admin, data=plan_input(org("jor"), period_end=2029), expected_version=1
    )
    with pytest.raises(ConflictError):
        actions.plan_update(
            plan=plan, by=admin, data=plan_input(org("jor"), period_end=2030), expected_version=1
        )
    plan.refresh_from_db()
    assert plan.period_end == 2029


def test_a_stale_form_shows_a_message_and_saves_nothing(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = world.client("a_editor")
    data = {
        k: v
        for k, v in client.get(f"/en/plans/{plan.pk}/edit/").context["form"].initial.items()
        if v is not None
    }
    data.update({"title_en": "Mine", "version": 0, "priority_areas": []})
    response = client.post(f"/en/plans/{plan.pk}/edit/", data, follow=True)
    assert "Someone else changed this plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title["en"]["text"] != "Mine"


def test_status_follows_the_lifecycle(world: World) -> None:
    plan = world.plans["a_confidential"]
    focal = world.users["a_focal"]
    with pytest.raises(ValidationError):
        actions.plan_change_status(plan=plan, by=focal, to=Status.IMPLEMENTING, expected_version=1)
    plan = actions.plan_change_status(plan=plan, by=focal, to=Status.VALIDATION, expected_version=1)
    assert plan.next_statuses() == (Status.DRAFTING, Status.ADOPTED)


def test_adoption_needs_the_approver_role_and_an_adoption_record(world: World) -> None:
    plan = actions.plan_change_status(
        plan=world.plans["a_confidential"],
        by=world.users["a_focal"],
        to=Status.VALIDATION,
        expected_version=1,
    )
    record = actions.AdoptionRecord(
        body="Council of Ministers", date=datetime.date(2026, 3, 1), instrument="Decision 12"
    )
    with pytest.raises(PermissionDenied):
        actions.plan_change_status(
            plan=plan,
            by=world.users["a_editor"],
            to=Status.ADOPTED,
            expected_version=2,
            adoption=record,
        )
    plan = actions.plan_approve(plan=plan, by=world.users["unoct"], expected_version=2)
    with pytest.raises(ValidationError):
        actions.plan_change_status(
            plan=plan, by=world.users["a_focal"], to=Status.ADOPTED, expected_version=3
        )
    adopted = actions.plan_change_status(
        plan=plan, by=world.users["a_focal"], to=Status.ADOPTED, expected_version=3, adoption=record
    )
    assert adopted.status == Status.ADOPTED and adopted.adoption_instrument == "Decision 12"
    event = AuditEvent.objects.filter(action="plan.change_status").order_by("-sequence").first()
    assert event is not None and event.after["adoption_date"] == "2026-03-01"


def test_the_status_form_on_the_page_changes_the_status(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = world.client("a_editor")
    response = client.post(
        f"/en/plans/{plan.pk}/status/",
        {"to": "consultation", "version": 1, "rationale": "Drafting done"},
        follow=True,
    )
    assert "The status was changed." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.CONSULTATION


def test_the_edit_form_cannot_change_the_status(world: World) -> None:
    plan = world.plans["a_confidential"]
    client = world.client("a_editor")
    data = {
        k: v
        for k, v in client.get(f"/en/plans/{plan.pk}/edit/").context["form"].initial.items()
        if v is not None
    }
    data.update({"status": "implementing", "version": 1, "priority_areas": []})
    client.post(f"/en/plans/{plan.pk}/edit/", data)
    plan.refresh_from_db()
    assert plan.status == Status.DRAFTING


def test_the_database_refuses_an_adopted_plan_without_a_date(world: World) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=world.plans["a_confidential"].pk).update(status=Status.ADOPTED)


def test_the_plan_page_shows_history_to_the_team_only(world: World) -> None:
    plan = world.plans["a_public"]
    assert world.client("a_editor").get(f"/en/plans/{plan.pk}/").context["history"] is not None
    assert world.client("b_editor").get(f"/en/plans/{plan.pk}/").context["history"] is None


def test_a_missing_translation_falls_back_visibly(world: World) -> None:
    plan = world.plans["a_public"]
    body = world.client("unoct").get(f"/ru/plans/{plan.pk}/").content.decode()
    assert 'class="fallback"' in body and '<span lang="en" dir="ltr">National plan' in body


def test_a_plan_can_be_opened_by_its_code_through_access_plan(world: World) -> None:
    from pveplan.plans.permissions import access_plan

    plan = world.plans["a_confidential"]
    assert access_plan(world.users["a_viewer"], plan.code) == plan
    from django.http import Http404

    with pytest.raises(Http404):
        access_plan(world.users["b_editor"], plan.code)


def test_the_editor_sets_the_next_review_date(world: World) -> None:
    plan = world.plans["a_public"]
    client = world.client("a_focal")
    data = {
        k: v
        for k, v in client.get(f"/en/plans/{plan.pk}/edit/").context["form"].initial.items()
        if v is not None
    }
    data.update({"next_review_date": "2027-06-30", "version": plan.version, "priority_areas": []})
    assert client.post(f"/en/plans/{plan.pk}/edit/", data).status_code == 302
    plan.refresh_from_db()
    assert plan.next_review_date == datetime.date(2027, 6, 30)
    event = AuditEvent.objects.filter(action="plan.update").latest("sequence")
    assert event.after["next_review_date"] == "2027-06-30"
