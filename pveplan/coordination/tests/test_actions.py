from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pveplan.coordination import actions
from pveplan.coordination.models import (
    Decision,
    GroupKind,
    GroupMember,
    ItemStatus,
    MemberRole,
)
from pveplan.coordination.tests import helpers as h
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import Provenance
from pveplan.core.models import AuditEvent, AuditOutcome
from pveplan.notifications.models import Kind, Notification
from pveplan.plans import actions as plan_actions
from pveplan.support.tests.helpers import submitted
from pveplan.taxonomy.models import RegionalOrganization
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def node_of(world: World, key: str) -> object:
    return plan_actions.node_add(
        plan=world.plans[key],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(texts={"en": f"Pillar of {key}"}),
    )


# -- groups and members -------------------------------------------------------------------------


def test_a_new_group_has_its_convener_as_chair_and_one_audit_event(world: World) -> None:
    group = h.jordan_group(world)
    chair = GroupMember.objects.get(group=group, role=MemberRole.CHAIR)
    assert chair.organization == org("unoct") and chair.user is None
    assert group.name_in("ar") == "فريق عمل الأمم المتحدة في الأردن"
    assert group.name["en"]["provenance"] == Provenance.ORIGINAL
    assert len(events("coordination.group_create")) == 1


def test_only_coordination_managers_set_up_groups(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.group_create(by=world.users["a_focal"], data=h.group_input())
    refused = events("coordination.group_create")
    assert len(refused) == 1 and refused[0].outcome == AuditOutcome.DENIED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"country": None}, "country"),
        ({"kind": GroupKind.COMPACT_WG}, "country"),
        ({"kind": GroupKind.REGIONAL_TASK_FORCE, "country": None}, "regional_organization"),
        ({"names": {"ar": "اسم"}}, "name_en"),
    ],
)
def test_a_group_must_fit_its_kind_and_be_named_in_its_language(
    world: World, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.group_create(by=world.users["unoct"], data=h.group_input(**overrides))
    assert field in error.value.message_dict


def test_a_regional_task_force_with_a_sectoral_body(world: World) -> None:
    asean = RegionalOrganization.objects.get(code="ASEAN")
    group = actions.group_create(
        by=world.users["unoct"],
        data=h.group_input(
            kind=GroupKind.REGIONAL_TASK_FORCE,
            country=None,
            regional_organization=asean,
            names={"en": "ASEAN task force"},
            convener=org("asean"),
        ),
    )
    member = actions.member_add(
        group=group, by=world.users["unoct"], organization=org("asean-somtc")
    )
    assert member.organization.regional_organization == asean


def test_an_organization_is_added_once_and_comes_back_after_leaving(world: World) -> None:
    group = h.jordan_group(world)
    unoct = world.users["unoct"]
    with pytest.raises(ValidationError):
        actions.member_add(group=group, by=unoct, organization=org("undp"))
    member = GroupMember.objects.get(group=group, organization=org("undp"))
    left = actions.member_remove(member=member, by=unoct, expected_version=member.version)
    assert left.left_on is not None
    back = actions.member_add(
        group=group, by=unoct, organization=org("undp"), role=MemberRole.OBSERVER
    )
    assert back.pk == member.pk and back.left_on is None and back.role == MemberRole.OBSERVER


def test_a_person_sits_for_an_organization_only_if_they_belong_to_it(world: World) -> None:
    group = h.jordan_group(world)
    with pytest.raises(ValidationError) as error:
        actions.member_add(
            group=group,
            by=world.users["unoct"],
            organization=org("undp"),
            user=world.users["donor"],
        )
    assert "user" in error.value.message_dict
    person = actions.member_add(
        group=group, by=world.users["unoct"], organization=org("undp"), user=world.users["un_staff"]
    )
    assert "un_staff" in person.label


def test_the_chair_organization_manages_but_its_viewers_do_not(world: World) -> None:
    unoct_chaired = h.jordan_group(world)
    jordan_chaired = actions.group_create(
        by=world.users["unoct"], data=h.group_input(convener=org("jor"))
    )
    h.meeting(world, jordan_chaired, held=False)
    data = actions.MeetingInput(date=h.days(3))
    assert actions.meeting_create(group=jordan_chaired, by=world.users["a_editor"], data=data)
    with pytest.raises(PermissionDenied):
        actions.meeting_create(group=jordan_chaired, by=world.users["a_viewer"], data=data)
    with pytest.raises(PermissionDenied):
        actions.meeting_create(group=unoct_chaired, by=world.users["a_editor"], data=data)


# -- meetings -----------------------------------------------------------------------------------


def test_minutes_are_kept_per_language_with_their_provenance(world: World) -> None:
    meeting = h.meeting(world)
    assert meeting.minutes["ar"]["provenance"] == Provenance.ORIGINAL
    assert meeting.minutes["en"]["provenance"] == Provenance.TRANSLATED
    assert meeting.minutes_language == "ar"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held": False, "minutes": {"en": "Minutes"}, "minutes_language": "en"}, "status"),
        ({"date": h.days(2)}, "status"),
        ({"minutes_language": "fr"}, "minutes_fr"),
    ],
)
def test_minutes_only_for_held_meetings_in_their_original_language(
    world: World, overrides: dict[str, object], field: str
) -> None:
    held = bool(overrides.pop("held", True))
    with pytest.raises(ValidationError) as error:
        h.meeting(world, held=held, **overrides)
    assert field in error.value.message_dict


