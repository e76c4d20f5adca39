from __future__ import annotations

import pytest

from pveplan.coordination import demo
from pveplan.coordination.models import (
    ActionItem,
    CoordinationGroup,
    Decision,
    GroupKind,
    GroupMember,
    Meeting,
)
from pveplan.plans.demo.seed import seed_demo as seed_base

pytestmark = pytest.mark.django_db


def counts() -> list[int]:
    return [
        model.objects.count()
        for model in (CoordinationGroup, GroupMember, Meeting, Decision, ActionItem)
    ]


def test_the_demo_groups_are_seeded_once() -> None:
    assert demo.seed_demo() == ["coordination: skipped (run seed_demo for the demo accounts first)"]
    seed_base()
    lines = demo.seed_demo()
    assert len(lines) == 3
    first = counts()
    assert demo.seed_demo() == [] and counts() == first


def test_the_demo_shows_a_jordan_group_with_arabic_minutes_and_an_overdue_linked_item() -> None:
    seed_base()
    demo.seed_demo()
    jordan = CoordinationGroup.objects.get(kind=GroupKind.UNCT_WG)
    members = {m.organization.code for m in jordan.members.select_related("organization")}
    assert members == {"unoct", "undp", "jor-cpbu"}
    held = jordan.meetings.get(status="held")
    assert set(held.minutes) == {"ar", "en"} and held.minutes_language == "ar"
    assert held.attendance.count() == 3
    assert list(jordan.decisions.values_list("number", flat=True)) == [1, 2]
    overdue = ActionItem.objects.overdue()
    assert [item.group for item in overdue] == [jordan]
    assert {n.code for n in overdue[0].plan_nodes.all()} == {"1", "2"}
    task_force = CoordinationGroup.objects.get(kind=GroupKind.REGIONAL_TASK_FORCE)
    assert task_force.members.filter(organization__kind="sectoral_body").exists()
    donors = CoordinationGroup.objects.get(kind=GroupKind.DONOR_WG)
    assert donors.members.filter(organization__code="norway-mfa").exists()
