"""The plan registry: national, regional and sub-national plans and where they stand."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.i18n import LANGUAGE_CHOICES, Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.taxonomy.models import PriorityArea


class Scope(models.TextChoices):
    NATIONAL = "national", _("national")
    REGIONAL = "regional", _("regional")
    SUBNATIONAL = "subnational", _("sub-national")


class Status(models.TextChoices):
    SUPPORT_REQUESTED = "support_requested", _("support requested")
    DRAFTING = "drafting", _("drafting")
    CONSULTATION = "consultation", _("in consultation")
    VALIDATION = "validation", _("in validation")
    ADOPTED = "adopted", _("adopted")
    IMPLEMENTING = "implementing", _("being implemented")
    UNDER_REVIEW = "under_review", _("under review")
    SUPERSEDED = "superseded", _("superseded")
    EXPIRED = "expired", _("expired")


# The lifecycle: which status may follow which. Only `plan_change_status` moves along it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.SUPPORT_REQUESTED: (Status.DRAFTING,),
    Status.DRAFTING: (Status.CONSULTATION, Status.VALIDATION),
    Status.CONSULTATION: (Status.DRAFTING, Status.VALIDATION),
    Status.VALIDATION: (Status.DRAFTING, Status.ADOPTED),
    Status.ADOPTED: (Status.IMPLEMENTING, Status.UNDER_REVIEW, Status.SUPERSEDED, Status.EXPIRED),
    Status.IMPLEMENTING: (Status.UNDER_REVIEW, Status.SUPERSEDED, Status.EXPIRED),
    Status.UNDER_REVIEW: (Status.DRAFTING, Status.IMPLEMENTING, Status.SUPERSEDED, Status.EXPIRED),
    Status.SUPERSEDED: (),
    Status.EXPIRED: (),
}
# Statuses that mean the plan was adopted: they need an adoption record.
ADOPTED_STATUSES = (
    Status.ADOPTED,
    Status.IMPLEMENTING,
    Status.UNDER_REVIEW,
    Status.SUPERSEDED,
    Status.EXPIRED,
)
# Moving into these needs the approve permission, not only write.
APPROVAL_STATUSES = (Status.ADOPTED,)


class Sensitivity(models.TextChoices):
    PUBLIC = "public", _("public")
    PARTNERS = "partners", _("shared with partners")
    CONFIDENTIAL = "confidential", _("confidential")


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: Any) -> PlanQuerySet:
        """Plans the user may see: public ones, partners' ones for partners, and every plan
        owned in a country or regional organization where the user holds plans:read."""
        from pveplan.accounts.permissions import scope_of
        from pveplan.core.permissions import PLANS_READ

        scope = scope_of(user)
        if PLANS_READ in scope.everywhere:
            return self.all()
        visible = Q(sensitivity=Sensitivity.PUBLIC)
        if scope.is_partner:
            visible |= Q(sensitivity=Sensitivity.PARTNERS)
        countries = scope.countries_with(PLANS_READ)
        if countries:
            visible |= Q(owner__country_id__in=countries)
        regional = scope.regional_organizations_with(PLANS_READ)
        if regional:
            visible |= Q(owner__regional_organization_id__in=regional)
        return self.filter(visible)

    def for_listing(self) -> PlanQuerySet:
        return self.select_related(
            "owner__country__subregion__parent",
            "owner__regional_organization",
            "owner__sectoral_body",
            "owner__un_entity",
        ).prefetch_related("priority_areas")


class Plan(TimestampedModel):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    owner = models.ForeignKey(
        Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plans"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("national plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subnational_plans",
        help_text=_("The national plan a sub-national plan localizes."),
    )
    subnational_area = models.CharField(
        _("sub-national area"),
        max_length=200,
        blank=True,
        help_text=_("State, province, county..."),
    )
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    original_language = models.CharField(
        _("language of the original"), max_length=2, choices=LANGUAGE_CHOICES
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFTING
    )
    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    lead_body = models.ForeignKey(
        Organization,
        verbose_name=_("lead coordination body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plans",
    )
    adoption_body = models.CharField(_("adopted by"), max_length=200, blank=True)
    adoption_date = models.DateField(_("adoption date"), null=True, blank=True)
    adoption_instrument = models.CharField(
        _("legal instrument of adoption"),
        max_length=300,
        blank=True,
        help_text=_("Decree, law, resolution..."),
    )
    sensitivity = models.CharField(
        _("sensitivity"),
        max_length=12,
        choices=Sensitivity.choices,
        default=Sensitivity.CONFIDENTIAL,
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, verbose_name=_("priority areas"), blank=True, related_name="plans"
    )
    is_illustrative = models.BooleanField(
        _("illustrative sample data"), default=False, help_text=_("Demo content, not a real plan.")
    )
    # Titles in every language, the code and the area, case-folded: what the registry search
    # matches (JSON text is escaped on SQLite, so the title field itself cannot be searched).
    search_text = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_review_date = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("When the plan is due for its next review."),
    )
    # Validation: who submitted the plan and who (someone else) approved it for adoption.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    tier_names = models.JSONField(
        _("tier names"),
        default=list,
        blank=True,
        help_text=_(
            "Names of the structure's tiers, top first, per language; empty for the default."
        ),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=Scope.SUBNATIONAL, parent__isnull=False) & ~Q(subnational_area="")
                )
                | (~Q(scope=Scope.SUBNATIONAL) & Q(parent__isnull=True)),
                name="plan_subnational_has_parent_and_area",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=ADOPTED_STATUSES) | Q(adoption_date__isnull=False),
                name="plan_adopted_has_adoption_date",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="plan_status_known"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("submitted_by")),
                name="plan_not_approved_by_its_submitter",
            ),
            models.CheckConstraint(
                condition=Q(sensitivity__in=Sensitivity.values), name="plan_sensitivity_known"
            ),
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="plan_scope_known"),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["sensitivity"])]

    def __str__(self) -> str:
        return self.shown_title.text or self.code

    @property
    def shown_title(self) -> Shown:
        return pick(texts_of(self.title), original=self.original_language)

    @property
    def shown_summary(self) -> Shown:
        return pick(texts_of(self.summary), original=self.original_language)

    @property
    def country(self) -> Any:
        return self.owner.country

    @property
    def regional_organization(self) -> Any:
        return self.owner.regional_organization

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")

    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())
