"""The consultation actions: rules, permissions, version checks and one audit event each."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pveplan.consultations import actions
from pveplan.consultations.models import (
    ConsultationEvent,
    ConsultationInput,
    Disposition,
    ParticipantCount,
    Stakeholder,
)
from pveplan.consultations.tests import helpers as h
from pveplan.core.errors import ConflictError
from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.testing import World

pytestmark = pytest.mark.django_db

CELL = ("youth_org", "women", "18_29")


def events_since(sequence: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(sequence__gt=sequence))


def last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


# -- stakeholders -------------------------------------------------------------------------------


def test_adding_a_stakeholder_writes_one_audit_event_with_its_values(world: World) -> None:
    start = last_sequence()
    created = h.stakeholder(world, pseudonymous=True)
    [event] = events_since(start)
    assert event.action == "stakeholder.create"
    assert event.object_id == str(created.pk)
    assert event.after["pseudonym"] == h.PSEUDONYM
    # The audit log's label of the object is the public reference, never the real name.
    assert h.REAL_NAME not in event.object_label


def test_a_viewer_cannot_add_a_stakeholder_and_the_refusal_is_audited(world: World) -> None:
    start = last_sequence()
    with pytest.raises(PermissionDenied):
        actions.stakeholder_create(
            plan=h.plan(world),
            data=actions.StakeholderData(type="cso", name="X"),
            by=world.users["a_viewer"],
        )
    assert not Stakeholder.objects.exists()
    [event] = events_since(start)
    assert event.outcome == AuditOutcome.DENIED


def test_an_editor_of_another_country_cannot_add_a_stakeholder(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.stakeholder_create(
            plan=h.plan(world),
            data=actions.StakeholderData(type="cso", name="X"),
            by=world.users["b_editor"],
        )


def test_a_named_stakeholder_needs_a_name(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.stakeholder_create(
            plan=h.plan(world), data=actions.StakeholderData(type="cso"), by=h.admin(world)
        )
    assert "name" in error.value.message_dict


def test_a_pseudonym_equal_to_the_real_name_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        h.stakeholder(world, pseudonymous=True, pseudonym=h.REAL_NAME.upper())
    assert "pseudonym" in error.value.message_dict


def test_a_pseudonymous_stakeholder_may_have_no_name_and_no_pseudonym(world: World) -> None:
    created = h.stakeholder(world, pseudonymous=True, name="", pseudonym="")
    assert created.public_label == "Anonymous (women's organization)"


def test_a_pseudonym_is_dropped_when_the_stakeholder_is_not_pseudonymous(world: World) -> None:
    created = h.stakeholder(world, pseudonym="Left over")
    assert created.pseudonym == ""
    assert created.public_label == "Jordanian Women's Union"


def test_the_database_refuses_an_unnamed_stakeholder_that_is_not_pseudonymous(
    world: World,
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Stakeholder.objects.create(plan=h.plan(world), type="cso", name="")


def test_updating_a_stakeholder_records_only_what_changed(world: World) -> None:
    created = h.stakeholder(world)
    start = last_sequence()
    updated = actions.stakeholder_update(
        stakeholder=created,
        data=actions.StakeholderData(type="womens_org", name=created.name, phone="+962 1"),
        by=world.users["a_editor"],
        expected_version=created.version,
    )
    assert updated.version == created.version + 1
    [event] = events_since(start)
    assert event.action == "stakeholder.update"
    assert set(event.after) == {"phone", "email", "address"}
    assert event.after["phone"] == "+962 1"
    assert event.on_behalf_of.startswith("jor")


def test_updating_a_stakeholder_someone_else_changed_first_is_refused(world: World) -> None:
    created = h.stakeholder(world)
    data = actions.StakeholderData(type="cso", name="New name")
    actions.stakeholder_update(
        stakeholder=created, data=data, by=h.admin(world), expected_version=created.version
    )
    start = last_sequence()
    with pytest.raises(ConflictError):
        actions.stakeholder_update(
            stakeholder=created,
            data=actions.StakeholderData(type="cso", name="Other name"),
            by=h.admin(world),
            expected_version=created.version,
        )
    assert Stakeholder.objects.get().name == "New name"
    assert events_since(start) == []


def test_deleting_a_stakeholder_keeps_what_they_said_unattributed(world: World) -> None:
    created = h.stakeholder(world)
    item = h.consultation_input(world, stakeholder=created)
    start = last_sequence()
    actions.stakeholder_delete(
        stakeholder=created, by=h.admin(world), expected_version=created.version
    )
    assert not Stakeholder.objects.exists()
    assert ConsultationInput.objects.get(pk=item.pk).stakeholder is None
    [event] = events_since(start)
    assert event.action == "stakeholder.delete"
    assert event.before["inputs"] == [item.pk]


# -- events and participants --------------------------------------------------------------------


def test_an_event_needs_a_title_in_some_language(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.event_create(
            plan=h.plan(world),
            data=actions.EventData(
                titles={"en": "  "}, original_language="en", date=h.event(world).date
            ),
            by=h.admin(world),
        )
    assert "title_en" in error.value.message_dict


def test_an_event_title_keeps_the_original_language_and_its_translation(world: World) -> None:
    created = h.event(world)
    assert created.title["en"] == {"text": "Youth dialogue", "provenance": "original"}
    assert created.title["ar"]["provenance"] == "translated"


def test_updating_an_event_checks_the_version_and_is_audited(world: World) -> None:
    created = h.event(world)
    data = actions.EventData(
        titles={"en": "Renamed"}, original_language="en", date=created.date, place="Irbid"
    )
    start = last_sequence()
    updated = actions.event_update(
        event=created, data=data, by=h.admin(world), expected_version=created.version
    )
    [event] = events_since(start)
    assert event.after["place"] == "Irbid" and event.before["place"] == "Amman"
    with pytest.raises(ConflictError):
        actions.event_update(
            event=updated, data=data, by=h.admin(world), expected_version=created.version
        )


def test_an_event_with_inputs_cannot_be_deleted(world: World) -> None:
    created = h.event(world)
    h.consultation_input(world, event=created)
    with pytest.raises(ValidationError):
        actions.event_delete(event=created, by=h.admin(world), expected_version=created.version)
    assert ConsultationEvent.objects.filter(pk=created.pk).exists()


def test_deleting_an_event_removes_its_counts_and_records_them(world: World) -> None:
    created = h.set_counts(world, h.event(world), {CELL: 7})
    start = last_sequence()
    actions.event_delete(event=created, by=h.admin(world), expected_version=created.version)
    assert not ParticipantCount.objects.exists()
    [event] = events_since(start)
    assert event.before["participants"] == {"youth_org/women/18_29": 7}


def test_the_participant_grid_is_replaced_as_a_whole(world: World) -> None:
    created = h.set_counts(world, h.event(world), {CELL: 7, ("cso", "men", "30_59"): 3})
    start = last_sequence()
    updated = h.set_counts(world, created, {CELL: 9, ("cso", "men", "30_59"): 0})
    cells = {
        (c.stakeholder_type, c.sex, c.age_group): c.count
        for c in ParticipantCount.objects.filter(event=updated)
    }
    assert cells == {CELL: 9}  # zero cells are not stored
    assert updated.version == created.version + 1
    [event] = events_since(start)
    assert event.action == "consultation_event.participants_set"
    assert event.before == {"youth_org/women/18_29": 7, "cso/men/30_59": 3}
    assert event.after == {"youth_org/women/18_29": 9, "cso/men/30_59": 0}


@pytest.mark.parametrize(
    "bad",
    [
        {("cso", "men", "30_59"): -1},
        {("nobody", "men", "30_59"): 1},
        {("cso", "men", "forever"): 1},
        {("cso", "men", "30_59"): 2.5},
    ],
)
def test_one_bad_cell_and_nothing_of_the_grid_changes(world: World, bad: dict) -> None:
    created = h.set_counts(world, h.event(world), {CELL: 7})
    start = last_sequence()
    with pytest.raises(ValidationError):
        h.set_counts(world, created, {CELL: 100, **bad})
    assert list(ParticipantCount.objects.values_list("count", flat=True)) == [7]
    assert ConsultationEvent.objects.get().version == created.version
    assert events_since(start) == []


def test_the_database_refuses_a_negative_count(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantCount.objects.create(
            event=h.event(world), stakeholder_type="cso", sex="men", age_group="30_59", count=-2
        )


def test_a_stale_grid_is_refused(world: World) -> None:
    created = h.event(world)
    h.set_counts(world, created, {CELL: 1})
    with pytest.raises(ConflictError):
        h.set_counts(world, created, {CELL: 2})
    assert ParticipantCount.objects.get().count == 1


def test_a_viewer_cannot_set_participants(world: World) -> None:
    created = h.event(world)
    with pytest.raises(PermissionDenied):
        actions.participants_set(
            event=created,
            counts={CELL: 1},
            by=world.users["a_viewer"],
            expected_version=created.version,
        )


# -- inputs and responses -----------------------------------------------------------------------


def test_an_input_about_a_node_of_another_plan_is_refused(world: World) -> None:
    other = h.node(world, "b_confidential")
    with pytest.raises(ValidationError) as error:
        h.consultation_input(world, node=other)
    assert "node" in error.value.message_dict
    assert not ConsultationInput.objects.exists()


def test_an_input_from_an_event_or_stakeholder_of_another_plan_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        h.consultation_input(
            world,
            event=h.event(world, "a_public"),
            stakeholder=h.stakeholder(world, "a_public"),
        )
    assert set(error.value.message_dict) == {"event", "stakeholder"}


def test_an_input_is_recorded_pending_and_audited(world: World) -> None:
    target = h.node(world)
    start = last_sequence()
    item = h.consultation_input(world, node=target)
    assert item.disposition == Disposition.PENDING
    [event] = events_since(start)
    assert event.action == "consultation_input.create"
    assert event.after["node_id"] == target.pk


def test_updating_an_input_keeps_its_response(world: World) -> None:
    item = h.respond(world, h.consultation_input(world), "accepted", "Added as action P1.A3.")
    updated = actions.input_update(
        consultation_input=item,
        data=actions.InputData(texts={"en": "Corrected text"}, original_language="en"),
        by=h.admin(world),
        expected_version=item.version,
    )
    assert updated.disposition == "accepted"
    assert updated.shown_text.text == "Corrected text"


@pytest.mark.parametrize("disposition", ["accepted", "partly", "declined"])
def test_a_decision_needs_a_reasoned_response(world: World, disposition: str) -> None:
    item = h.consultation_input(world)
    with pytest.raises(ValidationError) as error:
        h.respond(world, item, disposition, "   ")
    assert "response_en" in error.value.message_dict
    assert ConsultationInput.objects.get().disposition == "pending"


def test_responding_records_who_and_when_in_one_audit_event(world: World) -> None:
    item = h.consultation_input(world)
    start = last_sequence()
    answered = actions.input_respond(
        consultation_input=item,
        disposition="partly",
        response="Partly: the council exists already.",
        by=world.users["a_focal"],
        expected_version=item.version,
    )
    assert answered.responded_by == world.users["a_focal"]
    assert answered.responded_at is not None
    assert answered.response["en"]["text"] == "Partly: the council exists already."
    [event] = events_since(start)
    assert event.action == "consultation_input.respond"
    assert event.before["disposition"] == "pending" and event.after["disposition"] == "partly"


def test_back_to_pending_clears_who_responded(world: World) -> None:
    item = h.respond(world, h.consultation_input(world), "declined", "Out of scope.")
    back = actions.input_respond(
        consultation_input=item,
        disposition="pending",
        response={},
        by=h.admin(world),
        expected_version=item.version,
    )
    assert back.responded_by is None and back.responded_at is None


def test_a_stale_response_is_refused(world: World) -> None:
    item = h.consultation_input(world)
    h.respond(world, item, "accepted", "Yes.")
    with pytest.raises(ConflictError):
        h.respond(world, item, "declined", "No.")
    assert ConsultationInput.objects.get().disposition == "accepted"


def test_an_unknown_disposition_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        h.respond(world, h.consultation_input(world), "maybe", "Hmm.")


def test_the_database_refuses_a_decision_without_a_response(world: World) -> None:
    item = h.consultation_input(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationInput.objects.filter(pk=item.pk).update(disposition="accepted")


def test_a_donor_cannot_respond(world: World) -> None:
    item = h.consultation_input(world)
    with pytest.raises(PermissionDenied):
        actions.input_respond(
            consultation_input=item,
            disposition="accepted",
            response="Yes",
            by=world.users["donor"],
            expected_version=item.version,
        )
