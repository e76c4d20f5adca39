"""Forms of the consultation pages. Each gives the data an action takes (`to_data`) and leaves
the rules to the action; narrative texts come in the six UN languages, like the plan's own."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pveplan.consultations.actions import Cell, EventData, InputData, StakeholderData
from pveplan.consultations.models import (
    AgeGroup,
    ConsultationEvent,
    ConsultationInput,
    Disposition,
    EventFormat,
    Sex,
    Stakeholder,
    StakeholderType,
)
from pveplan.consultations.queries import tree_order
from pveplan.core.i18n import (
    LANGUAGE_CHOICES,
    LANGUAGE_NAMES,
    RTL_LANGUAGES,
    UN_LANGUAGES,
    texts_of,
)
from pveplan.plans.models import Plan, PlanNode


def _add_language_fields(
    form: forms.Form, prefix: str, label: Any, *, max_length: int, rows: int
) -> None:
    """`<prefix>_<code>` text fields, one per UN language, written in that language's direction."""
    for code in UN_LANGUAGES:
        attrs = {"lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}
        widget = (
            forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs)
        )
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=_("%(field)s (%(language)s)")
            % {"field": label, "language": LANGUAGE_NAMES[code]},
            max_length=max_length,
            required=False,
            widget=widget,
        )


def _texts(form: forms.Form, prefix: str) -> dict[str, str]:
    return {code: form.cleaned_data.get(f"{prefix}_{code}", "") for code in UN_LANGUAGES}


def _initial_texts(prefix: str, value: object) -> dict[str, str]:
    return {f"{prefix}_{code}": text for code, text in texts_of(value).items()}


