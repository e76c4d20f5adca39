from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pveplan.coordination import actions
from pveplan.coordination.models import (
    ActionItem,
    CoordinationGroup,
    GroupKind,
    ItemStatus,
    MemberRole,
)
from pveplan.coordination.tests import helpers as h
from pveplan.notifications.models import Kind, Notification
from pveplan.plans import actions as plan_actions
from pveplan.plans.models import PlanNode
from pveplan.testing import World, org

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(f"coordination:{name}", kwargs=kwargs or None)


def page(world: World, persona: str, name: str, **kwargs: Any) -> str:
    response = world.client(persona).get(url(name, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


def node(world: World, key: str, text: str) -> PlanNode:
    return plan_actions.node_add(
        plan=world.plans[key],
        by=world.users["admin"],
        parent=None,
        data=plan_actions.NodeInput(texts={"en": text}, code="9"),
    )


def row(html: str, item: ActionItem) -> str:
    found = re.search(rf'<tr id="item-{item.pk}"[^>]*>.*?</tr>', html, re.S)
    assert found, f"no row for item {item.pk}"
    return found.group(0)


# -- who sees a group ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "b_editor", "donor"])
def test_someone_outside_the_group_gets_404(world: World, persona: str) -> None:
    group = h.jordan_group(world)
    assert world.client(persona).get(url("group", pk=group.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["un_staff", "a_viewer", "unoct"])
def test_members_the_countrys_team_and_unoct_see_the_group(world: World, persona: str) -> None:
    group = h.jordan_group(world)
    html = page(world, persona, "group", pk=group.pk)
    assert "Jordan UNCT PVE working group" in html
    assert "United Nations Development Programme" in html or "UNDP" in html


def test_a_linked_plan_action_shows_only_to_readers_who_see_its_plan(world: World) -> None:
    secret = node(world, "a_confidential", "Confidential community action")
    public = node(world, "a_public", "Published youth action")
    item = h.item(world, plan_nodes=[secret, public])
    staff = page(world, "un_staff", "group", pk=item.group_id)
    assert "Published youth action" in staff
    assert "Confidential community action" not in staff
    team = page(world, "a_focal", "group", pk=item.group_id)
    assert "Confidential community action" in row(team, item)


def test_the_groups_list_shows_my_groups_first(world: World) -> None:
    h.jordan_group(world)
    donor = h.donor_group(world)
    actions.member_add(group=donor, by=world.users["unoct"], organization=org("undp"))
    other = actions.group_create(
        by=world.users["unoct"],
        data=h.group_input(kind=GroupKind.DONOR_WG, names={"en": "Jordan donors"}),
    )
    # un_staff: a member of the UNCT group and the donor group, not of "Jordan donors".
    html = page(world, "un_staff", "groups")
    assert "Jordan donors" not in html
    focal = page(world, "a_focal", "groups")
    mine, _, others = focal.partition("Groups I can see")
    assert "Jordan donors" in others and "Donor working group" not in focal
    assert other.pk and "My groups" not in mine
    staff_mine = html.partition("Groups I can see")[0]
    assert "Jordan UNCT PVE working group" in staff_mine and "Donor working group" in staff_mine


def test_the_groups_list_takes_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        group = actions.group_create(
            by=world.users["unoct"],
            data=h.group_input(names={"en": f"Group {n}"}),
        )
        h.item(world, group, due=h.days(-1), owner="unoct")
    client = world.client("unoct")
    with django_assert_max_num_queries(8):
        response = client.get(url("groups"))
    assert response.content.decode().count("1 overdue") == 12


# -- the group page -----------------------------------------------------------------------------


def test_overdue_items_are_marked_with_a_class_and_the_word(world: World) -> None:
    late = h.item(world, due=h.days(-1), title="Late one")
    timely = h.item(world, due=h.days(1), title="Timely one")
    finished = h.item(world, due=h.days(-3), title="Finished one")
    actions.action_item_set_status(
        item=finished, by=world.users["unoct"], status=ItemStatus.DONE, expected_version=1
    )
    html = page(world, "un_staff", "group", pk=late.group_id)
    assert "overdue" in row(html, late).split(">")[0] and ">overdue<" in row(html, late)
    assert "overdue" not in row(html, timely) and "overdue" not in row(html, finished)


def test_the_items_filter_shows_one_status_and_answers_htmx_with_the_table(world: World) -> None:
    late = h.item(world, due=h.days(-1), title="Late one")
    h.item(world, due=h.days(5), title="Timely one")
    client = world.client("un_staff")
    response = client.get(url("group", pk=late.group_id) + "?items=overdue", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="items"')
    assert "Late one" in html and "Timely one" not in html
    assert "<h1" not in html


def test_the_group_page_takes_the_same_queries_for_2_or_20_meetings_and_items(
    world: World,
) -> None:
    group = h.jordan_group(world)
    secret = node(world, "a_confidential", "Action")

    def fill(n: int) -> None:
        for i in range(n):
            meeting = h.meeting(world, group)
            actions.decision_record(
                group=group, by=world.users["unoct"], text=f"D{i}", date=h.today(), meeting=meeting
            )
            h.item(world, group, due=h.days(i - 3), plan_nodes=[secret])

    def count() -> int:
        client = world.client("a_focal")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("group", pk=group.pk))
        assert response.status_code == 200
        return len(queries)

    fill(2)
    few = count()
    fill(18)
    assert count() == few <= 16


def test_the_owner_changes_the_status_in_place(world: World) -> None:
    item = h.item(world)
    response = world.client("un_staff").post(
        url("item_status", pk=item.pk),
        {"status": "in_progress", "version": 1, "items": "live"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#items"
    assert "The status was saved." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_a_stale_status_change_is_refused_with_a_notice(world: World) -> None:
    item = h.item(world)
    response = world.client("unoct").post(
        url("item_status", pk=item.pk), {"status": "done", "version": 7}, HTTP_HX_REQUEST="true"
    )
    assert "Someone else changed this" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


# -- forms --------------------------------------------------------------------------------------


def test_unoct_sets_up_a_group_and_becomes_its_chair_through_the_form(world: World) -> None:
    client = world.client("unoct")
    response = client.post(
        url("group_create"),
        {
            "kind": "high_level_group",
            "original_language": "en",
            "name_en": "High-level PVE Action Group",
            "convener": org("unoct").pk,
            "is_active": "on",
        },
    )
    group = CoordinationGroup.objects.get(kind=GroupKind.HIGH_LEVEL_GROUP)
    assert response.status_code == 302 and response["Location"] == url("group", pk=group.pk)
    assert group.members.get().role == MemberRole.CHAIR


def test_a_group_form_without_its_country_says_so(world: World) -> None:
    response = world.client("unoct").post(
        url("group_create"),
        {
            "kind": "unct_wg",
            "original_language": "en",
            "name_en": "UNCT",
            "convener": org("unoct").pk,
        },
    )
    assert response.status_code == 200
    assert "A UN country team working group needs its country." in response.content.decode()


def test_a_decision_recorded_through_the_form_gets_the_next_number(world: World) -> None:
    group = h.jordan_group(world)
    meeting = h.meeting(world, group)
    client = world.client("unoct")
    for text in ("First decision.", "Second decision."):
        response = client.post(
            url("decision_create", pk=group.pk),
            {"date": h.today().isoformat(), "meeting": meeting.pk, "text": text},
        )
        assert response.status_code == 302
    assert response["Location"].endswith("#decision-2")
    html = page(world, "un_staff", "group", pk=group.pk)
    assert 'id="decision-2"' in html and "Second decision." in html
    assert (
        Notification.objects.filter(kind=Kind.DECISION, user=world.users["un_staff"]).count() == 2
    )


def test_an_item_form_lists_only_plan_actions_the_manager_sees(world: World) -> None:
    group = h.donor_group(world)
    node(world, "a_confidential", "Hidden action")
    node(world, "a_public", "Public action")
    html = page(world, "donor", "item_create", pk=group.pk)
    assert "Public action" in html and "Hidden action" not in html


def test_the_meeting_page_shows_minutes_per_language_with_direction(world: World) -> None:
    meeting = h.meeting(world)
    html = page(world, "un_staff", "meeting", pk=meeting.pk)
    # English reader: the English translation first, the Arabic original one tab away.
    assert '<div class="minutes-text" lang="en" dir="ltr">Minutes of the meeting</div>' in html
    assert '?minutes=ar#minutes" lang="ar"' in html
    response = world.client("un_staff").get(
        url("meeting", pk=meeting.pk) + "?minutes=ar", HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert '<div class="minutes-text" lang="ar" dir="rtl">محضر الاجتماع</div>' in fragment
    assert fragment.lstrip().startswith('<section id="minutes"')


def test_attendance_is_saved_from_the_meeting_page(world: World) -> None:
    meeting = h.meeting(world)
    undp = meeting.group.members.get(organization=org("undp"))
    response = world.client("unoct").post(
        url("attendance", pk=meeting.pk), {"present": [undp.pk], "version": meeting.version}
    )
    assert response.status_code == 302
    html = page(world, "un_staff", "meeting", pk=meeting.pk)
    assert "1 present" in html
    assert list(meeting.attendance.all()) == [undp]


def test_a_member_leaves_and_no_longer_sees_the_group(world: World) -> None:
    group = h.jordan_group(world)
    undp = group.members.get(organization=org("undp"))
    response = world.client("unoct").post(url("member_remove", pk=undp.pk), {"version": 1})
    assert response.status_code == 302
    assert world.client("un_staff").get(url("group", pk=group.pk)).status_code == 404


def test_minutes_are_edited_through_the_form_and_keep_a_verified_translation(world: World) -> None:
    meeting = h.meeting(world)
    meeting.minutes["en"]["provenance"] = "verified"
    meeting.save()
    client = world.client("unoct")
    form = client.get(url("meeting_edit", pk=meeting.pk)).content.decode()
    assert 'name="minutes_ar"' in form and 'lang="ar" dir="rtl"' in form
    response = client.post(
        url("meeting_edit", pk=meeting.pk),
        {
            "date": meeting.date.isoformat(),
            "status": "held",
            "format": "online",
            "minutes_language": "ar",
            "minutes_ar": "محضر معدّل",
            "minutes_en": "Minutes of the meeting",
            "minutes_fr": "Procès-verbal",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert {code: entry["provenance"] for code, entry in meeting.minutes.items()} == {
        "ar": "original",
        "en": "verified",
        "fr": "translated",
    }


def test_an_item_is_added_through_the_form_with_its_links(world: World) -> None:
    group = h.jordan_group(world)
    target = node(world, "a_partners", "Partners action")
    response = world.client("unoct").post(
        url("item_create", pk=group.pk),
        {
            "title": "Brief the donors",
            "owner_organization": org("undp").pk,
            "due_date": h.days(4).isoformat(),
            "status": "open",
            "plan_nodes": [target.pk],
        },
    )
    item = ActionItem.objects.get(title="Brief the donors")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    assert list(item.plan_nodes.all()) == [target]
    html = page(world, "un_staff", "group", pk=group.pk)
    assert "Partners action" in row(html, item)


def test_a_member_is_added_through_the_form(world: World) -> None:
    group = h.jordan_group(world)
    client = world.client("unoct")
    form = client.get(url("member_add", pk=group.pk)).content.decode()
    assert "un_staff" in form  # UNDP's people may be named
    response = client.post(
        url("member_add", pk=group.pk),
        {"organization": org("jor").pk, "role": "observer"},
    )
    assert response.status_code == 302
    html = page(world, "unoct", "group", pk=group.pk)
    assert "3 members" in html


def test_the_group_page_reads_right_to_left_in_arabic(world: World) -> None:
    item = h.item(world, due=h.days(-1))
    with translation.override("ar"):
        path = reverse("coordination:group", kwargs={"pk": item.group_id})
    html = world.client("un_staff").get(path).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "فريق عمل الأمم المتحدة في الأردن" in html


def test_the_group_form_saves_and_refuses_a_stale_version(world: World) -> None:
    group = h.jordan_group(world)
    data = {
        "kind": "unct_wg",
        "original_language": "en",
        "name_en": "Jordan PVE working group",
        "name_ar": "فريق عمل الأمم المتحدة في الأردن",
        "country": group.country_id,
        "convener": group.convener_id,
        "description": "New purpose.",
        "is_active": "on",
    }
    client = world.client("unoct")
    stale = client.post(url("group_edit", pk=group.pk), {**data, "version": 9})
    assert "Someone else changed this" in stale.content.decode()
    saved = client.post(url("group_edit", pk=group.pk), {**data, "version": group.version})
    assert saved.status_code == 302
    group.refresh_from_db()
    assert group.name_in("en") == "Jordan PVE working group" and group.description == "New purpose."
    assert group.name_in("ar") == "فريق عمل الأمم المتحدة في الأردن"
