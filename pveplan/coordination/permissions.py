"""How views load coordination groups and their records, and who may change them: the only
sanctioned way.

Who sees a group (its members, meetings, minutes, decisions and action items):
- its members: a user who is a member in person, or who belongs (any role) to a member
  organization;
- the global roles (UNOCT officers and administrators: coordination:manage everywhere);
- for a group of a country, that country's team (plans:read in the country); for a group of a
  regional organization, that organization's team (plans:read there).
Everyone else gets 404, never a hint that the group exists. A member who left the group
(`GroupMember.left_on`) no longer counts as one.

Who manages a group (edits it, adds and removes members, records meetings, attendance, decisions
and action items):
- holders of coordination:manage over the group's country or regional organization (UNOCT);
- the chair: a member in person with the chair role, or a user of a chair organization, except
  those whose membership there is only a viewer's.
Creating a group needs coordination:manage. An action item's owner (the person, or a user of the
owner organization) may also move their own item along (open, in progress, done, dropped).

What a group page shows of other apps follows the reader, not the group: a linked plan node only
if the reader sees its plan (`Plan.objects.visible_to`), a linked support request only if the
reader sees the request (`pveplan.support.permissions.visible_requests`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pveplan.accounts.permissions import scope_of
from pveplan.coordination.models import (
    ActionItem,
    CoordinationGroup,
    Decision,
    GroupMember,
    Meeting,
    MemberRole,
)
from pveplan.core.permissions import COORDINATION_MANAGE, PLANS_READ, Role


def _organization_ids(user: Any, *, acting: bool = False) -> list[int]:
    """The organizations `user` belongs to; with `acting`, only where they hold more than a
    viewer's role (whose people may act for it)."""
    return [
        m.organization_id for m in scope_of(user).memberships if not acting or m.role != Role.VIEWER
    ]


def _member_match(user: Any, *, acting: bool = False) -> Q:
    """GroupMember rows that stand for `user`: in person, or through their organizations."""
    where = Q(organization_id__in=_organization_ids(user, acting=acting), left_on__isnull=True)
    if getattr(user, "is_authenticated", False):
        where |= Q(user=user, left_on__isnull=True)
    return where


def is_global(user: Any) -> bool:
    return COORDINATION_MANAGE in scope_of(user).everywhere


def visible_groups(user: Any) -> QuerySet[CoordinationGroup]:
    """The groups `user` may see (a QuerySet of CoordinationGroup), per the rule above."""
    groups = CoordinationGroup.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return groups.none()
    scope = scope_of(user)
    if COORDINATION_MANAGE in scope.everywhere:
        return groups
    mine = GroupMember.objects.filter(_member_match(user), group=OuterRef("pk"))
    return groups.filter(Q(Exists(mine)) | scope.where(PLANS_READ))


def my_groups_first(user: Any, groups: QuerySet[CoordinationGroup]) -> QuerySet[CoordinationGroup]:
    """`groups` annotated with `is_mine` (the user is a member), members' groups first."""
    if not getattr(user, "is_authenticated", False):
        return groups
    mine = GroupMember.objects.filter(_member_match(user), group=OuterRef("pk"))
    return groups.annotate(is_mine=Exists(mine)).order_by("-is_mine", "-is_active", "kind", "pk")


def may_create_group(
    user: Any, country_id: int | None = None, region_id: int | None = None
) -> bool:
    return COORDINATION_MANAGE in scope_of(user).permissions_for(country_id, region_id)


def may_create_anywhere(user: Any) -> bool:
    return scope_of(user).has_anywhere(COORDINATION_MANAGE)


def may_manage(user: Any, group: CoordinationGroup) -> bool:
    """Whether `user` manages `group`: coordination:manage over its place, or its chair."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if COORDINATION_MANAGE in scope_of(user).permissions_for(
        group.country_id, group.regional_organization_id
    ):
        return True
    return GroupMember.objects.filter(
        _member_match(user, acting=True), group=group, role=MemberRole.CHAIR
    ).exists()


def is_owner(user: Any, item: ActionItem) -> bool:
    """Whether `user` owns `item`: in person, or (when no person is named) through its owner
    organization, unless they are only a viewer there."""
    if not getattr(user, "is_authenticated", False):
        return False
    if item.owner_user_id is not None:
        return bool(item.owner_user_id == user.pk)
    return item.owner_organization_id in _organization_ids(user, acting=True)


def may_set_status(user: Any, item: ActionItem) -> bool:
    return may_manage(user, item.group) or is_owner(user, item)


def _parse(pk: int | str) -> int:
    if isinstance(pk, int):
        return pk
    if not str(pk).isdigit():
        raise Http404("Not found")
    return int(pk)


def _check(user: Any, group: CoordinationGroup, need: str | None) -> None:
    if need is None:
        return
    if need != COORDINATION_MANAGE:
        raise ValueError(f"unknown need {need!r}")
    if not may_manage(user, group):
        raise PermissionDenied(need)


def access_group(user: Any, pk: int | str, *, need: str | None = None) -> CoordinationGroup:
    """The group `pk` if `user` may see it; with need=coordination:manage, only if they manage it.

    Http404 when it does not exist or is outside the user's sight; PermissionDenied when visible
    but not theirs to manage.
    """
    group = (
        visible_groups(user)
        .select_related(
            "country", "regional_organization", "convener__country", "convener__un_entity"
        )
        .filter(pk=_parse(pk))
        .first()
    )
    if group is None:
        raise Http404("No coordination group found")
    _check(user, group, need)
    return group


def access_meeting(user: Any, pk: int | str, *, need: str | None = None) -> Meeting:
    """Meeting `pk`: 404 outside its group's sight, 403 in sight without `need`."""
    meeting = (
        Meeting.objects.filter(pk=_parse(pk), group__in=visible_groups(user))
        .select_related("group__country", "group__regional_organization")
        .first()
    )
    if meeting is None:
        raise Http404("No meeting found")
    _check(user, meeting.group, need)
    return meeting


def access_decision(user: Any, pk: int | str, *, need: str | None = None) -> Decision:
    """Decision `pk`: 404 outside its group's sight, 403 in sight without `need`."""
    decision = (
        Decision.objects.filter(pk=_parse(pk), group__in=visible_groups(user))
        .select_related("group", "meeting")
        .first()
    )
    if decision is None:
        raise Http404("No decision found")
    _check(user, decision.group, need)
    return decision


def access_item(user: Any, pk: int | str, *, need: str | None = None) -> ActionItem:
    """Action item `pk`: 404 outside its group's sight, 403 in sight without `need`."""
    item = (
        ActionItem.objects.filter(pk=_parse(pk), group__in=visible_groups(user))
        .select_related(
            "group__country",
            "group__regional_organization",
            "owner_organization__country",
            "owner_organization__un_entity",
            "owner_user",
            "decision",
        )
        .first()
    )
    if item is None:
        raise Http404("No action item found")
    _check(user, item.group, need)
    return item


def access_member(user: Any, pk: int | str, *, need: str | None = None) -> GroupMember:
    """Group member `pk`: 404 outside its group's sight, 403 in sight without `need`."""
    member = (
        GroupMember.objects.filter(pk=_parse(pk), group__in=visible_groups(user))
        .select_related("group", "organization", "user")
        .first()
    )
    if member is None:
        raise Http404("No group member found")
    _check(user, member.group, need)
    return member
