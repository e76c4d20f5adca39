"""Forms of the process tracker: a phase's record, a checklist answer, an evidence upload."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.plans.models import Plan
from pveplan.process.actions import MAX_NOTE, MAX_NOTES, MAX_REASON, MAX_TITLE, PhaseInput
from pveplan.process.models import PhaseStatus
from pveplan.process.queries import PhaseRow, responsible_bodies


class BodyField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class PhaseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PhaseStatus.choices)
    skip_reason = forms.CharField(
        label=_("Why it is skipped"),
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("For example: the mandate came with the last plan")}
        ),
        help_text=_("Needed when the phase is skipped."),
    )
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    responsible_body = BodyField(
        label=_("Responsible body"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        field = cast(forms.ModelChoiceField, self.fields["responsible_body"])  # type: ignore[type-arg]
        field.queryset = responsible_bodies(plan)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The rules between fields are checked even when a field is invalid, so the user sees
        # every problem at once; a field already blamed is not blamed twice.
        for name, messages in self.to_input().errors(self.plan).items():
            if name in self.errors:
                continue
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned

    def to_input(self) -> PhaseInput:
        data = self.cleaned_data
        return PhaseInput(
            status=data.get("status", ""),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            responsible_body=data.get("responsible_body"),
            notes=data.get("notes", ""),
            skip_reason=data.get("skip_reason", ""),
        )

    @staticmethod
    def initial_from(row: PhaseRow) -> dict[str, Any]:
        return {
            "status": row.status,
            "skip_reason": row.skip_reason,
            "start_date": row.start_date,
            "end_date": row.end_date,
            "responsible_body": row.record.responsible_body_id if row.record else None,
            "notes": row.notes,
        }


class ChecklistForm(forms.Form):
    done = forms.BooleanField(required=False)
    note = forms.CharField(max_length=MAX_NOTE, required=False)
    version = forms.IntegerField(min_value=0)


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        help_text=_("For example: Cabinet decision of 12 March, minutes of the first meeting"),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PNG or JPEG; at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )


def add_action_errors(errors: ValidationError, form: forms.Form) -> None:
    """Put an action's ValidationError onto the form, field by field where it can."""
    if hasattr(errors, "error_dict"):
        for name, messages in errors.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in errors.messages:
            form.add_error(None, message)
