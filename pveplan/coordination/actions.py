"""Every change to coordination groups: typed keyword-only functions, one transaction and one
audit event each, with the permission check (see permissions.py) and, for changes to an existing
record, the version check (ConflictError when someone else changed it first).

Views, the admin, the `remind_action_items` command and the API call these; nothing else writes
coordination records. Notifications (decisions to the group's members, due items to their
owners) are made inside the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from pveplan.accounts.models import Membership, Organization
from pveplan.coordination.audiences import (
    group_audience,
    group_url,
    notify_in_languages,
    notify_owners,
)
from pveplan.coordination.models import (
    GLOBAL_KINDS,
    LIVE_STATUSES,
    ActionItem,
    CoordinationGroup,
    Decision,
    GroupKind,
    GroupMember,
    ItemStatus,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MemberRole,
)
from pveplan.coordination.permissions import (
    may_create_group,
    may_manage,
    may_set_status,
)
from pveplan.core import audit
from pveplan.core.errors import ConflictError
from pveplan.core.i18n import UN_LANGUAGES, build_multilingual
from pveplan.core.models import AuditOutcome
from pveplan.notifications.models import Kind
from pveplan.plans.models import Plan, PlanNode
from pveplan.support.models import SupportRequest
from pveplan.support.permissions import visible_requests
from pveplan.taxonomy.models import Country, RegionalOrganization

GROUP_FIELDS = [
    "kind",
    "name",
    "original_language",
    "country_id",
    "regional_organization_id",
    "convener_id",
    "description",
    "is_active",
]
MEETING_FIELDS = [
    "group_id",
    "date",
    "format",
    "place",
    "agenda",
    "minutes",
    "minutes_language",
    "status",
]
ITEM_FIELDS = [
    "group_id",
    "decision_id",
    "title",
    "description",
    "owner_organization_id",
    "owner_user_id",
    "due_date",
    "status",
]


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _refuse(by: Any, action: str, obj: Any, rationale: str) -> PermissionDenied:
    """Audit a refused change and give the exception to raise."""
    audit.record(action=action, actor=by, obj=obj, outcome=AuditOutcome.DENIED, rationale=rationale)
    return PermissionDenied(rationale)


def _require_manager(by: Any, group: CoordinationGroup, action: str, obj: Any) -> None:
    if not may_manage(by, group):
        raise _refuse(by, action, obj, "coordination:manage")


def _locked[M: (CoordinationGroup, GroupMember, Meeting, ActionItem)](
    obj: M, expected_version: int
) -> M:
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if current.version != expected_version:
        raise ConflictError(obj.pk)
    return current


# -- groups -------------------------------------------------------------------------------------


@dataclass
class GroupInput:
    """What a manager gives for a group."""

    kind: str
    original_language: str
    names: dict[str, str]
    convener: Organization
    country: Country | None = None
    regional_organization: RegionalOrganization | None = None
    description: str = ""
    is_active: bool = True

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.kind not in GroupKind.values:
            add("kind", _("Choose a kind of group."))
        if self.original_language not in UN_LANGUAGES:
            add("original_language", _("Choose one of the six UN languages."))
        elif not self.names.get(self.original_language, "").strip():
            add(
                f"name_{self.original_language}",
                _("Give the name in the language of the original."),
            )
        if self.country is not None and self.regional_organization is not None:
            add("regional_organization", _("A group works in a country or a region, not both."))
        if self.kind == GroupKind.UNCT_WG and self.country is None:
            add("country", _("A UN country team working group needs its country."))
        if self.kind == GroupKind.REGIONAL_TASK_FORCE and self.regional_organization is None:
            add(
                "regional_organization", _("A regional task force needs its regional organization.")
            )
        if self.kind in GLOBAL_KINDS and (
            self.country is not None or self.regional_organization is not None
        ):
            add("country", _("This kind of group works at the global level: no country or region."))
        return errors


def _apply_group(group: CoordinationGroup, data: GroupInput) -> None:
    group.kind = data.kind
    group.original_language = data.original_language
    group.name = build_multilingual(data.names, data.original_language, group.name)
    group.country = data.country
    group.regional_organization = data.regional_organization
    group.convener = data.convener
    group.description = data.description.strip()
    group.is_active = data.is_active


def _place(data: GroupInput) -> tuple[int | None, int | None]:
    return (
        data.country.pk if data.country else None,
        data.regional_organization.pk if data.regional_organization else None,
    )


def group_create(*, by: Any, data: GroupInput) -> CoordinationGroup:
    """Set up a group (coordination:manage over its place); its convener becomes its chair."""
    if not may_create_group(by, *_place(data)):
        raise _refuse(by, "coordination.group_create", None, "coordination:manage")
    _raise_if(data.errors())
    with transaction.atomic():
        group = CoordinationGroup(created_by=_user(by))
        _apply_group(group, data)
        group.save()
        chair = GroupMember.objects.create(
            group=group, organization=data.convener, role=MemberRole.CHAIR
        )
        after = audit.snapshot(group, GROUP_FIELDS)
        after["chair"] = chair.pk
        audit.record(action="coordination.group_create", actor=by, obj=group, after=after)
    return group


def group_update(
    *, group: CoordinationGroup, by: Any, data: GroupInput, expected_version: int
) -> CoordinationGroup:
    """Change a group; moving it to another country or region needs coordination:manage there."""
    _require_manager(by, group, "coordination.group_update", group)
    place = _place(data)
    if place != (group.country_id, group.regional_organization_id) and not may_create_group(
        by, *place
    ):
        raise _refuse(by, "coordination.group_update", group, "coordination:manage")
    _raise_if(data.errors())
    with transaction.atomic():
        current = _locked(group, expected_version)
        before = audit.snapshot(current, GROUP_FIELDS)
        _apply_group(current, data)
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, GROUP_FIELDS))
        audit.record(
            action="coordination.group_update",
            actor=by,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


# -- members ------------------------------------------------------------------------------------


def member_add(
    *,
    group: CoordinationGroup,
    by: Any,
    organization: Organization | None = None,
    user: Any = None,
    role: str = MemberRole.MEMBER,
) -> GroupMember:
    """Add an organization, a person, or a person for an organization; a member who had left
    comes back with the role given."""
    _require_manager(by, group, "coordination.member_add", group)
    errors: dict[str, list[str]] = {}
    if organization is None and user is None:
        errors["organization"] = [_("Choose an organization, a person, or both.")]
    if user is not None and not user.is_active:
        errors["user"] = [_("This account is not active.")]
    if role not in MemberRole.values:
        errors["role"] = [_("Choose a role.")]
    if (
        user is not None
        and organization is not None
        and not Membership.objects.filter(user=user, organization=organization).exists()
    ):
        errors["user"] = [_("This person does not belong to the organization chosen.")]
    _raise_if(errors)
    with transaction.atomic():
        if user is not None:
            existing = GroupMember.objects.filter(group=group, user=user)
        else:
            existing = GroupMember.objects.filter(group=group, organization=organization, user=None)
        member = existing.select_for_update().first()
        before = audit.snapshot(member) if member is not None else None
        if member is not None and member.left_on is None:
            raise ValidationError(
                {"user" if user is not None else "organization": [_("Already a member.")]}
            )
        if member is None:
            member = GroupMember(group=group, user=user)
        else:
            member.version += 1
        member.organization = organization
        member.role = role
        member.left_on = None
        member.save()
        audit.record(
            action="coordination.member_add",
            actor=by,
            obj=member,
            before=before,
            after=audit.snapshot(member),
        )
    return member


def member_remove(*, member: GroupMember, by: Any, expected_version: int) -> GroupMember:
    """A member leaves the group. Their row stays (past attendance is a record), marked left."""
    _require_manager(by, member.group, "coordination.member_remove", member)
    with transaction.atomic():
        current = _locked(member, expected_version)
        if current.left_on is not None:
            raise ValidationError({"member": [_("This member already left the group.")]})
        current.left_on = timezone.localdate()
        current.version += 1
        current.save()
        audit.record(
            action="coordination.member_remove",
            actor=by,
            obj=current,
            before={"left_on": None},
            after={"left_on": current.left_on},
        )
    return current


# -- meetings -----------------------------------------------------------------------------------


@dataclass
class MeetingInput:
    """What a manager gives for a meeting; the minutes come per language."""

    date: datetime.date
    format: str = MeetingFormat.IN_PERSON
    place: str = ""
    agenda: str = ""
    status: str = MeetingStatus.PLANNED
    minutes: dict[str, str] = field(default_factory=dict)
    minutes_language: str = ""

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.format not in MeetingFormat.values:
            add("format", _("Choose a format."))
        if self.status not in MeetingStatus.values:
            add("status", _("Choose a status."))
        if self.status == MeetingStatus.HELD and self.date > timezone.localdate():
            add("status", _("A meeting in the future cannot have been held yet."))
        has_minutes = any(text.strip() for text in self.minutes.values())
        if has_minutes and self.status != MeetingStatus.HELD:
            add("status", _("Minutes are recorded once the meeting is held."))
        if has_minutes:
            if self.minutes_language not in UN_LANGUAGES:
                add("minutes_language", _("Say in which language the minutes were written."))
            elif not self.minutes.get(self.minutes_language, "").strip():
                add(
                    f"minutes_{self.minutes_language}",
                    _("Give the minutes in the language of the original."),
                )
        return errors


def _apply_meeting(meeting: Meeting, data: MeetingInput) -> None:
    meeting.date = data.date
    meeting.format = data.format
    meeting.place = data.place.strip()
    meeting.agenda = data.agenda.strip()
    meeting.status = data.status
    meeting.minutes = build_multilingual(data.minutes, data.minutes_language, meeting.minutes)
    meeting.minutes_language = data.minutes_language if meeting.minutes else ""


def meeting_create(*, group: CoordinationGroup, by: Any, data: MeetingInput) -> Meeting:
    """Plan a meeting, or record one already held (with its minutes)."""
    _require_manager(by, group, "coordination.meeting_create", group)
    _raise_if(data.errors())
    with transaction.atomic():
        meeting = Meeting(group=group)
        _apply_meeting(meeting, data)
        meeting.save()
        audit.record(
            action="coordination.meeting_create",
            actor=by,
            obj=meeting,
            after=audit.snapshot(meeting, MEETING_FIELDS),
        )
    return meeting


def meeting_update(
    *, meeting: Meeting, by: Any, data: MeetingInput, expected_version: int
) -> Meeting:
    """Change a meeting: its date and place, its agenda, its status and minutes per language.
    A translation left as it was keeps its provenance (a verified one stays verified)."""
    _require_manager(by, meeting.group, "coordination.meeting_update", meeting)
    _raise_if(data.errors())
    with transaction.atomic():
        current = _locked(meeting, expected_version)
        if data.status == MeetingStatus.PLANNED and current.attendance.exists():
            raise ValidationError({"status": [_("Attendance is recorded: this meeting was held.")]})
        before = audit.snapshot(current, MEETING_FIELDS)
        _apply_meeting(current, data)
        current.version += 1
        current.save()
        changed_before, changed_after = audit.diff(before, audit.snapshot(current, MEETING_FIELDS))
        audit.record(
            action="coordination.meeting_update",
            actor=by,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def attendance_set(
    *, meeting: Meeting, by: Any, present: Iterable[GroupMember], expected_version: int
) -> Meeting:
    """Record who was present at a held meeting (the whole list at once)."""
    _require_manager(by, meeting.group, "coordination.attendance_set", meeting)
    chosen = list(present)
    with transaction.atomic():
        current = _locked(meeting, expected_version)
        if current.status != MeetingStatus.HELD:
            raise ValidationError(
                {"present": [_("Attendance is recorded once the meeting is held.")]}
            )
        if any(member.group_id != current.group_id for member in chosen):
            raise ValidationError({"present": [_("Choose members of this group.")]})
        before = sorted(current.attendance.values_list("pk", flat=True))
        current.attendance.set(chosen)
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        after = sorted(member.pk for member in chosen)
        changed_before, changed_after = audit.diff({"present": before}, {"present": after})
        audit.record(
            action="coordination.attendance_set",
            actor=by,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


# -- decisions ----------------------------------------------------------------------------------


def decision_record(
    *,
    group: CoordinationGroup,
    by: Any,
    text: str,
    date: datetime.date,
    meeting: Meeting | None = None,
) -> Decision:
    """Record a decision under the group's next number, and tell the group's members.

    The number is taken inside the transaction with the group locked, so two decisions recorded
    at once get consecutive numbers; the database refuses a number used twice in a group.
    """
    _require_manager(by, group, "coordination.decision_record", group)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Write the decision.")]
    if date > timezone.localdate():
        errors["date"] = [_("A decision cannot be dated in the future.")]
    if meeting is not None and meeting.group_id != group.pk:
        errors["meeting"] = [_("Choose a meeting of this group.")]
    _raise_if(errors)
    with transaction.atomic():
        CoordinationGroup.objects.select_for_update().filter(pk=group.pk).first()
        last = Decision.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0
        decision = Decision.objects.create(
            group=group,
            meeting=meeting,
            number=last + 1,
            date=date,
            text=text.strip(),
            recorded_by=_user(by),
        )
        summary = Truncator(decision.text).chars(120)
        notify_in_languages(
            group_audience(group),
            kind=Kind.DECISION,
            params=lambda language: {"group": group.name_in(language), "title": summary},
            url=group_url(group, f"decision-{decision.number}"),
            exclude=by,
        )
        audit.record(
            action="coordination.decision_record",
            actor=by,
            obj=decision,
            after=audit.snapshot(
                decision, ["group_id", "meeting_id", "number", "date", "text", "recorded_by_id"]
            ),
        )
    return decision


# -- action items -------------------------------------------------------------------------------


@dataclass
class ItemInput:
    """What a manager gives for an action item."""

    title: str
    due_date: datetime.date
    owner_organization: Organization | None = None
    owner_user: Any = None
    description: str = ""
    decision: Decision | None = None
    status: str = ItemStatus.OPEN
    plan_nodes: list[PlanNode] = field(default_factory=list)
    support_requests: list[SupportRequest] = field(default_factory=list)


def _member_organization_ids(group: CoordinationGroup) -> set[int]:
    return set(
        GroupMember.objects.current()
        .filter(group=group)
        .exclude(organization=None)
        .values_list("organization_id", flat=True)
    )


def _item_errors(group: CoordinationGroup, data: ItemInput, by: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title.strip():
        add("title", _("Say what is to be done."))
    if data.status not in ItemStatus.values:
        add("status", _("Choose a status."))
    if data.owner_organization is None and data.owner_user is None:
        add("owner_organization", _("Name who owns the item: an organization, a person, or both."))
    org_ids = _member_organization_ids(group)
    if data.owner_organization is not None and data.owner_organization.pk not in org_ids:
        add("owner_organization", _("The owner must be a member organization of the group."))
    if data.owner_user is not None:
        in_person = GroupMember.objects.current().filter(group=group, user=data.owner_user)
        via_org = Membership.objects.filter(user=data.owner_user, organization_id__in=org_ids)
        if not data.owner_user.is_active or not (in_person.exists() or via_org.exists()):
            add(
                "owner_user",
                _("The owner must be a member of the group or of a member organization."),
            )
    if data.decision is not None and data.decision.group_id != group.pk:
        add("decision", _("Choose a decision of this group."))
    visible_plans = Plan.objects.visible_to(by)
    node_ids = [node.pk for node in data.plan_nodes]
    if (
        len(set(node_ids))
        != PlanNode.objects.filter(pk__in=node_ids, plan__in=visible_plans).count()
    ):
        add("plan_nodes", _("Choose plan actions you can see."))
    request_ids = [r.pk for r in data.support_requests]
    if len(set(request_ids)) != visible_requests(by).filter(pk__in=request_ids).count():
        add("support_requests", _("Choose support requests you can see."))
    return errors


def _links_after(existing: set[int], chosen: Iterable[int], visible: set[int]) -> list[int]:
    """The links an item keeps: what the editor chose among what they see, plus the links they
    cannot see (an editor never drops, or learns of, a link outside their sight)."""
    return sorted(set(chosen) | (existing - visible))


def _links_snapshot(item: ActionItem) -> dict[str, list[int]]:
    return {
        "plan_nodes": sorted(item.plan_nodes.values_list("pk", flat=True)),
        "support_requests": sorted(item.support_requests.values_list("pk", flat=True)),
    }


def action_item_create(*, group: CoordinationGroup, by: Any, data: ItemInput) -> ActionItem:
    """Give someone something to do by a date; their owner is told."""
    _require_manager(by, group, "coordination.item_create", group)
    _raise_if(_item_errors(group, data, by))
    with transaction.atomic():
        item = ActionItem(group=group, created_by=_user(by))
        _apply_item(item, data)
        item.save()
        item.plan_nodes.set(data.plan_nodes)
        item.support_requests.set(data.support_requests)
        notify_owners(item, by)
        after = {**audit.snapshot(item, ITEM_FIELDS), **_links_snapshot(item)}
        audit.record(action="coordination.item_create", actor=by, obj=item, after=after)
    return item


def _apply_item(item: ActionItem, data: ItemInput) -> None:
    item.title = data.title.strip()
    item.description = data.description.strip()
    item.owner_organization = data.owner_organization
    item.owner_user = data.owner_user
    item.due_date = data.due_date
    item.status = data.status
    item.decision = data.decision


def action_item_update(
    *, item: ActionItem, by: Any, data: ItemInput, expected_version: int
) -> ActionItem:
    """Change an item; a new owner, or a new due date, is told to the owner."""
    group = item.group
    _require_manager(by, group, "coordination.item_update", item)
    _raise_if(_item_errors(group, data, by))
    with transaction.atomic():
        current = _locked(item, expected_version)
        before = {**audit.snapshot(current, ITEM_FIELDS), **_links_snapshot(current)}
        _apply_item(current, data)
        current.version += 1
        # A new owner or a new date deserves a fresh notice (and a reminder when it comes due).
        renewed = (current.owner_organization_id, current.owner_user_id, current.due_date) != (
            before["owner_organization_id"],
            before["owner_user_id"],
            datetime.date.fromisoformat(before["due_date"]),
        )
        if renewed:
            current.reminded_at = None
        current.save()
        visible_nodes = set(
            PlanNode.objects.filter(
                pk__in=before["plan_nodes"], plan__in=Plan.objects.visible_to(by)
            ).values_list("pk", flat=True)
        )
        visible_requests_ids = set(
            visible_requests(by)
            .filter(pk__in=before["support_requests"])
            .values_list("pk", flat=True)
        )
        current.plan_nodes.set(
            _links_after(set(before["plan_nodes"]), (n.pk for n in data.plan_nodes), visible_nodes)
        )
        current.support_requests.set(
            _links_after(
                set(before["support_requests"]),
                (r.pk for r in data.support_requests),
                visible_requests_ids,
            )
        )
        current.group = group
        if renewed and current.status in LIVE_STATUSES:
            notify_owners(current, by)
        after = {**audit.snapshot(current, ITEM_FIELDS), **_links_snapshot(current)}
        changed_before, changed_after = audit.diff(before, after)
        audit.record(
            action="coordination.item_update",
            actor=by,
            obj=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def action_item_set_status(
    *, item: ActionItem, by: Any, status: str, expected_version: int
) -> ActionItem:
    """Move an item along: its group's managers and its owner may."""
    if not may_set_status(by, item):
        raise _refuse(by, "coordination.item_status", item, "coordination:manage or owner")
    if status not in ItemStatus.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    with transaction.atomic():
        current = _locked(item, expected_version)
        before = current.status
        current.status = status
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        audit.record(
            action="coordination.item_status",
            actor=by,
            obj=current,
            before={"status": before},
            after={"status": status},
        )
    return current


def action_items_remind(*, days: int = 3, now: datetime.datetime | None = None) -> list[ActionItem]:
    """Remind the owners of live items due within `days` days or overdue, at most once a day
    per item (`reminded_at`); one audit event for the whole run, whatever it found."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time.min), timezone.get_current_timezone()
    )
    with transaction.atomic():
        items = list(
            ActionItem.objects.due_within(days, today)
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_today))
            .select_for_update(of=("self",))
            .select_related("group")
            .order_by("due_date", "pk")
        )
        for item in items:
            notify_owners(item, None)
        ActionItem.objects.filter(pk__in=[item.pk for item in items]).update(reminded_at=moment)
        audit.record(
            action="coordination.items_remind",
            after={"days": days, "items": [item.pk for item in items]},
        )
    return items
