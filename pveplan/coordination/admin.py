"""Coordination groups and their records in the admin, for staff corrections; every save and
delete is audited. Day-to-day work runs through the pages (actions.py), not here."""

from __future__ import annotations

from django.contrib import admin

from pveplan.coordination.models import (
    ActionItem,
    CoordinationGroup,
    Decision,
    GroupMember,
    Meeting,
)
from pveplan.core.admin import AuditedModelAdmin


@admin.register(CoordinationGroup)
class CoordinationGroupAdmin(AuditedModelAdmin):
    list_display = ["__str__", "kind", "country", "regional_organization", "convener", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["country", "regional_organization", "convener__un_entity"]
    raw_id_fields = ["country", "regional_organization", "convener", "created_by"]


@admin.register(GroupMember)
class GroupMemberAdmin(AuditedModelAdmin):
    list_display = ["group", "organization", "user", "role", "left_on"]
    list_filter = ["role"]
    list_select_related = ["group", "organization__un_entity", "organization__country", "user"]
    raw_id_fields = ["group", "organization", "user"]


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["group", "date", "format", "status"]
    list_filter = ["status", "format"]
    list_select_related = ["group"]
    raw_id_fields = ["group", "attendance"]


@admin.register(Decision)
class DecisionAdmin(AuditedModelAdmin):
    list_display = ["group", "number", "date"]
    list_select_related = ["group"]
    raw_id_fields = ["group", "meeting", "recorded_by"]


@admin.register(ActionItem)
class ActionItemAdmin(AuditedModelAdmin):
    list_display = ["title", "group", "due_date", "status", "reminded_at"]
    list_filter = ["status"]
    list_select_related = ["group"]
    search_fields = ["title"]
    raw_id_fields = [
        "group",
        "decision",
        "owner_organization",
        "owner_user",
        "plan_nodes",
        "support_requests",
        "created_by",
    ]
