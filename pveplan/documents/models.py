"""Existing plan documents read by pveplan: the file, its pages' text, the segments found in it
with their suggested structure and tags, and the reviewers' corrections kept for retraining.

Who sees what: a document belongs to an organization's library (a Member State's or a regional
organization's, like a plan). Its team (plans:read in that scope) and the global roles read it;
plans:write there uploads, reviews and turns it into a plan. Nobody else learns it exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.models import TimestampedModel
from pveplan.plans.models import Plan, PlanNode

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_CHOICES = [
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be read")
    READING = "reading", _("being read")
    READY = "ready", _("ready for review")
    FAILED = "failed", _("could not be read")
    CANCELLED = "cancelled", _("cancelled")
    CONVERTED = "converted", _("turned into a plan")


class SegmentKind(models.TextChoices):
    PILLAR = "pillar", _("pillar")
    OBJECTIVE = "objective", _("objective")
    ACTION = "action", _("action")
    OTHER = "other", _("other text")


# The plan tier each structural kind becomes (PlanNode.level).
LEVEL_OF_KIND = {SegmentKind.PILLAR: 1, SegmentKind.OBJECTIVE: 2, SegmentKind.ACTION: 3}


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("to review")
    ACCEPTED = "accepted", _("accepted")
    EDITED = "edited", _("accepted with changes")
    REJECTED = "rejected", _("rejected")


class SourceDocumentQuerySet(models.QuerySet["SourceDocument"]):
    def visible_to(self, user: Any) -> SourceDocumentQuerySet:
        """Documents of the libraries where the user holds plans:read (all for global roles)."""
        from pveplan.accounts.permissions import scope_of
        from pveplan.core.permissions import PLANS_READ

        scope = scope_of(user)
        if PLANS_READ in scope.everywhere:
            return self.all()
        return self.filter(scope.where(PLANS_READ, "owner"))

    def with_owner(self) -> SourceDocumentQuerySet:
        return self.select_related(
            "owner__country", "owner__regional_organization", "uploaded_by", "plan"
        )


class SourceDocument(TimestampedModel):
    """An uploaded plan document (PDF, DOCX or text) and where its reading stands."""

    owner = models.ForeignKey(
        Organization,
        verbose_name=_("library of"),
        on_delete=models.PROTECT,
        related_name="source_documents",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=10)  # pdf, docx, text (core.uploads)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    # Why reading failed, as a message id translated when shown (gettext_noop).
    failure_reason = models.TextField(_("reason of the failure"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True
    )  # detected; blank until read
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    # The background task reading it (core.TaskProgress), for the progress bar.
    task = models.ForeignKey(
        "core.TaskProgress",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The plan made from it (a new draft, or an existing plan that received new nodes).
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_documents",
    )

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(
                condition=Q(language__in=["", *LANGUAGES]), name="document_language_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


class DocumentPage(models.Model):
    """The text of one page (a DOCX or text file is one page per ~3,000 characters of text)."""

    document = models.ForeignKey(
        SourceDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("document page")
        verbose_name_plural = _("document pages")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_page_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="page_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} p. {self.number}"

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


class Segment(TimestampedModel):
    """A heading, item or table row found in a document: a candidate pillar, objective or action
    with the tags the classifier suggests and what the reviewer decided."""

    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="segments",
    )
    position = models.PositiveIntegerField(_("position"))  # order in the document, from 0
    page = models.PositiveIntegerField(_("page"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SegmentKind.choices)
    suggested_kind = models.CharField(
        _("suggested kind"), max_length=10, choices=SegmentKind.choices
    )
    number = models.CharField(_("numbering"), max_length=30, blank=True)  # "2.1", "a)", ...
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    # Fields read from action-matrix tables, as found (free text).
    lead_body = models.CharField(_("lead body"), max_length=300, blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=100, blank=True)
    cost = models.CharField(_("cost"), max_length=100, blank=True)
    # The classifier's suggestions: {"areas": {"1": 0.07, ...}, "labels": [4],
    # "pillars": [["GCTS-I", 0.6]], "drivers": [["D3", 0.5]], "neighbours": [...], "terms": [...]}
    suggestions = models.JSONField(_("suggestions"), default=dict, blank=True)
    # What the reviewer keeps: PoA area numbers, GCTS pillar codes, driver codes.
    areas = models.JSONField(_("priority areas"), default=list, blank=True)
    pillars = models.JSONField(_("Strategy pillars"), default=list, blank=True)
    drivers = models.JSONField(_("drivers"), default=list, blank=True)
    review = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    node = models.ForeignKey(
        PlanNode,
        verbose_name=_("plan item made from it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_segments",
    )

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("document segment")
        verbose_name_plural = _("document segments")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="one_segment_per_position"
            ),
            models.CheckConstraint(condition=Q(page__gte=1), name="segment_page_from_one"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


class TrainingExample(models.Model):
    """A reviewer's correction of the suggested areas, kept as a labelled example for retraining
    (`manage.py retrain_classifier`)."""

    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    labels = models.JSONField(_("priority areas"))  # sorted PoA area numbers 1..7, not empty
    segment = models.OneToOneField(
        Segment,
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_example",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("training example")
        verbose_name_plural = _("training examples")

    def __str__(self) -> str:
        return self.text[:80]
