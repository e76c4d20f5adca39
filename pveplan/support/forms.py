"""Forms of the support pages. Rules that span fields live in the actions; a form only reads
the input, and the actions' ValidationErrors are put back onto it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import scope_of
from pveplan.core.i18n import LANGUAGE_CHOICES
from pveplan.core.permissions import SUPPORT_REQUEST
from pveplan.plans.models import Plan, PlanNode
from pveplan.support.actions import REQUESTER_KINDS, RequestInput
from pveplan.support.models import Modality, RequestStatus, SupportRequest, Urgency
from pveplan.taxonomy.models import Country, PriorityArea


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


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("all")), *choices]


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[])
    country = forms.ModelChoiceField(
        label=_("country"), required=False, queryset=Country.objects.all(), empty_label=_("all")
    )
    modality = forms.ChoiceField(label=_("kind of support"), required=False, choices=[])
    area = forms.ModelChoiceField(
        label=_("priority area"),
        required=False,
        queryset=PriorityArea.objects.all(),
        empty_label=_("all"),
    )
    urgency = forms.ChoiceField(label=_("urgency"), required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _blank(RequestStatus.choices)  # type: ignore[attr-defined]
        self.fields["modality"].choices = _blank(Modality.choices)  # type: ignore[attr-defined]
        self.fields["urgency"].choices = _blank(Urgency.choices)  # type: ignore[attr-defined]

    def filter(self, requests: QuerySet[SupportRequest], *, status: bool = True) -> Any:
        """The requests that pass the filters (all but the status one, when `status` is off)."""
        if not self.is_bound or not self.is_valid():
            return requests
        data = self.cleaned_data
        if status and data["status"]:
            requests = requests.filter(status=data["status"])
        if data["country"] is not None:
            country = data["country"]
            # A country's own requests and those of the regional organizations it belongs to.
            of_country = SupportRequest.objects.filter(
                Q(requester__country=country)
                | Q(requester__regional_organization__member_countries=country)
            )
            requests = requests.filter(pk__in=of_country.values("pk"))
        if data["modality"]:
            requests = requests.filter(modality=data["modality"])
        if data["area"] is not None:
            requests = requests.filter(priority_areas=data["area"])
        if data["urgency"]:
            requests = requests.filter(urgency=data["urgency"])
        return requests


def requester_choices(user: Any) -> QuerySet[Organization]:
    """The Member States and regional organizations `user` may ask support for."""
    scope = scope_of(user)
    orgs = Organization.objects.filter(kind__in=REQUESTER_KINDS).with_labels()
    if SUPPORT_REQUEST in scope.everywhere:
        return orgs
    return orgs.filter(
        Q(country_id__in=scope.countries_with(SUPPORT_REQUEST))
        | Q(regional_organization_id__in=scope.regional_organizations_with(SUPPORT_REQUEST))
    )


def node_choices(user: Any, requester: Organization | None) -> QuerySet[PlanNode]:
    """Actions of the requester's own plans that `user` sees (none before a requester is known)."""
    if requester is None:
        return PlanNode.objects.none()
    if requester.country_id is not None:
        owned = Q(plan__owner__country_id=requester.country_id)
    else:
        owned = Q(plan__owner__regional_organization_id=requester.regional_organization_id)
    return (
        PlanNode.objects.filter(owned, plan__in=Plan.objects.visible_to(user))
        .select_related("plan__owner")
        .order_by("plan__code", "level", "position", "pk")
    )


class NodeChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.code} · {obj}"


class RequestForm(forms.Form):
    """A support request. Requester and priority areas are not required here: the action
    refuses their absence with its own message."""

    requester = forms.ModelChoiceField(
        label=_("requested by"),
        required=False,
        queryset=Organization.objects.none(),
        help_text=_("The Member State or regional organization asking for support."),
    )
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(
        label=_("what is needed"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    modality = forms.ChoiceField(label=_("kind of support"), choices=Modality.choices)
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("priority areas of the Plan of Action"),
        required=False,
        queryset=PriorityArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("working languages"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("until"), required=False, widget=DateInput())
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial="normal")
    plan_nodes = NodeChoiceField(
        label=_("plan actions this support serves"),
        required=False,
        queryset=PlanNode.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    shared_with_donors = forms.BooleanField(
        label=_("Donors may see this request once UNOCT has triaged it"), required=False
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        requester: Organization | None = None,
        is_illustrative: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Editing keeps the sample label of a demo request; new requests are real.
        self.is_illustrative = is_illustrative
        field = self.fields["requester"]
        field.queryset = requester_choices(user)  # type: ignore[attr-defined]
        if requester is not None:
            # A request stays with its requester (editing, or made from a need).
            field.queryset = field.queryset.filter(pk=requester.pk)  # type: ignore[attr-defined]
            field.initial = requester.pk
            field.disabled = True
        self.fields["plan_nodes"].queryset = node_choices(user, requester)  # type: ignore[attr-defined]
        if requester is None:
            del self.fields["plan_nodes"]

    @staticmethod
    def initial_from(request: SupportRequest) -> dict[str, Any]:
        return {
            "requester": request.requester_id,
            "title": request.title,
            "description": request.description,
            "modality": request.modality,
            "priority_areas": list(request.priority_areas.all()),
            "languages": request.languages,
            "start_date": request.start_date,
            "end_date": request.end_date,
            "urgency": request.urgency,
            "plan_nodes": list(request.plan_nodes.all()),
            "shared_with_donors": request.shared_with_donors,
        }

    def to_data(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            requester=data["requester"],
            title=data["title"],
            description=data["description"],
            modality=data["modality"],
            priority_areas=list(data["priority_areas"]),
            languages=list(data["languages"]),
            start_date=data["start_date"],
            end_date=data["end_date"],
            urgency=data["urgency"],
            plan_nodes=list(data.get("plan_nodes") or []),
            shared_with_donors=data["shared_with_donors"],
            is_illustrative=self.is_illustrative,
        )


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("open", _("Open for offers")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the providers when opening; the reason when declining (required)."),
    )
    shared_with_donors = forms.BooleanField(label=_("Share with donors"), required=False)


class OfferForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("on behalf of"), queryset=Organization.objects.none())
    message = forms.CharField(
        label=_("what you offer"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    start_date = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, providers: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        field.queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            pk__in=[org.pk for org in providers]
        ).with_labels()
        if len(providers) == 1:
            field.initial = providers[0].pk


class AcceptForm(forms.Form):
    confirm_duplicates = forms.BooleanField(
        label=_("I know about the possible duplicates and confirm the assignment"),
        required=False,
    )
    duplicate_reason = forms.CharField(
        label=_("why it should go ahead"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeliveredForm(forms.Form):
    note = forms.CharField(
        label=_("what was delivered"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("how useful was the support?"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            (5, _("5 – excellent")),
            (4, _("4 – good")),
            (3, _("3 – fair")),
            (2, _("2 – poor")),
            (1, _("1 – not useful")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
