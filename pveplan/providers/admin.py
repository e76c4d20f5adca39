from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pveplan.accounts.models import Organization
from pveplan.core.admin import AuditedModelAdmin
from pveplan.providers.models import PROVIDER_KINDS, Capability, Expertise


class ExpertiseInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Expertise
    extra = 0


@admin.register(Capability)
class CapabilityAdmin(AuditedModelAdmin):
    list_display = ["provider", "year", "capacity", "version"]
    list_filter = ["year", "provider__kind"]
    search_fields = ["provider__code", "provider__name_en"]
    list_select_related = ["provider__un_entity", "provider__country"]
    filter_horizontal = ["working_groups", "countries", "regional_organizations"]
    inlines = [ExpertiseInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "provider":
            kwargs["queryset"] = Organization.objects.filter(kind__in=PROVIDER_KINDS).with_labels()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
