"""Templates and their questions are edited in the admin (audited); assessments and needs change
only through their pages, whose actions check permissions and the workflow."""

from __future__ import annotations

from django.contrib import admin

from pveplan.assessments.models import AssessmentTemplate, Question
from pveplan.core.admin import AuditedModelAdmin


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 0
    fields = ["dimension", "position", "text"]
    ordering = ["dimension", "position"]


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(AuditedModelAdmin):
    list_display = ["__str__", "code", "edition", "is_active"]
    list_filter = ["is_active"]
    inlines = [QuestionInline]
