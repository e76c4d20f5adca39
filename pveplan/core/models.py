from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pveplan.core.i18n import UN_LANGUAGES, Shown, pick


class TimestampedModel(models.Model):
    """Creation and change times, and a version number for optimistic locking in actions."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class LabelledModel(models.Model):
    """A name in each of the six UN languages; `label` shows the user's language or English."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    def names(self) -> dict[str, str]:
        return {code: getattr(self, f"name_{code}") for code in UN_LANGUAGES}

    def shown_name(self, language: str | None = None) -> Shown:
        return pick(self.names(), language)

    @property
    def label(self) -> str:
        return self.shown_name().text


class AuditOutcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")
    # Attempted but not carried out: an invalid form, a conflict, a server error.
    FAILED = "failed", _("failed")


class AuditEvent(models.Model):
    """One write (or refused attempt) in the system, chained to the previous one by hash.

    h_n = sha256(canonical(e_n) || h_{n-1}); `verify_audit_log` recomputes the chain.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time (UTC)"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("on whose behalf"), max_length=300, blank=True)
    action = models.CharField(_("what"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AuditOutcome.choices)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def chained_fields(self) -> dict[str, Any]:
        """The fields the hash covers, as JSON-ready values."""
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "on_behalf_of": self.on_behalf_of,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "before": self.before,
            "after": self.after,
            "rationale": self.rationale,
            "request_id": self.request_id,
            "ip_address": self.ip_address,
            "outcome": self.outcome,
        }


class AuditChainHead(models.Model):
    """The single row that holds the chain's last sequence and hash.

    Writers lock it (`select_for_update`) so events are appended one at a time, also on
    PostgreSQL with many app servers; deleting the newest events is caught by comparing it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_single_row")
        ]

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


def new_task_token() -> str:
    """A random, unguessable handle for a task's pages (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class TaskStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_TASK_STATUSES = (TaskStatus.QUEUED, TaskStatus.RUNNING)


class TaskProgress(TimestampedModel):
    """A background task as its owner follows it: status, counters, and the file it made.

    Written only through `pveplan.core.progress` (short transactions, so a page polling from
    another connection sees each step). `message` and `error` hold untranslated message ids
    (marked with gettext_noop) and are translated when shown; `updated_at` is the heartbeat
    that tells a task killed with its worker from a slow one.
    """

    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_task_token, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=50)
    label = models.CharField(_("label"), max_length=300)
    # What the task works on (like AuditEvent: core knows no domain model).
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)  # 0: not known yet
    message = models.CharField(_("message"), max_length=200, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    result_path = models.CharField(_("result file"), max_length=300, blank=True)
    result_name = models.CharField(_("download name"), max_length=200, blank=True)
    result_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    task_result_id = models.UUIDField(_("queued task"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TaskStatus.values), name="task_progress_status"
            ),
            models.CheckConstraint(
                condition=models.Q(total=0) | models.Q(done__lte=models.F("total")),
                name="task_progress_done_within_total",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=TaskStatus.FAILED) | ~models.Q(error=""),
                name="task_progress_failure_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ACTIVE_TASK_STATUSES, finished_at__isnull=True)
                | (
                    ~models.Q(status__in=ACTIVE_TASK_STATUSES) & models.Q(finished_at__isnull=False)
                ),
                name="task_progress_finished_when_over",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.label} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_TASK_STATUSES

    @property
    def percent(self) -> int | None:
        """How far along, 0-100, or None while the total is not known."""
        if self.status == TaskStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)

    @property
    def shown_message(self) -> str:
        return gettext(self.message) if self.message else ""

    @property
    def shown_error(self) -> str:
        return gettext(self.error) if self.error else ""

    @property
    def has_file(self) -> bool:
        return self.status == TaskStatus.DONE and bool(self.result_path)
