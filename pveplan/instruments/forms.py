"""Forms of the registry pages and of the links from plan nodes to instruments.

The forms check single fields; the actions check the rest, and their ValidationErrors are put
back onto the form with `add_action_errors`.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.core.i18n import LANGUAGE_CHOICES, LANGUAGE_NAMES, UN_LANGUAGES, texts_of
from pveplan.instruments.actions import InstrumentInput
from pveplan.instruments.models import (
    Harmonization,
    InstrumentStatus,
    InstrumentType,
    LegalInstrument,
)


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search in titles"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("All"))]
        cast(forms.ChoiceField, self.fields["type"]).choices = any_choice + list(
            InstrumentType.choices
        )
        cast(forms.ChoiceField, self.fields["status"]).choices = any_choice + list(
            InstrumentStatus.choices
        )

    def filter(self, instruments: Any) -> Any:
        if not self.is_valid():
            return instruments
        data = self.cleaned_data
        if data.get("q"):
            term = data["q"].strip()
            instruments = instruments.filter(
                Q(search_text__contains=term.casefold()) | Q(reference_number__icontains=term)
            )
        for name in ("type", "status"):
            if data.get(name):
                instruments = instruments.filter(**{name: data[name]})
        return instruments


class InstrumentForm(forms.Form):
    original_language = forms.ChoiceField(
        label=_("Language of the original"), choices=LANGUAGE_CHOICES
    )
    type = forms.ChoiceField(label=_("Type"), choices=InstrumentType.choices)
    reference_number = forms.CharField(
        label=_("Reference number"),
        max_length=100,
        required=False,
        help_text=_("For example Law No. 55 of 2021"),
    )
    date_adopted = forms.DateField(
        label=_("Date adopted"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=InstrumentStatus.choices, initial=InstrumentStatus.IN_FORCE
    )
    link = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        help_text=_("A web address (http:// or https://), for example the official gazette."),
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF or Word (DOCX), at most 20 MB."),
        # A plain file input: the page names the current file, not Django's widget.
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args: Any, instrument: LegalInstrument | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code in UN_LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=500,
                required=False,
                widget=forms.TextInput(
                    attrs={"lang": code, "dir": "rtl" if code == "ar" else "ltr"}
                ),
            )
        if instrument is None or not instrument.file:
            del self.fields["remove_file"]

    def title_fields(self) -> list[forms.BoundField]:
        return [self[f"title_{code}"] for code in UN_LANGUAGES]

    def to_input(self) -> InstrumentInput:
        data = self.cleaned_data
        return InstrumentInput(
            titles={code: data.get(f"title_{code}", "") for code in UN_LANGUAGES},
            original_language=data["original_language"],
            type=data["type"],
            status=data["status"],
            reference_number=data.get("reference_number", ""),
            date_adopted=data.get("date_adopted"),
            link=data.get("link", ""),
            notes=data.get("notes", ""),
            file=data.get("file") or None,
            remove_file=bool(data.get("remove_file")),
        )

    @staticmethod
    def initial_from(instrument: LegalInstrument) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "original_language": instrument.original_language,
            "type": instrument.type,
            "reference_number": instrument.reference_number,
            "date_adopted": instrument.date_adopted,
            "status": instrument.status,
            "link": instrument.link,
            "notes": instrument.notes,
        }
        initial.update({f"title_{code}": text for code, text in texts_of(instrument.title).items()})
        return initial


class InstrumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An instrument, named with its number and, outside the plan's own registry, its owner."""

    def __init__(self, *args: Any, home_owner_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.home_owner_id = home_owner_id

    def label_from_instance(self, obj: Any) -> str:
        label = obj.shown_title.text
        if obj.reference_number:
            label = f"{label} ({obj.reference_number})"
        if obj.owner_id != self.home_owner_id:
            label = f"{obj.owner.label} — {label}"
        return str(label)


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        help_text=_("Why: needed when the plan must change the instrument."),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class _HarmonizationMixin(forms.Form):
    harmonization = forms.ChoiceField(
        label=_("Harmonization"), choices=Harmonization.choices, initial=Harmonization.ALIGNED
    )
    note = _note_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        harmonization = cleaned.get("harmonization")
        note = (cleaned.get("note") or "").strip()
        if harmonization and harmonization != Harmonization.ALIGNED and not note:
            self.add_error("note", _("Say why the plan must change this instrument."))
        return cleaned


class LinkForm(_HarmonizationMixin):
    """Link a plan node to an instrument it may be linked to."""

    instrument = InstrumentChoiceField(
        label=_("Instrument"),
        queryset=LegalInstrument.objects.none(),
        empty_label=_("Choose an instrument"),
    )
    field_order = ["instrument", "harmonization", "note"]

    def __init__(self, *args: Any, candidates: Any, home_owner_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(InstrumentChoiceField, self.fields["instrument"])
        field.queryset = candidates
        field.home_owner_id = home_owner_id


class LinkEditForm(_HarmonizationMixin):
    """Change the harmonization and note of one link."""


def add_action_errors(errors: ValidationError, form: forms.Form) -> None:
    """Put an action's ValidationError onto the form, field by field where it can."""
    if hasattr(errors, "error_dict"):
        for name, messages in errors.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in errors.messages:
            form.add_error(None, message)
