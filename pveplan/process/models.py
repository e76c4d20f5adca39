"""Where a plan stands in the ten phases of its process, with checklist answers and evidence.

Rows are created lazily: a plan has no PlanPhase rows until someone first writes to a phase
(edits it, ticks a checklist item or attaches evidence), and reading code treats a missing row as
"not started, nothing recorded". Pages never write, so viewing the tracker creates nothing. A row
made only to hold an answer or a file starts at version 0, the version a missing row has, so the
first edit of the phase itself does not conflict with it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.models import TimestampedModel
from pveplan.plans.models import Plan
from pveplan.taxonomy.models import PlanPhase as Phase


class PhaseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


# Done or skipped: nothing left to do in the phase.
SETTLED_STATUSES = frozenset({PhaseStatus.DONE, PhaseStatus.SKIPPED})


class PlanPhase(TimestampedModel):
    """One phase of one plan: its status, dates, responsible body and notes."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="process_phases"
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED
    )
    skip_reason = models.TextField(_("why it was skipped"), max_length=1000, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    responsible_body = models.ForeignKey(
        Organization,
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "phase__number"]
        verbose_name = _("phase of a plan")
        verbose_name_plural = _("phases of plans")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "phase"],
                name="process_one_row_per_plan_phase",
                violation_error_message=_("This plan already has a record for this phase."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=PhaseStatus.values),
                name="process_phase_status_known",
                violation_error_message=_("Choose a status."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="process_phase_ends_after_start",
                violation_error_message=_("The end cannot come before the start."),
            ),
            models.CheckConstraint(
                condition=(Q(status=PhaseStatus.SKIPPED) & ~Q(skip_reason=""))
                | (~Q(status=PhaseStatus.SKIPPED) & Q(skip_reason="")),
                name="process_phase_skipped_with_reason",
                violation_error_message=_("Say why the phase is skipped."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} · {self.phase.code}"


class ChecklistAnswer(TimestampedModel):
    """Whether one checklist item of a plan's phase is done; `item_key` is a key of guidance.py."""

    plan_phase = models.ForeignKey(
        PlanPhase,
        verbose_name=_("phase of a plan"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    item_key = models.CharField(_("checklist item"), max_length=60)
    done = models.BooleanField(_("done"), default=False)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        ordering = ["plan_phase", "item_key"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_phase", "item_key"],
                name="process_one_answer_per_item",
                violation_error_message=_("This item already has an answer."),
            ),
            models.CheckConstraint(condition=~Q(item_key=""), name="process_answer_names_an_item"),
        ]

    def __str__(self) -> str:
        return self.item_key


class EvidenceKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """A path nobody can guess or collide with, with nothing of the name the user gave but the
    extension of the type found (the name users see is kept in `file_name`)."""
    suffix = PurePath(filename).suffix.lower()
    return f"process/{instance.plan_phase.plan_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(TimestampedModel):
    """A file that shows a phase's work (a decree, minutes, a report), checked by its content.

    Stored under MEDIA_ROOT, never served from there: the download view checks access first.
    """

    plan_phase = models.ForeignKey(
        PlanPhase,
        verbose_name=_("phase of a plan"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)
    file_name = models.CharField(_("file name"), max_length=100)
    kind = models.CharField(_("file type"), max_length=10, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["plan_phase", "uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values), name="process_evidence_kind_known"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="process_evidence_not_empty"),
            models.CheckConstraint(
                condition=Exact(Length("sha256"), 64), name="process_evidence_sha256_complete"
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(file_name=""), name="process_evidence_named"
            ),
        ]

    def __str__(self) -> str:
        return self.title
