"""The process in the admin: phases and answers audited like every admin edit; evidence files
pass the same checks as on the tracker page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from pveplan.core.admin import AuditedModelAdmin
from pveplan.core.uploads import check_upload
from pveplan.process import actions
from pveplan.process.models import ChecklistAnswer, Evidence, PlanPhase


@admin.register(PlanPhase)
class PlanPhaseAdmin(AuditedModelAdmin):
    list_display = ["__str__", "status", "start_date", "end_date", "responsible_body", "version"]
    list_filter = ["status", "phase"]
    list_select_related = ["plan", "phase", "responsible_body"]
    search_fields = ["plan__code"]
    raw_id_fields = ["plan", "responsible_body"]
    readonly_fields = ["updated_by"]


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(AuditedModelAdmin):
    list_display = ["plan_phase", "item_key", "done", "answered_by", "answered_at"]
    list_filter = ["done"]
    list_select_related = ["plan_phase__plan", "plan_phase__phase", "answered_by"]
    search_fields = ["plan_phase__plan__code", "item_key"]
    raw_id_fields = ["plan_phase"]
    readonly_fields = ["answered_by"]


class EvidenceAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """Adding a file in the admin checks it like the tracker page does (type by content, size)."""

    class Meta:
        model = Evidence
        fields = ["plan_phase", "title", "file"]

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        check_upload(file, kinds=actions.EVIDENCE_KINDS, max_bytes=actions.MAX_EVIDENCE_BYTES)
        return file


@admin.register(Evidence)
class EvidenceAdmin(AuditedModelAdmin):
    """Files are added through `evidence_add` (checked, hashed, audited); afterwards only the
    title can change here. Removing goes through the tracker, which deletes the stored file."""

    list_display = [
        "title",
        "plan_phase",
        "file_name",
        "kind",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["kind"]
    list_select_related = ["plan_phase__plan", "plan_phase__phase", "uploaded_by"]
    search_fields = ["title", "file_name", "sha256", "plan_phase__plan__code"]
    raw_id_fields = ["plan_phase"]
    read_only_after_add = [
        "plan_phase",
        "file_name",
        "kind",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = EvidenceAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ["plan_phase", "title", "file"] if obj is None else ["title", *self.read_only_after_add]
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.read_only_after_add

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = actions.evidence_add(
            plan=obj.plan_phase.plan,
            phase=obj.plan_phase.phase,
            by=request.user,
            title=obj.title,
            file=form.cleaned_data["file"],
        )
        # The admin goes on with `obj` (its message and history entry): make it the saved row.
        obj.__dict__.update(created.__dict__)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
