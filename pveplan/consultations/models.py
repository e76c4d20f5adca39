"""Whole-of-society consultations on a plan: who was consulted (stakeholders), when and how many
(events and their participant counts), what they said and what the plan's team did with it
(inputs, each with a disposition and a reasoned response).

Who sees what (`permissions.py` applies it):
- Whoever can read a plan reads its consultations: events, counts, inputs and responses, and the
  stakeholder registry with each stakeholder's *public reference* (`Stakeholder.public_label`).
- Only the plan's team (`plans:write` over the plan) sees contact details and the real names of
  pseudonymous stakeholders, and changes anything.
- The consultation annex is for publication: it is built as for a reader outside the team.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pveplan.core.i18n import LANGUAGE_CHOICES, Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.plans.models import Plan, PlanNode


class StakeholderType(models.TextChoices):
    CSO = "cso", _("civil-society organization")
    WOMENS_ORGANIZATION = "womens_org", _("women's organization")
    YOUTH_ORGANIZATION = "youth_org", _("youth organization")
    RELIGIOUS_LEADER = "religious_leader", _("religious leader")
    TRADITIONAL_LEADER = "traditional_leader", _("traditional leader")
    ACADEMIA = "academia", _("academia")
    MEDIA = "media", _("media")
    PRIVATE_SECTOR = "private_sector", _("private sector")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    NHRI = "nhri", _("national human-rights institution")
    OTHER = "other", _("other")


# The types counted as civil society in the inclusion figures.
CSO_TYPES: tuple[str, ...] = (
    StakeholderType.CSO,
    StakeholderType.WOMENS_ORGANIZATION,
    StakeholderType.YOUTH_ORGANIZATION,
)


class Sex(models.TextChoices):
    WOMEN = "women", _("women")
    MEN = "men", _("men")
    OTHER = "other", _("other or undisclosed")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("under 18")
    YOUTH = "18_29", _("18–29 (youth)")
    ADULT = "30_59", _("30–59")
    SENIOR = "60_plus", _("60 and over")
    UNDISCLOSED = "undisclosed", _("undisclosed")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class Disposition(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    PARTLY_ACCEPTED = "partly", _("partly accepted")
    DECLINED = "declined", _("declined")


class Stakeholder(TimestampedModel):
    """An organization or person the plan's team consults, kept in the plan's registry.

    A pseudonymous stakeholder is known outside the team only by its pseudonym (or, without
    one, by its type); its real name, if kept at all, never leaves the team's pages.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="stakeholders"
    )
    type = models.CharField(_("type"), max_length=20, choices=StakeholderType.choices)
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("May stay empty for a pseudonymous stakeholder."),
    )
    is_pseudonymous = models.BooleanField(
        _("pseudonymous"),
        default=False,
        help_text=_("Known outside the plan's team only by a pseudonym, never by name."),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("address and notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "type", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=StakeholderType.values), name="stakeholder_type_known"
            ),
            models.CheckConstraint(
                condition=Q(is_pseudonymous=True) | ~Q(name=""),
                name="stakeholder_named_unless_pseudonymous",
            ),
            models.CheckConstraint(
                condition=Q(is_pseudonymous=True) | Q(pseudonym=""),
                name="stakeholder_pseudonym_only_when_pseudonymous",
            ),
        ]

    def __str__(self) -> str:
        # The public reference, so a generic rendering (admin, audit log labels) never leaks a
        # pseudonymous stakeholder's real name.
        return self.public_label

    @property
    def public_label(self) -> str:
        """How the stakeholder is named outside the team and in anything published."""
        if not self.is_pseudonymous:
            return self.name
        if self.pseudonym:
            return self.pseudonym
        return gettext("Anonymous (%(type)s)") % {"type": self.get_type_display()}

    @property
    def team_label(self) -> str:
        """How the team sees it: the public reference, with the real name when there is one."""
        if self.is_pseudonymous and self.name:
            return f"{self.public_label} — {self.name}"
        return self.public_label


class ConsultationEvent(TimestampedModel):
    """A meeting, workshop, online consultation... held on the plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="consultation_events"
    )
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    original_language = models.CharField(
        _("language of the original"), max_length=2, choices=LANGUAGE_CHOICES
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    organizer = models.CharField(_("organized by"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "date", "pk"]
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=EventFormat.values), name="consultation_event_format_known"
            ),
        ]

    def __str__(self) -> str:
        return self.shown_title.text or f"#{self.pk}"

    @property
    def shown_title(self) -> Shown:
        return pick(texts_of(self.title), original=self.original_language)

    @property
    def shown_summary(self) -> Shown:
        return pick(texts_of(self.summary), original=self.original_language)


class ParticipantCount(models.Model):
    """How many participants of one stakeholder type, sex and age group took part in an event.

    Only non-zero cells are stored; `participants_set` replaces an event's whole grid.
    """

    event = models.ForeignKey(
        ConsultationEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participant_counts",
    )
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=20, choices=StakeholderType.choices
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=12, choices=AgeGroup.choices)
    count = models.IntegerField(_("participants"))

    class Meta:
        ordering = ["event", "stakeholder_type", "sex", "age_group"]
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "stakeholder_type", "sex", "age_group"],
                name="unique_participant_cell",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="participant_count_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(stakeholder_type__in=StakeholderType.values),
                name="participant_type_known",
            ),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="participant_sex_known"),
            models.CheckConstraint(
                condition=Q(age_group__in=AgeGroup.values), name="participant_age_group_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder_type}/{self.sex}/{self.age_group}: {self.count}"


class ConsultationInput(TimestampedModel):
    """One contribution received in the consultation, and the team's reasoned response to it."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="consultation_inputs"
    )
    # An input is a record of what was said: its event cannot be deleted under it.
    event = models.ForeignKey(
        ConsultationEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inputs",
    )
    # A stakeholder may ask to be removed from the registry; what they said stays, unattributed.
    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inputs",
    )
    node = models.ForeignKey(
        PlanNode,
        verbose_name=_("plan item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_inputs",
    )
    text = models.JSONField(_("input"), default=dict)
    original_language = models.CharField(
        _("language of the original"), max_length=2, choices=LANGUAGE_CHOICES
    )
    disposition = models.CharField(
        _("disposition"), max_length=10, choices=Disposition.choices, default=Disposition.PENDING
    )
    response = models.JSONField(_("response"), default=dict, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("consultation input")
        verbose_name_plural = _("consultation inputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(disposition__in=Disposition.values), name="input_disposition_known"
            ),
            models.CheckConstraint(
                condition=Q(disposition=Disposition.PENDING)
                | (~Q(response={}) & Q(responded_at__isnull=False)),
                name="input_decided_with_a_response",
            ),
        ]
        indexes = [models.Index(fields=["plan", "disposition"])]

    def __str__(self) -> str:
        text = self.shown_text.text
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def shown_text(self) -> Shown:
        return pick(texts_of(self.text), original=self.original_language)

    @property
    def shown_response(self) -> Shown:
        return pick(texts_of(self.response), original=self.original_language)

    @property
    def is_pending(self) -> bool:
        return self.disposition == Disposition.PENDING
