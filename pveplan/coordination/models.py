"""Coordination groups: who sits in them, when they meet, what they decide and who does what.

A group (a donor working group, a UN country team working group, the Compact PVE working group,
a regional task force, the High-level PVE Action Group) has members (organizations and people),
meetings (agenda, minutes per language, attendance), numbered decisions and action items with
an owner, a due date and a status, linked to plan nodes and support requests.

Who sees and manages what is written in `permissions.py`; every change goes through `actions.py`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.i18n import LANGUAGE_CHOICES, Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.plans.models import PlanNode
from pveplan.support.models import SupportRequest
from pveplan.taxonomy.models import Country, RegionalOrganization


class GroupKind(models.TextChoices):
    DONOR_WG = "donor_wg", _("donor working group")
    UNCT_WG = "unct_wg", _("UN country team working group")
    COMPACT_WG = "compact_wg", _("Compact PVE working group")
    REGIONAL_TASK_FORCE = "regional_task_force", _("regional task force")
    HIGH_LEVEL_GROUP = "high_level_group", _("High-level PVE Action Group")


# Kinds that work at the global level: no country, no regional organization.
GLOBAL_KINDS = (GroupKind.COMPACT_WG, GroupKind.HIGH_LEVEL_GROUP)


class CoordinationGroup(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    # {"ar": {"text": ..., "provenance": "original"}, "en": {...}} (core.i18n)
    name = models.JSONField(_("name"), default=dict)
    original_language = models.CharField(
        _("language of the original"), max_length=2, choices=LANGUAGE_CHOICES
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_groups",
    )
    regional_organization = models.ForeignKey(
        RegionalOrganization,
        verbose_name=_("regional organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_groups",
    )
    convener = models.ForeignKey(
        Organization,
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        related_name="convened_groups",
    )
    description = models.TextField(_("purpose"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("coordination group")
        verbose_name_plural = _("coordination groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=GroupKind.values), name="coordination_group_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=True) | Q(regional_organization__isnull=True),
                name="coordination_group_country_or_region",
            ),
            models.CheckConstraint(
                condition=~Q(kind=GroupKind.UNCT_WG) | Q(country__isnull=False),
                name="coordination_unct_group_has_country",
            ),
            models.CheckConstraint(
                condition=~Q(kind=GroupKind.REGIONAL_TASK_FORCE)
                | Q(regional_organization__isnull=False),
                name="coordination_task_force_has_region",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=GLOBAL_KINDS)
                | Q(country__isnull=True, regional_organization__isnull=True),
                name="coordination_global_group_has_no_place",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_name.text or f"#{self.pk}"

    @property
    def shown_name(self) -> Shown:
        return pick(texts_of(self.name), original=self.original_language)

    def name_in(self, language: str) -> str:
        return pick(texts_of(self.name), language, original=self.original_language).text


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")


class GroupMemberQuerySet(models.QuerySet["GroupMember"]):
    def current(self) -> GroupMemberQuerySet:
        return self.filter(left_on__isnull=True)


class GroupMember(TimestampedModel):
    """An organization, a person, or a person for an organization, sitting in a group."""

    group = models.ForeignKey(
        CoordinationGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="coordination_memberships",
    )
    role = models.CharField(
        _("role in the group"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    # A member who left keeps their row, so past attendance stays on record; adding them again
    # brings them back.
    left_on = models.DateField(_("left the group on"), null=True, blank=True)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="coordination_member_role_known"
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(user__isnull=False),
                name="coordination_member_is_someone",
            ),
            models.UniqueConstraint(
                fields=["group", "organization"],
                condition=Q(user__isnull=True),
                name="coordination_organization_once_per_group",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(user__isnull=False),
                name="coordination_person_once_per_group",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        person = self.user.get_full_name() or self.user.get_username() if self.user else ""
        if person and self.organization is not None:
            return f"{person} ({self.organization.label})"
        return person or (self.organization.label if self.organization else "")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class Meeting(TimestampedModel):
    group = models.ForeignKey(
        CoordinationGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    date = models.DateField(_("date"))
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # The minutes per language, with provenance (core.i18n.build_multilingual).
    minutes = models.JSONField(_("minutes"), default=dict, blank=True)
    minutes_language = models.CharField(
        _("language of the original minutes"), max_length=2, choices=LANGUAGE_CHOICES, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attendance = models.ManyToManyField(
        GroupMember, verbose_name=_("present"), blank=True, related_name="meetings_attended"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="coordination_meeting_status_known",
            ),
            models.CheckConstraint(
                condition=Q(format__in=MeetingFormat.values),
                name="coordination_meeting_format_known",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Meeting of %(date)s") % {"date": self.date.isoformat()}

    def minutes_in(self) -> dict[str, str]:
        """The minutes' text per language, in the UN's order."""
        return texts_of(self.minutes)


class Decision(TimestampedModel):
    """A decision of a group, numbered 1, 2, 3... within the group in the order recorded."""

    group = models.ForeignKey(
        CoordinationGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"))
    text = models.TextField(_("decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["group", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"], name="coordination_decision_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="coordination_decision_number_positive"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="coordination_decision_has_text"),
        ]

    def __str__(self) -> str:
        return gettext("Decision %(number)s") % {"number": self.number}


class ItemStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


# Items still to do: they can be due and overdue.
LIVE_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def live(self) -> ActionItemQuerySet:
        return self.filter(status__in=LIVE_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ActionItemQuerySet:
        return self.live().filter(due_date__lt=today or timezone.localdate())

    def due_within(self, days: int, today: datetime.date | None = None) -> ActionItemQuerySet:
        """Live items due in the next `days` days, or already overdue."""
        day = today or timezone.localdate()
        return self.live().filter(due_date__lte=day + datetime.timedelta(days=days))


class ActionItem(TimestampedModel):
    group = models.ForeignKey(
        CoordinationGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    title = models.CharField(_("what is to be done"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner_organization = models.ForeignKey(
        Organization,
        verbose_name=_("owner organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_items",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordination_items",
    )
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    plan_nodes = models.ManyToManyField(
        PlanNode, verbose_name=_("plan actions"), blank=True, related_name="coordination_items"
    )
    support_requests = models.ManyToManyField(
        SupportRequest,
        verbose_name=_("support requests"),
        blank=True,
        related_name="coordination_items",
    )
    # When the owner was last reminded (remind_action_items): at most once a day.
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="coordination_item_status_known"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="coordination_item_has_title"),
            models.CheckConstraint(
                condition=Q(owner_organization__isnull=False) | Q(owner_user__isnull=False),
                name="coordination_item_has_owner",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status in LIVE_STATUSES and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def owner_label(self) -> str:
        person = (
            self.owner_user.get_full_name() or self.owner_user.get_username()
            if self.owner_user
            else ""
        )
        if person and self.owner_organization is not None:
            return f"{person} ({self.owner_organization.label})"
        return person or (self.owner_organization.label if self.owner_organization else "")
