"""Capacity-needs assessments and the needs they reveal.

A template holds questions grouped by capacity dimension (dimensions.py). An assessment of a
Member State or regional organization answers each question with a maturity level 0-4, evidence
and comments; it is drafted by the owner's team, submitted, and may be validated by UNOCT (never
by whoever submitted it). Scores and gaps are computed, not stored (scoring.py).

A Need is what a country (or regional organization) lacks and may ask support for: made from a
gap of an assessment in one click, or written directly. Support requests (pveplan.support) can
start from a need.

Assessments and needs are confidential: only the owner's team and the global roles see them
(`visible_to`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.assessments.dimensions import Dimension, Maturity, dimension_name
from pveplan.core.i18n import LANGUAGE_CHOICES, Shown, pick, texts_of
from pveplan.core.models import TimestampedModel
from pveplan.taxonomy.models import PriorityArea


def _owned_by_visible(user: Any, owner_field: str) -> Q | None:
    """The filter for rows owned in a country or regional organization where `user` holds
    plans:read (their team's material); None when they see every owner (global roles)."""
    from pveplan.accounts.permissions import scope_of
    from pveplan.core.permissions import PLANS_READ

    scope = scope_of(user)
    if PLANS_READ in scope.everywhere:
        return None
    return scope.where(PLANS_READ, owner_field)


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    REQUESTED = "requested", _("support requested")
    MET = "met", _("met")
    DROPPED = "dropped", _("dropped")


class NeedQuerySet(models.QuerySet["Need"]):
    def visible_to(self, user: Any) -> NeedQuerySet:
        """Needs of the owner's team (plans:read in the owner's country or regional
        organization) and, for the global roles, every need. Never partners': a need reveals
        the country's confidential assessment."""
        where = _owned_by_visible(user, "owner")
        return self.all() if where is None else self.filter(where)

    def for_listing(self) -> NeedQuerySet:
        return self.select_related(
            "owner__country", "owner__regional_organization", "assessment"
        ).prefetch_related("priority_areas")


class Need(TimestampedModel):
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("country or organization"),
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("The Member State or regional organization that has the need."),
    )
    title = models.CharField(_("need"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    dimension = models.CharField(
        _("capacity dimension"), max_length=20, choices=Dimension.choices, blank=True
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, verbose_name=_("priority areas"), blank=True, related_name="needs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        help_text=_("The assessment whose gap this need was made from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NeedStatus.values), name="need_status_known"
            ),
            models.CheckConstraint(
                condition=Q(dimension="") | Q(dimension__in=Dimension.values),
                name="need_dimension_known",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="need_has_a_title"),
            # A gap becomes a need once: one need per assessment and dimension.
            models.UniqueConstraint(
                fields=["assessment", "dimension"],
                condition=Q(assessment__isnull=False),
                name="one_need_per_assessment_gap",
            ),
            models.CheckConstraint(
                condition=Q(assessment__isnull=True) | ~Q(dimension=""),
                name="need_from_a_gap_has_its_dimension",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_dimension(self) -> Shown | None:
        return dimension_name(self.dimension) if self.dimension else None


class AssessmentTemplate(TimestampedModel):
    """A set of questions per dimension. A new edition of a template is a new row, so past
    assessments keep the questions they were answered with."""

    code = models.SlugField(_("code"), max_length=60)
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    name = models.JSONField(
        _("name"), default=dict, help_text=_('Per language: {"en": {"text": "..."}, ...}')
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active templates are offered for new ones.")
    )

    class Meta:
        ordering = ["code", "-edition"]
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="template_edition_unique"),
            models.CheckConstraint(condition=Q(edition__gte=1), name="template_edition_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.shown_name.text} ({self.edition})"

    @property
    def shown_name(self) -> Shown:
        return pick(texts_of(self.name)) if texts_of(self.name) else Shown(self.code, "en", False)


class Question(TimestampedModel):
    template = models.ForeignKey(
        AssessmentTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    dimension = models.CharField(_("capacity dimension"), max_length=20, choices=Dimension.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.JSONField(
        _("question"),
        default=dict,
        help_text=_('Per language: {"en": {"text": "...", "provenance": "original"}, ...}'),
    )

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "dimension", "position"], name="question_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="question_dimension_known"
            ),
        ]

    def __str__(self) -> str:
        return self.shown_text.text[:80]

    @property
    def shown_text(self) -> Shown:
        return pick(texts_of(self.text))


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VALIDATED = "validated", _("validated")


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def visible_to(self, user: Any) -> AssessmentQuerySet:
        """Assessments of the owner's team (plans:read in the owner's country or regional
        organization) and, for the global roles, every one. Never partners', donors' or UN
        staff's unless they hold a global role: an assessment is confidential."""
        where = _owned_by_visible(user, "owner")
        return self.all() if where is None else self.filter(where)

    def for_listing(self) -> AssessmentQuerySet:
        return self.select_related("owner__country", "owner__regional_organization", "template")


class Assessment(TimestampedModel):
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("country or organization"),
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text=_("The Member State or regional organization assessed."),
    )
    template = models.ForeignKey(
        AssessmentTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    title = models.CharField(_("title"), max_length=200)
    assessed_on = models.DateField(_("date of the assessment"))
    language = models.CharField(
        _("language of the answers"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        help_text=_("The language the team writes its evidence and comments in."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    is_illustrative = models.BooleanField(_("illustrative sample"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    review_note = models.TextField(
        _("note of the reviewer"),
        blank=True,
        help_text=_("Why UNOCT validated the assessment or returned it for more work."),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["owner", "-assessed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_known"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="assessment_has_a_title"),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="assessment_submitted_has_a_date",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=AssessmentStatus.VALIDATED, validated_at__isnull=False)
                    | (~Q(status=AssessmentStatus.VALIDATED) & Q(validated_at__isnull=True))
                ),
                name="assessment_validated_has_a_date",
            ),
            # Nobody validates their own submission (also checked, and audited, by the action).
            models.CheckConstraint(
                condition=Q(validated_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(validated_by=F("submitted_by")),
                name="assessment_not_validated_by_submitter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Response(TimestampedModel):
    """The answer to one question: a maturity level (empty until answered), evidence, comments."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="responses"
    )
    maturity = models.PositiveSmallIntegerField(
        _("maturity level"), choices=Maturity.choices, null=True, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    comments = models.TextField(_("comments"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["question__position", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_response_per_question"
            ),
            models.CheckConstraint(
                condition=Q(maturity__isnull=True) | Q(maturity__gte=0, maturity__lte=4),
                name="response_maturity_0_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.question_id}: {self.maturity}"
