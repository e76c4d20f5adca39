"""A plan's structure: tiers of nodes (pillar -> objective -> action -> sub-action) and the
numbered versions that freeze it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.i18n import Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.plans.models.registry import Plan
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea, SDGTarget

# Tier names when a plan does not name its own; level 1 is the top.
DEFAULT_TIERS = (_("Pillar"), _("Objective"), _("Action"), _("Sub-action"))
MAX_LEVEL = len(DEFAULT_TIERS)


class NodeStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


class PlanNodeQuerySet(models.QuerySet["PlanNode"]):
    def for_tree(self) -> PlanNodeQuerySet:
        """Everything a structure page shows, in a constant number of queries."""
        return (
            self.select_related(
                "plan",
                "lead_body__country",
                "lead_body__sectoral_body",
                "lead_body__regional_organization",
                "lead_body__un_entity",
            )
            .prefetch_related(
                "priority_areas",
                "drivers",
                "gcts_pillars",
                "sdg_targets",
                models.Prefetch("partner_bodies", queryset=Organization.objects.with_labels()),
            )
            .order_by("level", "position", "pk")
        )


class PlanNode(TimestampedModel):
    """One pillar, objective, action or sub-action of a plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("tier"))
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=30, blank=True, help_text=_("For example P6.A1"))
    text = models.JSONField(_("text"), default=dict)
    rationale = models.JSONField(_("rationale and assumptions"), default=dict, blank=True)
    priority_areas = models.ManyToManyField(
        PriorityArea, verbose_name=_("priority areas"), blank=True
    )
    drivers = models.ManyToManyField(Driver, verbose_name=_("drivers"), blank=True)
    gcts_pillars = models.ManyToManyField(
        GCTSPillar, verbose_name=_("Strategy pillars"), blank=True
    )
    sdg_targets = models.ManyToManyField(SDGTarget, verbose_name=_("SDG targets"), blank=True)
    lead_body = models.ForeignKey(
        Organization,
        verbose_name=_("lead body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_nodes",
    )
    partner_bodies = models.ManyToManyField(
        Organization, verbose_name=_("partner bodies"), blank=True, related_name="partner_nodes"
    )
    target_groups = models.CharField(_("target groups"), max_length=500, blank=True)
    geography = models.CharField(_("geography"), max_length=300, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NodeStatus.choices, default=NodeStatus.PLANNED
    )
    is_ddr_related = models.BooleanField(_("linked to DDR"), default=False)
    # Answers to the IDDRS safeguard questions (pveplan/plans/ddr.py), by question key:
    # {"screening": {"answer": "yes", "note": "...", "by": "username", "at": "ISO time"}}.
    ddr_safeguards = models.JSONField(_("DDR safeguards"), default=dict, blank=True)
    # Regional plans: the regional actions a national action contributes to.
    contributes_to = models.ManyToManyField(
        "self",
        verbose_name=_("contributes to regional actions"),
        symmetrical=False,
        blank=True,
        related_name="contributions",
    )

    objects = PlanNodeQuerySet.as_manager()

    class Meta:
        ordering = ["level", "position", "pk"]
        verbose_name = _("plan node")
        verbose_name_plural = _("plan nodes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=1) & Q(parent__isnull=True))
                | (Q(level__gt=1) & Q(parent__isnull=False)),
                name="node_top_tier_has_no_parent",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=MAX_LEVEL), name="node_level_in_range"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="node_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="node_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=NodeStatus.values), name="node_status_known"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="node_currency_iso"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.shown_text.text}".strip()

    def descendants(self) -> list[PlanNode]:
        """Every node below this one, one query per tier."""
        found: list[PlanNode] = []
        frontier = [self.pk]
        while frontier:
            children = list(PlanNode.objects.filter(parent_id__in=frontier))
            found.extend(children)
            frontier = [c.pk for c in children]
        return found

    @property
    def shown_text(self) -> Shown:
        return pick(
            texts_of(self.text), original=self.plan.original_language if self.plan_id else None
        )

    @property
    def shown_rationale(self) -> Shown:
        return pick(texts_of(self.rationale))


class VersionReason(models.TextChoices):
    ADOPTION = "adoption", _("adoption")
    BIENNIAL_REVIEW = "biennial_review", _("biennial review")
    THREAT_ASSESSMENT = "threat_assessment", _("new threat assessment")
    LOCALIZATION = "localization", _("localization")
    OTHER = "other", _("other")


class PlanVersion(models.Model):
    """An immutable, numbered snapshot of a whole plan with the reason it was published."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    reason = models.CharField(_("reason"), max_length=20, choices=VersionReason.choices)
    reason_text = models.TextField(_("explanation"), blank=True)
    snapshot = models.JSONField(_("snapshot"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=Q(reason__in=VersionReason.values), name="version_reason_known"
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(reason_text=""), name="version_other_explained"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} v{self.number}"

    def nodes(self) -> list[dict[str, Any]]:
        return list(self.snapshot.get("nodes", []))
