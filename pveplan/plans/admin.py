from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pveplan.plans.models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: plans change through the plan pages, whose actions check and audit each step."""

    list_display = [
        "code",
        "__str__",
        "scope",
        "status",
        "sensitivity",
        "period_start",
        "is_illustrative",
    ]
    list_filter = ["scope", "status", "sensitivity", "is_illustrative"]
    search_fields = ["code"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return Plan.objects.for_listing()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