def test_attendance_is_recorded_for_held_meetings_with_the_groups_members(world: World) -> None:
    meeting = h.meeting(world)
    members = list(GroupMember.objects.filter(group=meeting.group))
    meeting = actions.attendance_set(
        meeting=meeting, by=world.users["unoct"], present=members, expected_version=1
    )
    assert set(meeting.attendance.all()) == set(members) and meeting.version == 2
    with pytest.raises(ConflictError):
        actions.attendance_set(
            meeting=meeting, by=world.users["unoct"], present=[], expected_version=1
        )
    other = h.donor_group(world).members.first()
    with pytest.raises(ValidationError):
        actions.attendance_set(
            meeting=meeting, by=world.users["unoct"], present=[other], expected_version=2
        )
    planned = h.meeting(world, held=False)
    with pytest.raises(ValidationError):
        actions.attendance_set(
            meeting=planned, by=world.users["unoct"], present=members, expected_version=1
        )


# -- decisions ----------------------------------------------------------------------------------


def test_decisions_are_numbered_in_order_within_each_group(world: World) -> None:
    group, other = h.jordan_group(world), h.donor_group(world)
    unoct = world.users["unoct"]
    first = actions.decision_record(group=group, by=unoct, text="First.", date=h.today())
    second = actions.decision_record(group=group, by=unoct, text="Second.", date=h.today())
    elsewhere = actions.decision_record(group=other, by=unoct, text="Other.", date=h.today())
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(group=group, number=2, date=h.today(), text="Same number.")


def test_a_decision_is_told_to_the_groups_members_in_their_language(world: World) -> None:
    group = h.jordan_group(world)
    staff = world.users["un_staff"]
    staff.language = "ar"
    staff.save()
    actions.decision_record(
        group=group, by=world.users["unoct"], text="UNDP leads.", date=h.today()
    )
    told = Notification.objects.filter(kind=Kind.DECISION)
    # UNDP is a member (its staff), UNOCT chairs (the administrator is UNOCT's): not the actor.
    assert {n.user.username for n in told} == {"un_staff", "admin"}
    arabic = told.get(user=staff)
    assert arabic.params["group"] == "فريق عمل الأمم المتحدة في الأردن"
    assert arabic.params["title"] == "UNDP leads." and arabic.url.endswith("#decision-1")


def test_a_decision_needs_text_and_a_date_not_in_the_future(world: World) -> None:
    group = h.jordan_group(world)
    with pytest.raises(ValidationError) as error:
        actions.decision_record(group=group, by=world.users["unoct"], text=" ", date=h.days(1))
    assert set(error.value.message_dict) == {"text", "date"}


# -- action items -------------------------------------------------------------------------------


def test_a_new_item_is_told_to_its_owner_organizations_people(world: World) -> None:
    item = h.item(world)
    told = Notification.objects.get(kind=Kind.ITEM_DUE)
    assert told.user == world.users["un_staff"]
    assert told.params["due"] == item.due_date.isoformat() and told.params["title"] == item.title


def test_an_item_is_owned_by_a_member_of_the_group(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        h.item(world, owner="test-donor")
    assert "owner_organization" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        h.item(world, owner_user=world.users["b_editor"])
    assert "owner_user" in error.value.message_dict


def test_an_item_links_only_what_its_author_can_see(world: World) -> None:
    group = h.donor_group(world)
    hidden = node_of(world, "a_confidential")
    request = submitted(world)
    with pytest.raises(ValidationError) as error:
        actions.action_item_create(
            group=group,
            by=world.users["donor"],
            data=actions.ItemInput(
                title="Fund it",
                due_date=h.days(5),
                owner_organization=org("test-donor"),
                plan_nodes=[hidden],
                support_requests=[request],
            ),
        )
    assert set(error.value.message_dict) == {"plan_nodes", "support_requests"}


def test_editing_an_item_keeps_the_links_the_editor_cannot_see(world: World) -> None:
    group = h.donor_group(world)
    hidden, shown = node_of(world, "a_confidential"), node_of(world, "a_public")
    item = h.item(world, group, owner="test-donor", plan_nodes=[hidden, shown])
    data = actions.ItemInput(
        title="Renamed", due_date=item.due_date, owner_organization=org("test-donor")
    )
    item = actions.action_item_update(
        item=item, by=world.users["donor"], data=data, expected_version=item.version
    )
    assert item.title == "Renamed"
    assert set(item.plan_nodes.all()) == {hidden}


def test_the_owner_moves_their_item_along_and_others_may_not(world: World) -> None:
    item = h.item(world)
    item = actions.action_item_set_status(
        item=item, by=world.users["un_staff"], status=ItemStatus.DONE, expected_version=1
    )
    assert item.status == ItemStatus.DONE and item.version == 2
    with pytest.raises(PermissionDenied):
        actions.action_item_set_status(
            item=item, by=world.users["a_focal"], status=ItemStatus.OPEN, expected_version=2
        )
    with pytest.raises(ConflictError):
        actions.action_item_set_status(
            item=item, by=world.users["unoct"], status=ItemStatus.OPEN, expected_version=1
        )


def test_a_new_due_date_resets_the_reminder_and_tells_the_owner(world: World) -> None:
    item = h.item(world, due=h.days(1))
    actions.action_items_remind(days=3)
    item.refresh_from_db()
    assert item.reminded_at is not None
    data = actions.ItemInput(title=item.title, due_date=h.days(30), owner_organization=org("undp"))
    item = actions.action_item_update(
        item=item, by=world.users["unoct"], data=data, expected_version=item.version
    )
    assert item.reminded_at is None
    assert Notification.objects.filter(kind=Kind.ITEM_DUE).count() == 3
