"""Legal and policy instruments: a registry per country (or regional organization) of the laws,
decrees, strategies and other frameworks its plans rely on or must change, and the links from
plan nodes to them with a harmonization note.

Who sees what (the rule `visible_to` and `permissions.access_instrument` apply):
- A registry belongs to a Member State's (or a regional organization's) Organization, so the same
  scope rules as plans hold: its instruments are read by whoever holds `plans:read` in that
  country or regional organization (its own team), and by the global roles (UNOCT, platform
  administrators). Partners, donors and the public do not see them, whatever a plan's sensitivity:
  draft laws and notes on conflicts are sensitive government material.
- They are written (added, edited, deleted) by whoever holds `plans:write` in that scope.
- A link between a plan node and an instrument is written by whoever may write the plan; it is
  shown only to those who can read both the plan's registry and the instrument linked.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.i18n import LANGUAGE_CHOICES, Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.plans.models import PlanNode

# The kinds of organization that hold a registry.
REGISTRY_KINDS = (OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG)
# What an attached file may be, by content.
FILE_KINDS = ("pdf", "docx")


class InstrumentType(models.TextChoices):
    CONSTITUTION = "constitution", _("constitution")
    LAW = "law", _("law")
    DECREE = "decree", _("decree")
    REGULATION = "regulation", _("regulation")
    STRATEGY = "strategy", _("strategy")
    POLICY = "policy", _("policy")
    ACTION_PLAN = "action_plan", _("action plan")
    INTERNATIONAL = "international", _("international instrument")
    OTHER = "other", _("other")


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")
    AMENDED = "amended", _("amended")
    REPEALED = "repealed", _("repealed")


class Harmonization(models.TextChoices):
    ALIGNED = "aligned", _("aligned")
    NEEDS_AMENDMENT = "needs_amendment", _("needs amendment")
    CONFLICTS = "conflicts", _("conflicts")


# What the plan does with an instrument: relies on it, or must change it.
MUST_CHANGE = (Harmonization.NEEDS_AMENDMENT, Harmonization.CONFLICTS)


def instrument_upload_to(instance: LegalInstrument, filename: str) -> str:
    """A path nobody can guess or collide with; `filename` is already made safe by the action."""
    return f"instruments/{instance.owner_id}/{uuid.uuid4().hex}/{filename}"


class LegalInstrumentQuerySet(models.QuerySet["LegalInstrument"]):
    def visible_to(self, user: Any) -> LegalInstrumentQuerySet:
        """Instruments of the registries where the user holds plans:read (all for global roles)."""
        from pveplan.accounts.permissions import scope_of
        from pveplan.core.permissions import PLANS_READ

        scope = scope_of(user)
        if PLANS_READ in scope.everywhere:
            return self.all()
        return self.filter(scope.where(PLANS_READ, "owner"))

    def with_owner(self) -> LegalInstrumentQuerySet:
        return self.select_related("owner__country", "owner__regional_organization")


class LegalInstrument(TimestampedModel):
    """A law, decree, strategy... in a country's (or regional organization's) registry."""

    owner = models.ForeignKey(
        Organization,
        verbose_name=_("registry of"),
        on_delete=models.PROTECT,
        related_name="legal_instruments",
    )
    title = models.JSONField(_("title"), default=dict)
    original_language = models.CharField(
        _("language of the original"), max_length=2, choices=LANGUAGE_CHOICES
    )
    type = models.CharField(_("type"), max_length=20, choices=InstrumentType.choices)
    reference_number = models.CharField(
        _("reference number"), max_length=100, blank=True, help_text=_("For example Law No. 55")
    )
    date_adopted = models.DateField(_("date adopted"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InstrumentStatus.choices,
        default=InstrumentStatus.IN_FORCE,
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=instrument_upload_to, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=100, blank=True)
    file_kind = models.CharField(_("file type"), max_length=10, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Titles in every language and the reference number, case-folded, for the registry search.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LegalInstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date_adopted", "pk"]
        verbose_name = _("legal or policy instrument")
        verbose_name_plural = _("legal and policy instruments")
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=InstrumentType.values), name="instrument_type_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InstrumentStatus.values), name="instrument_status_known"
            ),
            models.CheckConstraint(
                condition=Q(link="")
                | Q(link__startswith="http://")
                | Q(link__startswith="https://"),
                name="instrument_link_is_web",
            ),
            models.CheckConstraint(
                condition=Q(file="", file_name="", file_kind="")
                | (~Q(file="") & ~Q(file_name="") & Q(file_kind__in=FILE_KINDS)),
                name="instrument_file_named_and_typed",
            ),
            models.UniqueConstraint(
                fields=["owner", "type", "reference_number"],
                condition=~Q(reference_number=""),
                name="unique_instrument_reference",
            ),
        ]
        indexes = [models.Index(fields=["owner", "type", "status"])]

    def __str__(self) -> str:
        return self.shown_title.text or self.reference_number or f"#{self.pk}"

    @property
    def shown_title(self) -> Shown:
        return pick(texts_of(self.title), original=self.original_language)

    @property
    def is_in_force(self) -> bool:
        return self.status in (InstrumentStatus.IN_FORCE, InstrumentStatus.AMENDED)


class NodeInstrumentLink(TimestampedModel):
    """A plan node's reliance on (aligned) or need to change (needs amendment, conflicts) an
    instrument, with the reason."""

    node = models.ForeignKey(
        PlanNode,
        verbose_name=_("plan item"),
        on_delete=models.CASCADE,
        related_name="instrument_links",
    )
    instrument = models.ForeignKey(
        LegalInstrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="node_links",
    )
    harmonization = models.CharField(
        _("harmonization"), max_length=20, choices=Harmonization.choices
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Why; needed when the plan must change the instrument.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["node", "pk"]
        verbose_name = _("link to an instrument")
        verbose_name_plural = _("links to instruments")
        constraints = [
            models.UniqueConstraint(fields=["node", "instrument"], name="unique_node_instrument"),
            models.CheckConstraint(
                condition=Q(harmonization__in=Harmonization.values),
                name="link_harmonization_known",
            ),
            models.CheckConstraint(
                condition=Q(harmonization=Harmonization.ALIGNED) | ~Q(note=""),
                name="link_note_when_not_aligned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_id} → {self.instrument_id} ({self.harmonization})"

    @property
    def must_change(self) -> bool:
        return self.harmonization in MUST_CHANGE
