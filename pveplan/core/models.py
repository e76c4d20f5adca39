from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
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
