"""Forms of the assessment pages; they build the inputs the actions take."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import scope_of
from pveplan.assessments.actions import OWNER_KINDS, AnswerInput, AssessmentInput, NeedInput
from pveplan.assessments.dimensions import ORDER, Maturity, dimension_name, dimension_number
from pveplan.assessments.models import (
    AssessmentStatus,
    AssessmentTemplate,
    Need,
    NeedStatus,
    Response,
)
from pveplan.core.i18n import LANGUAGE_CHOICES, content_language
from pveplan.core.permissions import ASSESSMENTS_WRITE
from pveplan.taxonomy.models import PriorityArea


class LabelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class AreaChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.label}"


class TemplateChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.shown_name.text} ({obj.edition})"


def dimension_choices() -> list[tuple[str, str]]:
    """The dimensions, numbered, in the user's language."""
    return [(code, f"{dimension_number(code)}. {dimension_name(code).text}") for code in ORDER]


def writable_owners(user: Any) -> QuerySet[Organization]:
    """Member States and regional organizations for which `user` may write assessments."""
    scope = scope_of(user)
    owners = Organization.objects.with_labels().filter(kind__in=OWNER_KINDS)
    if ASSESSMENTS_WRITE not in scope.everywhere:
        owners = owners.filter(
            Q(kind="member_state", country_id__in=scope.countries_with(ASSESSMENTS_WRITE))
            | Q(
                kind="regional_org",
                regional_organization_id__in=scope.regional_organizations_with(ASSESSMENTS_WRITE),
            )
        )
    return owners.order_by("kind", "country__name_en", "regional_organization__code")


