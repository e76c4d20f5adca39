"""Admin pieces shared by every app: edits in the admin are audited like any other write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from pveplan.core import audit
from pveplan.core.models import AuditEvent


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records an audit event with before/after values for every save and delete in the admin."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            previous = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(previous) if previous is not None else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = audit.snapshot(obj)
            if before is not None:
                before, after = audit.diff(before, after)
            audit.record(
                action=f"admin.{'change' if change else 'add'}",
                actor=request.user,
                obj=obj,
                before=before,
                after=after,
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit.record(
                action="admin.delete", actor=request.user, obj=obj, before=audit.snapshot(obj)
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit.record(
                    action="admin.delete", actor=request.user, obj=obj, before=audit.snapshot(obj)
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows (a user's memberships...) are audited one by one too."""
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                audit.record(
                    action="admin.delete", actor=request.user, obj=obj, before=audit.snapshot(obj)
                )
                obj.delete()
            for obj in instances:
                action = "admin.add" if obj.pk is None else "admin.change"
                obj.save()
                audit.record(action=action, actor=request.user, obj=obj, after=audit.snapshot(obj))
            formset.save_m2m()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit log is appended by actions and never edited."""

    list_display = [
        "sequence",
        "occurred_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "outcome",
    ]
    list_filter = ["outcome", "action"]
    search_fields = ["actor_label", "object_label", "request_id", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
