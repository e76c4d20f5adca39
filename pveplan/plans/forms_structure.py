"""The form for one node of a plan's structure (pillar, objective, action or sub-action)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.core.i18n import LANGUAGE_NAMES, RTL_LANGUAGES, UN_LANGUAGES, texts_of
from pveplan.plans.actions import NodeInput
from pveplan.plans.forms import BodyChoiceField, LabelMultipleChoiceField
from pveplan.plans.models import NodeStatus, Plan, PlanNode
from pveplan.taxonomy.models import Driver, GCTSPillar, PriorityArea, SDGTarget

MOVE_DIRECTIONS = ("up", "down", "indent", "outdent")


class PriorityAreasField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.label}"


class GCTSPillarsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.numeral}. {obj.label}"


class CodedMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.label}"


class BodiesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


def bodies_of(plan: Plan) -> QuerySet[Organization]:
    """Ministries and sectoral bodies of the plan's own country or regional organization.

    The same rule as the actions' `same_scope`: a body with a country belongs to that country;
    one without belongs to its regional organization.
    """
    owner = plan.owner
    if owner.country_id is not None:
        where = Q(country_id=owner.country_id)
    elif owner.regional_organization_id is not None:
        where = Q(country__isnull=True, regional_organization_id=owner.regional_organization_id)
    else:
        return Organization.objects.none()
    return (
        Organization.objects.with_labels()
        .filter(where, kind__in=[OrganizationKind.GOVERNMENT_BODY, OrganizationKind.SECTORAL_BODY])
        .order_by("sectoral_body__code", "name_en", "code")
    )


def _language_attrs(code: str) -> dict[str, str]:
    return {"lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}


class NodeForm(forms.Form):
    """Add or edit a node: its text in the six UN languages, tags, bodies, timing and cost."""

    code = forms.CharField(
        label=_("Code"), max_length=30, required=False, help_text=_("For example P6.A1")
    )
    priority_areas = PriorityAreasField(
        label=_("Priority areas of the Plan of Action"),
        queryset=PriorityArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    drivers = LabelMultipleChoiceField(
        label=_("Drivers of violent extremism"),
        queryset=Driver.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gcts_pillars = GCTSPillarsField(
        label=_("Pillars of the Global Counter-Terrorism Strategy"),
        queryset=GCTSPillar.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = CodedMultipleChoiceField(
        label=_("SDG goals and targets"),
        queryset=SDGTarget.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_body = BodyChoiceField(
        label=_("Lead body"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    partner_bodies = BodiesField(
        label=_("Partner bodies"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.CharField(label=_("Target groups"), max_length=500, required=False)
    geography = forms.CharField(label=_("Geography"), max_length=300, required=False)
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="USD",
        help_text=_("Three-letter code, such as USD"),
    )
    funding_source = forms.CharField(label=_("Funding source"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=NodeStatus.choices, initial=NodeStatus.PLANNED
    )
    is_ddr_related = forms.BooleanField(
        label=_("Linked to disarmament, demobilization and reintegration (DDR)"), required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        for code in UN_LANGUAGES:
            name = LANGUAGE_NAMES[code]
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={**_language_attrs(code), "rows": 2}),
            )
            self.fields[f"rationale_{code}"] = forms.CharField(
                label=_("Rationale and assumptions (%(language)s)") % {"language": name},
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={**_language_attrs(code), "rows": 3}),
            )
        bodies = bodies_of(plan)
        cast(forms.ModelChoiceField, self.fields["lead_body"]).queryset = bodies  # type: ignore[type-arg]
        cast(forms.ModelMultipleChoiceField, self.fields["partner_bodies"]).queryset = bodies  # type: ignore[type-arg]

    def text_fields(self) -> list[forms.BoundField]:
        return [self[f"text_{code}"] for code in UN_LANGUAGES]

    def rationale_fields(self) -> list[forms.BoundField]:
        return [self[f"rationale_{code}"] for code in UN_LANGUAGES]

    def has_rationale(self) -> bool:
        """Whether the rationale section should start open (it has text or errors)."""
        return any(field.value() or field.errors for field in self.rationale_fields())

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for name, messages in self.to_input().errors(self.plan).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned

    def to_input(self) -> NodeInput:
        data = self.cleaned_data
        return NodeInput(
            texts={code: data.get(f"text_{code}", "") for code in UN_LANGUAGES},
            code=data.get("code", ""),
            rationales={code: data.get(f"rationale_{code}", "") for code in UN_LANGUAGES},
            priority_areas=list(data.get("priority_areas") or []),
            drivers=list(data.get("drivers") or []),
            gcts_pillars=list(data.get("gcts_pillars") or []),
            sdg_targets=list(data.get("sdg_targets") or []),
            lead_body=data.get("lead_body"),
            partner_bodies=list(data.get("partner_bodies") or []),
            target_groups=data.get("target_groups", ""),
            geography=data.get("geography", ""),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            estimated_cost=data.get("estimated_cost"),
            currency=data.get("currency", ""),
            funding_source=data.get("funding_source", ""),
            status=data.get("status", NodeStatus.PLANNED),
            is_ddr_related=bool(data.get("is_ddr_related")),
        )

    @staticmethod
    def initial_from(node: PlanNode) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "code": node.code,
            "priority_areas": [t.pk for t in node.priority_areas.all()],
            "drivers": [t.pk for t in node.drivers.all()],
            "gcts_pillars": [t.pk for t in node.gcts_pillars.all()],
            "sdg_targets": [t.pk for t in node.sdg_targets.all()],
            "lead_body": node.lead_body_id,
            "partner_bodies": [o.pk for o in node.partner_bodies.all()],
            "target_groups": node.target_groups,
            "geography": node.geography,
            "start_date": node.start_date,
            "end_date": node.end_date,
            "estimated_cost": node.estimated_cost,
            "currency": node.currency,
            "funding_source": node.funding_source,
            "status": node.status,
            "is_ddr_related": node.is_ddr_related,
        }
        initial.update({f"text_{code}": text for code, text in texts_of(node.text).items()})
        initial.update(
            {f"rationale_{code}": text for code, text in texts_of(node.rationale).items()}
        )
        return initial
