"""The form that publishes a version of a plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pveplan.plans.models import VersionReason


class PublishVersionForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for the version"),
        choices=[("", _("Choose a reason")), *VersionReason.choices],
    )
    reason_text = forms.CharField(
        label=_("Explanation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the reason is “other”."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("reason") == VersionReason.OTHER
            and not cleaned.get("reason_text", "").strip()
        ):
            self.add_error("reason_text", _("Explain the reason."))
        return cleaned
