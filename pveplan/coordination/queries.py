"""What the coordination pages show, read in a constant number of queries whatever the size of
the group (no query per meeting, decision or item)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from pveplan.coordination.models import (
    LIVE_STATUSES,
    ActionItem,
    CoordinationGroup,
    Decision,
    GroupMember,
    ItemStatus,
    Meeting,
    MeetingStatus,
)
from pveplan.coordination.permissions import my_groups_first, visible_groups
from pveplan.plans.models import Plan, PlanNode
from pveplan.support.permissions import visible_requests

ORGANIZATION_LABELS = (
    "organization__country",
    "organization__regional_organization",
    "organization__sectoral_body",
    "organization__un_entity",
)


def group_list(user: Any, kind: str = "") -> QuerySet[CoordinationGroup]:
    """The groups `user` sees, theirs first, with the figures the list shows."""
    today = timezone.localdate()
    groups = visible_groups(user)
    if kind:
        groups = groups.filter(kind=kind)
    live = Q(action_items__status__in=LIVE_STATUSES)
    return (
        my_groups_first(user, groups)
        .select_related(
            "country",
            "regional_organization",
            "convener__country",
            "convener__regional_organization",
            "convener__sectoral_body",
            "convener__un_entity",
        )
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            live_items=Count("action_items", filter=live, distinct=True),
            overdue_items=Count(
                "action_items", filter=live & Q(action_items__due_date__lt=today), distinct=True
            ),
            next_meeting=Min(
                "meetings__date",
                filter=Q(meetings__date__gte=today, meetings__status=MeetingStatus.PLANNED),
            ),
        )
    )


def members_of(group: CoordinationGroup) -> list[GroupMember]:
    return list(
        GroupMember.objects.current()
        .filter(group=group)
        .select_related(*ORGANIZATION_LABELS, "user")
        .order_by("role", "pk")
    )


def items_of(
    group: CoordinationGroup, user: Any, chosen: str = ""
) -> tuple[list[ActionItem], dict[str, int]]:
    """The group's action items under filter `chosen` (a status, "live", "overdue" or "" for
    all), with their links that `user` may see; and how many items each filter holds."""
    today = timezone.localdate()
    items = ActionItem.objects.filter(group=group)
    counts = {
        row["status"]: row["n"] for row in items.values("status").annotate(n=Count("pk")).order_by()
    }
    counts["overdue"] = items.overdue(today).count()
    counts["live"] = sum(counts.get(status, 0) for status in LIVE_STATUSES)
    counts[""] = sum(counts.get(status, 0) for status in ItemStatus.values)
    if chosen == "live":
        items = items.live()
    elif chosen == "overdue":
        items = items.overdue(today)
    elif chosen in ItemStatus.values:
        items = items.filter(status=chosen)
    nodes = PlanNode.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan")
    requests = visible_requests(user).select_related("requester")
    rows = list(
        items.select_related(
            "owner_organization__country",
            "owner_organization__regional_organization",
            "owner_organization__sectoral_body",
            "owner_organization__un_entity",
            "owner_user",
            "decision",
        )
        .prefetch_related(
            Prefetch("plan_nodes", queryset=nodes.order_by("plan__code", "level", "position")),
            Prefetch("support_requests", queryset=requests.order_by("pk")),
        )
        .order_by("due_date", "pk")
    )
    for item in rows:
        item.group = group  # spare a query per item where the page asks for its group
    return rows, counts


@dataclass
class Meetings:
    upcoming: Sequence[Meeting]
    past: Sequence[Meeting]


def meetings_of(group: CoordinationGroup) -> Meetings:
    """The group's meetings: the planned ones to come (soonest first), then the others."""
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(group=group).annotate(
            present=Count("attendance", distinct=True),
            decision_count=Count("decisions", distinct=True),
        )
    )
    upcoming = [m for m in meetings if m.status == MeetingStatus.PLANNED and m.date >= today]
    upcoming.sort(key=lambda m: (m.date, m.pk))
    past = [m for m in meetings if m not in upcoming]
    return Meetings(upcoming=upcoming, past=past)


def decisions_of(group: CoordinationGroup) -> list[Decision]:
    return list(Decision.objects.filter(group=group).select_related("meeting").order_by("-number"))
