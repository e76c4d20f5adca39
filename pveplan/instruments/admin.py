from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pveplan.core.admin import AuditedModelAdmin
from pveplan.instruments.models import LegalInstrument, NodeInstrumentLink


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(AuditedModelAdmin):
    """Audited edits. Files are attached only through the registry pages, where the upload is
    checked by content; the admin shows the file's name and never a public link to it."""

    list_display = ["__str__", "owner", "type", "reference_number", "date_adopted", "status"]
    list_filter = ["type", "status"]
    search_fields = ["search_text", "reference_number"]
    exclude = ["file"]
    readonly_fields = ["file_name", "file_kind"]
    raw_id_fields = ["owner", "created_by"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super()
            .get_queryset(request)
            .select_related("owner__country", "owner__regional_organization")
        )


@admin.register(NodeInstrumentLink)
class NodeInstrumentLinkAdmin(AuditedModelAdmin):
    list_display = ["__str__", "harmonization", "updated_at"]
    list_filter = ["harmonization"]
    raw_id_fields = ["node", "instrument", "created_by"]