def add_action_errors(error: ValidationError, form: forms.Form) -> None:
    """Show an action's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class AssessmentFilterForm(forms.Form):
    owner = LabelChoiceField(
        label=_("Country or organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, owners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(LabelChoiceField, self.fields["owner"]).queryset = owners
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *self.statuses()]

    def statuses(self) -> list[tuple[str, Any]]:
        return list(AssessmentStatus.choices)

    def filter(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        if not self.is_valid():
            return rows
        if self.cleaned_data.get("owner"):
            rows = rows.filter(owner=self.cleaned_data["owner"])
        if self.cleaned_data.get("status"):
            rows = rows.filter(status=self.cleaned_data["status"])
        return rows


class NeedFilterForm(AssessmentFilterForm):
    dimension = forms.ChoiceField(label=_("Capacity dimension"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All")), *dimension_choices()]
        cast(forms.ChoiceField, self.fields["dimension"]).choices = choices

    def statuses(self) -> list[tuple[str, Any]]:
        return list(NeedStatus.choices)

    def filter(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        rows = super().filter(rows)
        if self.is_valid() and self.cleaned_data.get("dimension"):
            rows = rows.filter(dimension=self.cleaned_data["dimension"])
        return rows


class AssessmentForm(forms.Form):
    owner = LabelChoiceField(
        label=_("Country or organization assessed"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    assessed_on = forms.DateField(
        label=_("Date of the assessment"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(
        label=_("Language of the answers"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language the team writes its evidence and comments in."),
    )
    template = TemplateChoiceField(
        label=_("Template"), queryset=AssessmentTemplate.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "assessed_on": today,
                "language": content_language(),
                "title": _("Capacity-needs assessment %(year)s") % {"year": today.year},
            },
        )
        super().__init__(*args, **kwargs)
        owners = writable_owners(user)
        cast(LabelChoiceField, self.fields["owner"]).queryset = owners
        templates = AssessmentTemplate.objects.filter(is_active=True).order_by("code", "-edition")
        cast(TemplateChoiceField, self.fields["template"]).queryset = templates

    def to_input(self) -> AssessmentInput:
        data = self.cleaned_data
        return AssessmentInput(
            owner=data["owner"],
            title=data["title"],
            assessed_on=data["assessed_on"],
            language=data["language"],
            template=data["template"],
        )


class DimensionForm(forms.Form):
    """The answers to one dimension's questions: a level, evidence and comments each, and the
    version of each response as loaded (so a concurrent change is noticed)."""

    def __init__(self, *args: Any, responses: list[Response], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.responses = responses
        levels = [("", _("not answered")), *[(str(v), label) for v, label in Maturity.choices]]
        for response in responses:
            key = f"q{response.question_id}"
            self.fields[f"{key}-maturity"] = forms.ChoiceField(
                label=_("Maturity level"),
                choices=levels,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}-evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
                help_text=_("Documents, decisions, data that show the level."),
            )
            self.fields[f"{key}-comments"] = forms.CharField(
                label=_("Comments"),
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            )
            self.fields[f"{key}-version"] = forms.IntegerField(widget=forms.HiddenInput)
            if not self.is_bound:
                self.initial.update(
                    {
                        f"{key}-maturity": ""
                        if response.maturity is None
                        else str(response.maturity),
                        f"{key}-evidence": response.evidence,
                        f"{key}-comments": response.comments,
                        f"{key}-version": response.version,
                    }
                )

    def rows(self) -> list[dict[str, Any]]:
        """Each question with its bound fields, for the template."""
        return [
            {
                "response": response,
                "question": response.question,
                "maturity": self[f"q{response.question_id}-maturity"],
                "evidence": self[f"q{response.question_id}-evidence"],
                "comments": self[f"q{response.question_id}-comments"],
                "version": self[f"q{response.question_id}-version"],
            }
            for response in self.responses
        ]

    def to_answers(self) -> list[AnswerInput]:
        data = self.cleaned_data
        answers = []
        for response in self.responses:
            key = f"q{response.question_id}"
            level = data.get(f"{key}-maturity")
            answers.append(
                AnswerInput(
                    question_id=response.question_id,
                    maturity=int(level) if level not in (None, "") else None,
                    evidence=data.get(f"{key}-evidence") or "",
                    comments=data.get(f"{key}-comments") or "",
                    expected_version=data[f"{key}-version"],
                )
            )
        return answers


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the team"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NeedForm(forms.Form):
    owner = LabelChoiceField(
        label=_("Country or organization"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose"),
    )
    title = forms.CharField(label=_("What is needed"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    dimension = forms.ChoiceField(label=_("Capacity dimension"), required=False)
    priority_areas = AreaChoiceField(
        label=_("Priority areas of the Plan of Action"),
        queryset=PriorityArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)

    def __init__(self, *args: Any, user: Any, need: Need | None = None, **kwargs: Any) -> None:
        if need is not None:
            kwargs.setdefault(
                "initial",
                {
                    "owner": need.owner_id,
                    "title": need.title,
                    "description": need.description,
                    "dimension": need.dimension,
                    "priority_areas": [area.pk for area in need.priority_areas.all()],
                    "status": need.status,
                },
            )
        super().__init__(*args, **kwargs)
        owner_field = cast(LabelChoiceField, self.fields["owner"])
        if need is not None:
            # A need stays with its owner.
            owner_field.queryset = Organization.objects.with_labels().filter(pk=need.owner_id)
            owner_field.disabled = True
        else:
            owner_field.queryset = writable_owners(user)
        dimension = cast(forms.ChoiceField, self.fields["dimension"])
        dimension.choices = [("", _("None")), *dimension_choices()]
        if need is not None and need.assessment_id is not None:
            dimension.disabled = True
            dimension.help_text = _("A need made from a gap keeps the gap’s dimension.")

    def to_input(self) -> NeedInput:
        data = self.cleaned_data
        return NeedInput(
            owner=data["owner"],
            title=data["title"],
            description=data.get("description") or "",
            dimension=data.get("dimension") or "",
            priority_areas=list(data.get("priority_areas") or []),
            status=data["status"],
        )


def owners_among(rows: QuerySet[Any]) -> QuerySet[Organization]:
    """The owners of `rows` (assessments or needs), for the filter."""
    return (
        Organization.objects.with_labels()
        .filter(pk__in=rows.values("owner_id"))
        .order_by("kind", "country__name_en", "regional_organization__code")
    )
