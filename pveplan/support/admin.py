"""Support requests and offers in the admin, for staff corrections; every save and delete is
audited. The workflow itself runs through the pages (actions.py), not here."""

from __future__ import annotations

from django.contrib import admin

from pveplan.core.admin import AuditedModelAdmin
from pveplan.support.models import Offer, SupportRequest


@admin.register(SupportRequest)
class SupportRequestAdmin(AuditedModelAdmin):
    list_display = ["title", "requester", "modality", "urgency", "status", "created_at"]
    list_filter = ["status", "modality", "urgency", "shared_with_donors"]
    list_select_related = ["requester__country", "requester__regional_organization"]
    search_fields = ["title", "description"]
    raw_id_fields = ["requester", "need", "plan_nodes", "created_by"]
    filter_horizontal = ["priority_areas"]


@admin.register(Offer)
class OfferAdmin(AuditedModelAdmin):
    list_display = ["request", "provider", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["request", "provider__un_entity"]
    raw_id_fields = ["request", "provider", "offered_by"]
