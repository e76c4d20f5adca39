"""Forms of the funding pages; they build the inputs the actions take, which hold the rules.

Amounts and rates are typed in the user's own number format (a decimal comma in Arabic,
French, Russian and Spanish), hence `localize=True`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.funding import actions
from pveplan.funding.models import (
    AMOUNT_DIGITS,
    AMOUNT_PLACES,
    Allocation,
    Contribution,
    ContributionStatus,
    Currency,
    ExchangeRate,
)
from pveplan.support.models import RequestStatus, SupportRequest
from pveplan.taxonomy.models import Country, PriorityArea

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LabelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class CountriesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class AreasField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.label}"


class RequestChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.requester.label})"


def amount_field(label: Any) -> forms.DecimalField:
    # No min_value: the action's own message says why (and the same for the API).
    return forms.DecimalField(
        label=label,
        max_digits=AMOUNT_DIGITS + 4,
        decimal_places=AMOUNT_PLACES + 4,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "amount-input"}),
    )


def add_action_errors(error: ValidationError, form: forms.Form) -> None:
    """Show an action's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def donors() -> QuerySet[Organization]:
    return (
        Organization.objects.with_labels()
        .filter(kind__in=actions.DONOR_KINDS)
        .order_by("kind", "code")
    )


def recipients() -> QuerySet[Organization]:
    return (
        Organization.objects.with_labels()
        .filter(kind__in=actions.RECIPIENT_KINDS)
        .order_by("kind", "country__name_en", "regional_organization__code")
    )


class ReportDateForm(forms.Form):
    on = forms.DateField(label=_("As at"), required=False, widget=DATE_INPUT)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, initial={"on": timezone.localdate()})

    def report_date(self) -> datetime.date:
        """The chosen date, or today when none (or an invalid one) is given."""
        if self.is_valid() and self.cleaned_data.get("on"):
            value: datetime.date = self.cleaned_data["on"]
            return value
        return timezone.localdate()


class ContributionForm(forms.Form):
    donor = LabelChoiceField(label=_("Donor"), queryset=Organization.objects.none())
    amount = amount_field(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    status = forms.ChoiceField(label=_("Status"), choices=ContributionStatus.choices)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)
    countries = CountriesField(
        label=_("Earmarked to countries"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Leave empty when any country may receive it."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    priority_areas = AreasField(
        label=_("Earmarked to priority areas"),
        queryset=PriorityArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when it may serve any priority area."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, contribution: Contribution | None = None, **kwargs: Any) -> None:
        if contribution is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "donor": contribution.donor_id,
                "amount": contribution.amount,
                "currency": contribution.currency,
                "date": contribution.date,
                "status": contribution.status,
                "reference": contribution.reference,
                "countries": list(contribution.countries.all()),
                "priority_areas": list(contribution.priority_areas.all()),
                "note": contribution.note,
                "version": contribution.version,
            }
        super().__init__(*args, **kwargs)
        self.is_illustrative = contribution.is_illustrative if contribution else False
        field = self.fields["donor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = donors()

    def to_input(self) -> actions.ContributionInput:
        data = self.cleaned_data
        return actions.ContributionInput(
            donor=data["donor"],
            amount=data["amount"],
            currency=data["currency"],
            date=data["date"],
            status=data["status"],
            reference=data.get("reference") or "",
            countries=list(data.get("countries") or []),
            priority_areas=list(data.get("priority_areas") or []),
            note=data.get("note") or "",
            is_illustrative=self.is_illustrative,
        )


class AllocationForm(forms.Form):
    recipient = LabelChoiceField(label=_("Allocated to"), queryset=Organization.objects.none())
    support_request = RequestChoiceField(
        label=_("For the support request"),
        queryset=SupportRequest.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    amount = amount_field(_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=actions.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        earmarked = [c.pk for c in contribution.countries.all()]
        # The earmark narrows the choice; the action refuses anything else all the same.
        recipient.queryset = (
            recipients().filter(country_id__in=earmarked) if earmarked else recipients()
        )
        request = self.fields["support_request"]
        assert isinstance(request, forms.ModelChoiceField)
        request.queryset = (
            SupportRequest.objects.exclude(status=RequestStatus.DECLINED)
            .select_related("requester__country", "requester__regional_organization")
            .order_by("-created_at", "-pk")
        )

    def to_input(self) -> actions.AllocationInput:
        data = self.cleaned_data
        return actions.AllocationInput(
            contribution=self.contribution,
            recipient=data["recipient"],
            amount=data["amount"],
            date=data["date"],
            purpose=data["purpose"],
            support_request=data.get("support_request"),
        )


class ExpenditureForm(forms.Form):
    amount = amount_field(_("Amount"))
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    description = forms.CharField(
        label=_("What it paid for"),
        max_length=actions.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, allocation: Allocation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.allocation = allocation

    def to_input(self) -> actions.ExpenditureInput:
        data = self.cleaned_data
        return actions.ExpenditureInput(
            allocation=self.allocation,
            amount=data["amount"],
            date=data["date"],
            description=data["description"],
        )


def _rate_currencies() -> list[tuple[str, Any]]:
    return [(code, label) for code, label in Currency.choices if code != Currency.USD]


class RateForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=_rate_currencies)
    date = forms.DateField(label=_("Date of the rate"), widget=DATE_INPUT)
    usd_per_unit = forms.DecimalField(
        label=_("US dollars per unit"),
        help_text=_("How many US dollars one unit of the currency is worth, e.g. 0.0912 for NOK."),
        max_digits=24,
        decimal_places=14,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "amount-input"}),
    )
    source = forms.CharField(label=_("Source"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, rate: ExchangeRate | None = None, **kwargs: Any) -> None:
        if rate is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "currency": rate.currency,
                "date": rate.date,
                "usd_per_unit": rate.usd_per_unit.normalize(),
                "source": rate.source,
                "version": rate.version,
            }
        super().__init__(*args, **kwargs)
        self.rate = rate
        if rate is not None:
            # Changing a day's rate keeps its currency and day; another day is another rate.
            self.fields["currency"].disabled = True
            self.fields["date"].disabled = True

    def rate_value(self) -> Decimal | None:
        value = self.cleaned_data.get("usd_per_unit")
        return value if isinstance(value, Decimal) else None
