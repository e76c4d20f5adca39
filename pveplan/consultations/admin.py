"""Consultation records in the admin, for staff corrections; every save and delete is audited.
Contact details are visible here: the admin is for platform staff only."""

from __future__ import annotations

from django.contrib import admin

from pveplan.consultations.models import (
    ConsultationEvent,
    ConsultationInput,
    ParticipantCount,
    Stakeholder,
)
from pveplan.core.admin import AuditedModelAdmin


@admin.register(Stakeholder)
class StakeholderAdmin(AuditedModelAdmin):
    list_display = ["__str__", "name", "type", "is_pseudonymous", "plan"]
    list_filter = ["type", "is_pseudonymous"]
    list_select_related = ["plan"]
    search_fields = ["name", "pseudonym", "email"]
    raw_id_fields = ["plan", "created_by"]


class ParticipantCountInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ParticipantCount
    extra = 0


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(AuditedModelAdmin):
    list_display = ["__str__", "date", "format", "plan"]
    list_filter = ["format"]
    list_select_related = ["plan"]
    date_hierarchy = "date"
    raw_id_fields = ["plan", "created_by"]
    inlines = [ParticipantCountInline]


@admin.register(ConsultationInput)
class ConsultationInputAdmin(AuditedModelAdmin):
    list_display = ["pk", "__str__", "disposition", "plan"]
    list_filter = ["disposition"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan", "event", "stakeholder", "node", "responded_by", "created_by"]
