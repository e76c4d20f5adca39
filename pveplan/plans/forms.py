from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.accounts.permissions import scope_of
from pveplan.core.i18n import LANGUAGE_CHOICES, LANGUAGE_NAMES, UN_LANGUAGES, texts_of
from pveplan.core.permissions import PLANS_READ, PLANS_WRITE
from pveplan.plans.actions import PlanInput
from pveplan.plans.models import Plan, Scope, Sensitivity, Status
from pveplan.taxonomy.models import PriorityArea, Region


class LabelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Regions with their sub-regions indented under them."""

    def label_from_instance(self, obj: Any) -> str:
        return f"— {obj.label}" if obj.parent_id else str(obj.label)


class PriorityAreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.label}"


class BodyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ministry or sectoral body, named with its country or regional organization."""

    def label_from_instance(self, obj: Any) -> str:
        where = obj.country or obj.regional_organization
        return f"{where.label} — {obj.label}" if where is not None else str(obj.label)


class NationalPlanChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.owner.label} — {obj} ({obj.period})"


def visible_sensitivities(user: Any) -> list[str]:
    """The sensitivity levels of the plans this user can see, for the registry filter."""
    scope = scope_of(user)
    if scope.has_anywhere(PLANS_READ):
        return list(Sensitivity.values)
    if scope.is_partner:
        return [Sensitivity.PUBLIC, Sensitivity.PARTNERS]
    return [Sensitivity.PUBLIC]


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("All regions"),
    )
    scope = forms.ChoiceField(label=_("Scope"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    priority_area = PriorityAreaChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.all(),
        required=False,
        empty_label=_("All priority areas"),
    )
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), required=False)
    country = forms.CharField(required=False, max_length=3, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("All"))]
        cast(forms.ChoiceField, self.fields["scope"]).choices = any_choice + list(Scope.choices)
        cast(forms.ChoiceField, self.fields["status"]).choices = any_choice + list(Status.choices)
        allowed = visible_sensitivities(user)
        sensitivities = [c for c in Sensitivity.choices if c[0] in allowed]
        cast(forms.ChoiceField, self.fields["sensitivity"]).choices = any_choice + sensitivities

    def filter(self, plans: Any) -> Any:
        if not self.is_valid():
            return plans
        data = self.cleaned_data
        if data.get("country"):
            plans = plans.filter(
                Q(owner__country__code=data["country"])
                | Q(owner__regional_organization__member_countries__code=data["country"])
            ).distinct()
        if data.get("q"):
            term = data["q"].strip()
            plans = plans.filter(
                Q(search_text__contains=term.casefold())
                | Q(code__icontains=term)
                | Q(owner__country__name_en__icontains=term)
                | Q(owner__country__name_ar__icontains=term)
                | Q(owner__country__name_fr__icontains=term)
                | Q(owner__country__name_ru__icontains=term)
                | Q(owner__country__name_es__icontains=term)
                | Q(owner__country__name_zh__icontains=term)
                | Q(owner__regional_organization__acronym__icontains=term)
            )
        if data.get("region"):
            region = data["region"]
            plans = plans.filter(
                Q(owner__country__subregion=region)
                | Q(owner__country__subregion__parent=region)
                | Q(owner__regional_organization__member_countries__subregion=region)
                | Q(owner__regional_organization__member_countries__subregion__parent=region)
            ).distinct()
        for name in ("scope", "status", "sensitivity"):
            if data.get(name):
                plans = plans.filter(**{name: data[name]})
        if data.get("priority_area"):
            plans = plans.filter(priority_areas=data["priority_area"])
        return plans


def _owner_choices(user: Any) -> Any:
    scope = scope_of(user)
    owners = Organization.objects.with_labels().filter(
        kind__in=[OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG]
    )
    if PLANS_WRITE not in scope.everywhere:
        owners = owners.filter(
            Q(country_id__in=scope.countries_with(PLANS_WRITE))
            | Q(regional_organization_id__in=scope.regional_organizations_with(PLANS_WRITE))
        )
    return owners.order_by("kind", "country__name_en", "regional_organization__code")


def _lead_body_choices(user: Any) -> Any:
    scope = scope_of(user)
    bodies = Organization.objects.with_labels().filter(
        kind__in=[OrganizationKind.GOVERNMENT_BODY, OrganizationKind.SECTORAL_BODY]
    )
    if PLANS_WRITE not in scope.everywhere:
        bodies = bodies.filter(
            Q(country_id__in=scope.countries_with(PLANS_WRITE))
            | Q(regional_organization_id__in=scope.regional_organizations_with(PLANS_WRITE))
        )
    return bodies.order_by("country__name_en", "regional_organization__code", "name_en")


