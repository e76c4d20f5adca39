"""Coordination groups for the tests and the permission matrix.

- Jordan's UN country team working group: convened (and chaired) by UNOCT, with UNDP as a
  member. Jordan's team sees it as the country's team, UNDP's staff as a member.
- A donor working group (no country): convened and chaired by the test donor.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pveplan.coordination import actions
from pveplan.coordination.models import (
    ActionItem,
    CoordinationGroup,
    GroupKind,
    Meeting,
    MeetingStatus,
)
from pveplan.taxonomy.models import Country
from pveplan.testing import World, org


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def group_input(**overrides: Any) -> actions.GroupInput:
    values: dict[str, Any] = {
        "kind": GroupKind.UNCT_WG,
        "original_language": "en",
        "names": {"en": "Jordan UNCT PVE working group", "ar": "فريق عمل الأمم المتحدة في الأردن"},
        "convener": org("unoct"),
        "country": Country.objects.get(code="JOR"),
        "description": "Coordinates UN support to Jordan's plan.",
    }
    values.update(overrides)
    return actions.GroupInput(**values)


def jordan_group(world: World) -> CoordinationGroup:
    """Jordan's UN country team working group, with UNDP as a member (made once per test)."""
    found = CoordinationGroup.objects.filter(kind=GroupKind.UNCT_WG).first()
    if found is not None:
        return found
    unoct = world.users["unoct"]
    group = actions.group_create(by=unoct, data=group_input())
    actions.member_add(group=group, by=unoct, organization=org("undp"))
    return group


def donor_group(world: World) -> CoordinationGroup:
    found = CoordinationGroup.objects.filter(kind=GroupKind.DONOR_WG).first()
    if found is not None:
        return found
    return actions.group_create(
        by=world.users["unoct"],
        data=group_input(
            kind=GroupKind.DONOR_WG,
            names={"en": "Donor working group"},
            convener=org("test-donor"),
            country=None,
        ),
    )


def meeting(
    world: World, group: CoordinationGroup | None = None, *, held: bool = True, **overrides: Any
) -> Meeting:
    group = group or jordan_group(world)
    values: dict[str, Any] = {
        "date": days(-7) if held else days(14),
        "status": MeetingStatus.HELD if held else MeetingStatus.PLANNED,
        "agenda": "1. Support requests\n2. Work plan",
    }
    if held:
        values.update(
            minutes={"ar": "محضر الاجتماع", "en": "Minutes of the meeting"},
            minutes_language="ar",
        )
    values.update(overrides)
    return actions.meeting_create(
        group=group, by=world.users["unoct"], data=actions.MeetingInput(**values)
    )


def item(
    world: World,
    group: CoordinationGroup | None = None,
    *,
    due: datetime.date | None = None,
    owner: str = "undp",
    **overrides: Any,
) -> ActionItem:
    group = group or jordan_group(world)
    values: dict[str, Any] = {
        "title": "Map UN support to the plan's pillars",
        "due_date": due or days(10),
        "owner_organization": org(owner),
    }
    values.update(overrides)
    return actions.action_item_create(
        group=group, by=world.users["unoct"], data=actions.ItemInput(**values)
    )
