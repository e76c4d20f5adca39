"""Forms of the providers pages: the capability editor and the 3W filters. Rules live in the
actions; a form reads the input, and an action's ValidationErrors are put back onto it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.core.i18n import LANGUAGE_CHOICES, content_language, texts_of
from pveplan.providers.actions import MAX_CAPACITY, CapabilityInput
from pveplan.providers.models import PROVIDER_KINDS, Capability, ExpertiseLevel
from pveplan.providers.threew import STATUS_CHOICES, Filters
from pveplan.support.models import Modality
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea, RegionalOrganization


def add_errors(error: ValidationError, form: forms.Form) -> None:
    """Put an action's ValidationError onto the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            for message in found:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


LEVEL_CHOICES = [("0", _("none")), *[(str(v), label) for v, label in ExpertiseLevel.choices]]


class CapabilityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("new engagements it can take on this year"), min_value=0, max_value=MAX_CAPACITY
    )
    modalities = forms.MultipleChoiceField(
        label=_("kinds of support offered"),
        required=False,
        choices=Modality.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("working languages"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    working_groups = forms.ModelMultipleChoiceField(
        label=_("Compact working groups"),
        required=False,
        queryset=CompactWorkingGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("countries where present"),
        required=False,
        queryset=Country.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    regional_organizations = forms.ModelMultipleChoiceField(
        label=_("regional organizations it works with"),
        required=False,
        queryset=RegionalOrganization.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, areas: list[PriorityArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[f"level_{area.number}"] = forms.TypedChoiceField(
                label=f"{area.number}. {area.label}",
                choices=LEVEL_CHOICES,
                coerce=int,
                initial="0",
            )

    @property
    def level_fields(self) -> list[forms.BoundField]:
        return [self[f"level_{area.number}"] for area in self.areas]

    def to_input(self) -> CapabilityInput:
        data = self.cleaned_data
        return CapabilityInput(
            working_groups=list(data["working_groups"]),
            levels={
                area: data[f"level_{area.number}"]
                for area in self.areas
                if data.get(f"level_{area.number}")
            },
            modalities=list(data["modalities"]),
            countries=list(data["countries"]),
            regional_organizations=list(data["regional_organizations"]),
            languages=list(data["languages"]),
            capacity=data["capacity"],
            notes=data["notes"].strip(),
            notes_language=content_language(),
        )


def capability_initial(capability: Capability | None, provider: Organization) -> dict[str, Any]:
    """The form's values: the capability's, or for a new one the provider's working groups."""
    if capability is None:
        groups = list(provider.un_entity.working_groups.all()) if provider.un_entity else []
        return {"capacity": 0, "working_groups": groups}
    initial: dict[str, Any] = {
        "capacity": capability.capacity,
        "modalities": capability.modalities,
        "languages": capability.languages,
        "working_groups": list(capability.working_groups.all()),
        "countries": list(capability.countries.all()),
        "regional_organizations": list(capability.regional_organizations.all()),
        "notes": texts_of(capability.notes).get(content_language(), ""),
    }
    for number, level in capability.levels().items():
        initial[f"level_{number}"] = str(level)
    return initial


def _all(choices: list[Any]) -> list[tuple[str, Any]]:
    return [("", _("all")), *choices]


class ThreeWForm(forms.Form):
    start = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("until"), required=False, widget=DateInput())
    modality = forms.ChoiceField(
        label=_("kind of support"), required=False, choices=_all(Modality.choices)
    )
    status = forms.ChoiceField(label=_("status"), required=False, choices=_all(STATUS_CHOICES))
    provider = forms.ModelChoiceField(
        label=_("UN entity or donor"),
        required=False,
        queryset=Organization.objects.filter(kind__in=PROVIDER_KINDS).with_labels(),
        empty_label=_("all"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot come before the start."))
        return data

    def to_filters(self) -> Filters:
        """The filters chosen; none when the form is empty or wrong (its errors show)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            modality=data["modality"],
            status=data["status"],
            provider=data["provider"],
        )