class PlanForm(forms.Form):
    """Register or edit a plan. Status is chosen only when registering; later it moves by actions."""

    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.NATIONAL)
    owner = LabelChoiceField(
        label=_("Owner"), queryset=Organization.objects.none(), empty_label=_("Choose the owner")
    )
    parent = NationalPlanChoiceField(
        label=_("National plan (for a sub-national plan)"),
        empty_label=_("None"),
        queryset=Plan.objects.none(),
        required=False,
    )
    subnational_area = forms.CharField(label=_("Sub-national area"), max_length=200, required=False)
    original_language = forms.ChoiceField(
        label=_("Language of the original"), choices=LANGUAGE_CHOICES
    )
    status = forms.ChoiceField(
        label=_("Current status"), choices=Status.choices, initial=Status.DRAFTING
    )
    period_start = forms.IntegerField(
        label=_("First year"), required=False, min_value=1990, max_value=2100
    )
    period_end = forms.IntegerField(
        label=_("Last year"), required=False, min_value=1990, max_value=2100
    )
    lead_body = BodyChoiceField(
        label=_("Lead coordination body"),
        empty_label=_("None"),
        queryset=Organization.objects.none(),
        required=False,
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"),
        choices=Sensitivity.choices,
        initial=Sensitivity.CONFIDENTIAL,
        help_text=_(
            "Public: anyone. Shared with partners: UN entities, donors and regional organizations. "
            "Confidential: only the owner's team and UNOCT."
        ),
    )
    priority_areas = LabelMultipleChoiceField(
        label=_("Priority areas of the Plan of Action"),
        queryset=PriorityArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    adoption_body = forms.CharField(label=_("Adopted by"), max_length=200, required=False)
    adoption_date = forms.DateField(
        label=_("Adoption date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    adoption_instrument = forms.CharField(
        label=_("Legal instrument of adoption"), max_length=300, required=False
    )
    next_review_date = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Plans are living documents: when should this one be reviewed?"),
    )

    def __init__(self, *args: Any, user: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.plan = plan
        for code in UN_LANGUAGES:
            attrs = {"lang": code, "dir": "rtl" if code == "ar" else "ltr"}
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Summary (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={**attrs, "rows": 3}),
            )
        owners = _owner_choices(user)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners  # type: ignore[type-arg]
        if plan is None and "owner" not in self.initial:
            only = list(owners[:2])
            if len(only) == 1:  # a country's own team registers for its own country
                self.initial["owner"] = only[0].pk
        cast(forms.ModelChoiceField, self.fields["lead_body"]).queryset = _lead_body_choices(user)  # type: ignore[type-arg]
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = (  # type: ignore[type-arg]
            Plan.objects.visible_to(user)
            .filter(scope=Scope.NATIONAL)
            .select_related("owner__country")
        )
        if plan is not None:
            del self.fields["status"]

    def title_fields(self) -> list[forms.BoundField]:
        return [self[f"title_{code}"] for code in UN_LANGUAGES]

    def summary_fields(self) -> list[forms.BoundField]:
        return [self[f"summary_{code}"] for code in UN_LANGUAGES]

    def to_input(self) -> PlanInput:
        data = self.cleaned_data
        return PlanInput(
            scope=data["scope"],
            owner=data["owner"],
            original_language=data["original_language"],
            titles={code: data.get(f"title_{code}", "") for code in UN_LANGUAGES},
            summaries={code: data.get(f"summary_{code}", "") for code in UN_LANGUAGES},
            sensitivity=data["sensitivity"],
            parent=data.get("parent"),
            subnational_area=data.get("subnational_area", ""),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            lead_body=data.get("lead_body"),
            adoption_body=data.get("adoption_body", ""),
            adoption_date=data.get("adoption_date"),
            adoption_instrument=data.get("adoption_instrument", ""),
            priority_areas=list(data.get("priority_areas") or []),
            is_illustrative=self.plan.is_illustrative if self.plan else False,
            next_review_date=data.get("next_review_date"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or "owner" not in cleaned:
            return cleaned
        status = self.plan.status if self.plan else cleaned.get("status", Status.DRAFTING)
        for name, messages in self.to_input().errors(status).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned

    @staticmethod
    def initial_from(plan: Plan) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "scope": plan.scope,
            "owner": plan.owner_id,
            "parent": plan.parent_id,
            "subnational_area": plan.subnational_area,
            "original_language": plan.original_language,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "lead_body": plan.lead_body_id,
            "adoption_body": plan.adoption_body,
            "adoption_date": plan.adoption_date,
            "adoption_instrument": plan.adoption_instrument,
            "sensitivity": plan.sensitivity,
            "priority_areas": [pa.pk for pa in plan.priority_areas.all()],
            "next_review_date": plan.next_review_date,
        }
        initial.update({f"title_{code}": text for code, text in texts_of(plan.title).items()})
        initial.update({f"summary_{code}": text for code, text in texts_of(plan.summary).items()})
        return initial


class StatusChangeForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    rationale = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    adoption_body = forms.CharField(label=_("Adopted by"), max_length=200, required=False)
    adoption_date = forms.DateField(
        label=_("Adoption date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    adoption_instrument = forms.CharField(
        label=_("Legal instrument of adoption"), max_length=300, required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        # Adoption is offered once someone other than the submitter has approved the plan.
        statuses = [s for s in plan.next_statuses() if s != Status.ADOPTED or plan.approved_by_id]
        cast(forms.ChoiceField, self.fields["to"]).choices = [(s, labels[s]) for s in statuses]
        self.needs_adoption = Status.ADOPTED in statuses
        if not self.needs_adoption:
            for name in ("adoption_body", "adoption_date", "adoption_instrument"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("to") == Status.ADOPTED:
            if not cleaned.get("adoption_body", "").strip():
                self.add_error("adoption_body", _("Say which body adopted the plan."))
            if not cleaned.get("adoption_date"):
                self.add_error("adoption_date", _("Give the adoption date."))
            elif cleaned["adoption_date"] > datetime.date.today():
                self.add_error("adoption_date", _("The adoption date cannot be in the future."))
        return cleaned


def add_action_errors(errors: ValidationError, form: forms.Form) -> None:
    """Put an action's ValidationError onto the form, field by field where it can."""
    if hasattr(errors, "error_dict"):
        for name, messages in errors.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in errors.messages:
            form.add_error(None, message)
