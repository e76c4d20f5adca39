"""Reference data in the admin: every edit is audited, and codes cannot change once saved."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pveplan.core.admin import AuditedModelAdmin
from pveplan.taxonomy import models

NAME_FIELDS = ["name_ar", "name_zh", "name_en", "name_fr", "name_ru", "name_es"]


class ReferenceItemAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "name_ar", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", *NAME_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Imports, exports and the API refer to items by code: it never changes once saved.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "code"] if obj is not None else readonly


@admin.register(models.Region)
class RegionAdmin(ReferenceItemAdmin):
    list_display = ["code", "name_en", "name_ar", "parent", "sort_order", "is_active"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter), "is_active"]
    list_select_related = ["parent"]


@admin.register(models.Country)
class CountryAdmin(ReferenceItemAdmin):
    list_display = [
        "code",
        "iso2",
        "m49",
        "name_en",
        "name_ar",
        "subregion",
        "un_member_since",
        "is_active",
    ]
    list_filter = ["subregion__parent", "subregion", "is_active"]
    list_select_related = ["subregion"]
    search_fields = ["code", "iso2", "m49", *NAME_FIELDS]


@admin.register(models.RegionalOrganization)
class RegionalOrganizationAdmin(ReferenceItemAdmin):
    list_display = ["code", "acronym", "name_en", "name_ar", "kind", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "acronym", *NAME_FIELDS]
    filter_horizontal = ["member_countries"]


@admin.register(models.SectoralBody)
class SectoralBodyAdmin(ReferenceItemAdmin):
    list_display = [
        "code",
        "acronym",
        "name_en",
        "name_ar",
        "regional_organization",
        "community",
        "is_active",
    ]
    list_filter = ["regional_organization", "community", "is_active"]
    list_select_related = ["regional_organization"]
    search_fields = ["code", "acronym", *NAME_FIELDS]


@admin.register(models.CompactWorkingGroup)
class CompactWorkingGroupAdmin(ReferenceItemAdmin):
    pass


@admin.register(models.UNEntity)
class UNEntityAdmin(ReferenceItemAdmin):
    list_display = ["code", "acronym", "name_en", "name_ar", "sort_order", "is_active"]
    list_filter = ["working_groups", "is_active"]
    search_fields = ["code", "acronym", *NAME_FIELDS]
    filter_horizontal = ["working_groups"]


@admin.register(models.PriorityArea)
class PriorityAreaAdmin(ReferenceItemAdmin):
    list_display = ["number", "code", "name_en", "name_ar", "is_active"]


@admin.register(models.Driver)
class DriverAdmin(ReferenceItemAdmin):
    list_display = ["code", "kind", "name_en", "name_ar", "sort_order", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(models.GCTSPillar)
class GCTSPillarAdmin(ReferenceItemAdmin):
    list_display = ["numeral", "code", "name_en", "name_ar", "is_active"]


@admin.register(models.GCTSReview)
class GCTSReviewAdmin(ReferenceItemAdmin):
    list_display = ["ordinal", "resolution", "adopted_on", "name_en", "name_ar", "is_active"]
    search_fields = ["code", "resolution", *NAME_FIELDS]


@admin.register(models.SDGTarget)
class SDGTargetAdmin(ReferenceItemAdmin):
    list_display = ["code", "goal", "is_goal", "name_en", "name_ar", "sort_order", "is_active"]
    list_filter = ["goal", "is_goal", "is_active"]


@admin.register(models.PlanPhase)
class PlanPhaseAdmin(ReferenceItemAdmin):
    list_display = ["number", "code", "name_en", "name_ar", "is_active"]


@admin.register(models.GuidingPrinciple)
class GuidingPrincipleAdmin(ReferenceItemAdmin):
    pass
