"""In-app notifications and each user's choice of what to receive, and how."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What happened. Each kind has its sentence in `texts.py`."""

    REQUEST_NEW = "request_new", _("New support requests")
    REQUEST_STATUS = "request_status", _("Changes to support requests I follow")
    OFFER_NEW = "offer_new", _("New offers of support")
    ASSIGNMENT = "assignment", _("Assignments of support")
    DECISION = "decision", _("Decisions of coordination groups")
    ITEM_DUE = "item_due", _("Action items due or overdue")
    PLAN_APPROVAL = "plan_approval", _("Plans waiting for my approval")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The sentence is rendered in the reader's language when shown: store its parameters.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class Preference(models.Model):
    """One user's choice for one kind; no row means the default (in the app and by e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    in_app = models.BooleanField(_("in pveplan"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="preference_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.user_id})"