class MultilingualForm(forms.Form):
    def language_fields(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{code}"] for code in UN_LANGUAGES]


class StakeholderForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=StakeholderType.choices)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    is_pseudonymous = forms.BooleanField(
        label=_("Pseudonymous: never shown by name outside the plan's team"), required=False
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=100,
        required=False,
        help_text=_("What readers and the published annex show; without one, only the type."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    address = forms.CharField(
        label=_("Address and notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def to_data(self) -> StakeholderData:
        data = self.cleaned_data
        return StakeholderData(
            type=data["type"],
            name=data.get("name", ""),
            is_pseudonymous=bool(data.get("is_pseudonymous")),
            pseudonym=data.get("pseudonym", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            address=data.get("address", ""),
        )

    @staticmethod
    def initial_from(stakeholder: Stakeholder) -> dict[str, Any]:
        return {
            name: getattr(stakeholder, name)
            for name in (
                "type",
                "name",
                "is_pseudonymous",
                "pseudonym",
                "email",
                "phone",
                "address",
            )
        }


class EventForm(MultilingualForm):
    original_language = forms.ChoiceField(
        label=_("Language of the original"), choices=LANGUAGE_CHOICES
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, initial=EventFormat.IN_PERSON
    )
    organizer = forms.CharField(
        label=_("Organized by"),
        max_length=200,
        required=False,
        help_text=_("The organization that held it, if not the plan's team."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original_language"].initial = plan.original_language
        _add_language_fields(self, "title", _("Title"), max_length=300, rows=0)
        _add_language_fields(self, "summary", _("Summary"), max_length=5000, rows=3)

    def title_fields(self) -> list[forms.BoundField]:
        return self.language_fields("title")

    def summary_fields(self) -> list[forms.BoundField]:
        return self.language_fields("summary")

    def has_summary(self) -> bool:
        """Whether the summary section should start open (it has text or errors)."""
        return any(field.value() or field.errors for field in self.summary_fields())

    def to_data(self) -> EventData:
        data = self.cleaned_data
        return EventData(
            titles=_texts(self, "title"),
            summaries=_texts(self, "summary"),
            original_language=data["original_language"],
            date=data["date"],
            place=data.get("place", ""),
            format=data["format"],
            organizer=data.get("organizer", ""),
        )

    @staticmethod
    def initial_from(event: ConsultationEvent) -> dict[str, Any]:
        return {
            "original_language": event.original_language,
            "date": event.date,
            "place": event.place,
            "format": event.format,
            "organizer": event.organizer,
            **_initial_texts("title", event.title),
            **_initial_texts("summary", event.summary),
        }


def cell_name(kind: str, sex: str, age: str) -> str:
    return f"n__{kind}__{sex}__{age}"


class ParticipantsForm(forms.Form):
    """The whole participant grid of an event: a row per stakeholder type and sex, a column per
    age group. An empty cell counts zero."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in StakeholderType.values:
            for sex in Sex.values:
                for age in AgeGroup.values:
                    self.fields[cell_name(kind, sex, age)] = forms.IntegerField(
                        min_value=0,
                        max_value=1_000_000,
                        required=False,
                        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
                    )

    @staticmethod
    def initial_from(values: dict[Cell, int]) -> dict[str, int]:
        return {cell_name(*cell): count for cell, count in values.items()}

    def counts(self) -> dict[Cell, int]:
        return {
            (kind, sex, age): self.cleaned_data.get(cell_name(kind, sex, age)) or 0
            for kind in StakeholderType.values
            for sex in Sex.values
            for age in AgeGroup.values
        }

    def columns(self) -> list[str]:
        return [str(label) for label in AgeGroup.labels]

    def rows(self) -> list[dict[str, Any]]:
        """For the template: each type's rows (one per sex) with their cells, in order."""
        rows = []
        for kind, kind_label in StakeholderType.choices:
            for index, (sex, sex_label) in enumerate(Sex.choices):
                rows.append(
                    {
                        "type": kind_label,
                        "first": index == 0,
                        "span": len(Sex.choices),
                        "sex": sex_label,
                        "cells": [
                            (self[cell_name(kind, sex, age)], age_label)
                            for age, age_label in AgeGroup.choices
                        ],
                    }
                )
        return rows


class NodeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A plan item shown with its code and text, indented by tier."""

    def label_from_instance(self, obj: Any) -> str:
        indent = "\u2003" * (obj.level - 1)
        return f"{indent}{obj.code} {obj.shown_text.text}".rstrip()


class StakeholderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Only the team fills the input form, so it may see real names."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.team_label} ({obj.get_type_display()})"


class EventChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%Y-%m-%d} {obj.shown_title.text}"


class InputForm(MultilingualForm):
    event = EventChoiceField(
        label=_("Event"),
        queryset=ConsultationEvent.objects.none(),
        required=False,
        empty_label=_("None (received in writing)"),
    )
    stakeholder = StakeholderChoiceField(
        label=_("Stakeholder"),
        queryset=Stakeholder.objects.none(),
        required=False,
        empty_label=_("Not attributed"),
    )
    node = NodeChoiceField(
        label=_("Part of the plan"),
        queryset=PlanNode.objects.none(),
        required=False,
        empty_label=_("The plan as a whole"),
    )
    original_language = forms.ChoiceField(
        label=_("Language of the original"), choices=LANGUAGE_CHOICES
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original_language"].initial = plan.original_language
        _add_language_fields(self, "text", _("Input"), max_length=10000, rows=4)
        cast(EventChoiceField, self.fields["event"]).queryset = ConsultationEvent.objects.filter(
            plan=plan
        ).order_by("date", "pk")
        cast(
            StakeholderChoiceField, self.fields["stakeholder"]
        ).queryset = Stakeholder.objects.filter(plan=plan).order_by("type", "pk")
        nodes = PlanNode.objects.filter(plan=plan).select_related("plan")
        node_field = cast(NodeChoiceField, self.fields["node"])
        node_field.queryset = nodes
        # Tree order (depth first) for the choices; the queryset still validates the answer.
        node_field.choices = [
            ("", node_field.empty_label),
            *((node.pk, node_field.label_from_instance(node)) for node in tree_order(nodes)),
        ]

    def text_fields(self) -> list[forms.BoundField]:
        return self.language_fields("text")

    def to_data(self) -> InputData:
        data = self.cleaned_data
        return InputData(
            texts=_texts(self, "text"),
            original_language=data["original_language"],
            event=data.get("event"),
            stakeholder=data.get("stakeholder"),
            node=data.get("node"),
        )

    @staticmethod
    def initial_from(item: ConsultationInput) -> dict[str, Any]:
        return {
            "event": item.event_id,
            "stakeholder": item.stakeholder_id,
            "node": item.node_id,
            "original_language": item.original_language,
            **_initial_texts("text", item.text),
        }


class RespondForm(MultilingualForm):
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_language_fields(self, "response", _("Reasoned response"), max_length=10000, rows=3)

    def response_fields(self) -> list[forms.BoundField]:
        return self.language_fields("response")

    def responses(self) -> dict[str, str]:
        return _texts(self, "response")

    @staticmethod
    def initial_from(item: ConsultationInput) -> dict[str, Any]:
        return {"disposition": item.disposition, **_initial_texts("response", item.response)}
