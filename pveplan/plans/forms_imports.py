"""The upload form of the action matrix import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pveplan.plans.imports import reader
from pveplan.plans.models import Plan


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Action matrix (XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.sheet: reader.Sheet | None = None
        self.fields["file"].help_text = _(
            "The action matrix of this plan, downloaded as XLSX and edited; at most %(limit)s."
        ) % {"limit": filesizeformat(reader.MAX_BYTES)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Checked by content and size first; the name the browser sent means nothing.
        sheet = reader.read(upload)
        if sheet.meta.plan_id != self.plan.pk:
            raise ValidationError(
                _(
                    "This spreadsheet was downloaded from another plan. Download this plan's "
                    "action matrix and edit that one."
                )
            )
        self.sheet = sheet
        return upload
