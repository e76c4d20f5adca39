"""Who hears about what in a coordination group, in their own language: the group's news goes
to its members, an action item's to its owner. Called by the actions, inside their transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from pveplan.accounts.models import Membership
from pveplan.coordination.models import ActionItem, CoordinationGroup, GroupMember
from pveplan.core.i18n import FALLBACK_LANGUAGE, UN_LANGUAGES
from pveplan.notifications.actions import notify
from pveplan.notifications.models import Kind


def group_url(group: CoordinationGroup, anchor: str = "") -> str:
    url = reverse("coordination:group", kwargs={"pk": group.pk})
    return f"{url}#{anchor}" if anchor else url


def group_audience(group: CoordinationGroup) -> list[Any]:
    """The active users a group's news goes to: its members in person and the people of its
    member organizations."""
    members = GroupMember.objects.current().filter(group=group)
    org_ids = members.exclude(organization=None).values("organization_id")
    via_org = Membership.objects.filter(organization_id__in=org_ids).values("user_id")
    user_ids = members.exclude(user=None).values("user_id")
    return list(
        get_user_model().objects.filter(Q(pk__in=via_org) | Q(pk__in=user_ids), is_active=True)
    )


def item_owners(item: ActionItem) -> list[Any]:
    """Whom to tell about an item: its owner in person; else the group's members in person from
    the owner organization; else the people of the owner organization."""
    if item.owner_user_id is not None:
        owner = get_user_model().objects.filter(pk=item.owner_user_id, is_active=True)
        return list(owner)
    org_people = Membership.objects.filter(organization=item.owner_organization).values("user_id")
    in_group = (
        GroupMember.objects.current()
        .filter(group_id=item.group_id, user__in=org_people)
        .values("user_id")
    )
    users = get_user_model().objects.filter(is_active=True)
    chosen = list(users.filter(pk__in=in_group))
    return chosen or list(users.filter(pk__in=org_people))


def notify_in_languages(
    recipients: Iterable[Any],
    *,
    kind: str,
    params: Callable[[str], dict[str, Any]],
    url: str,
    exclude: Any = None,
) -> int:
    """Notify each recipient with parameters in their own language (group names are
    multilingual; a notification keeps the words it was made with)."""
    by_language: dict[str, list[Any]] = defaultdict(list)
    for user in recipients:
        language = (getattr(user, "language", "") or FALLBACK_LANGUAGE).split("-")[0]
        by_language[language if language in UN_LANGUAGES else FALLBACK_LANGUAGE].append(user)
    made = 0
    for language, users in by_language.items():
        made += len(
            notify(recipients=users, kind=kind, params=params(language), url=url, exclude=exclude)
        )
    return made


def notify_owners(item: ActionItem, by: Any) -> None:
    group = item.group
    notify_in_languages(
        item_owners(item),
        kind=Kind.ITEM_DUE,
        params=lambda language: {
            "title": item.title,
            "due": item.due_date.isoformat(),
            "group": group.name_in(language),
        },
        url=group_url(group, f"item-{item.pk}"),
        exclude=by,
    )
