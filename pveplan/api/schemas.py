"""What each API operation takes and gives: small explicit schemas, one per shape.

Limits on input come from the model fields, so the API rejects what the database would.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from pveplan.core.i18n import texts_of
from pveplan.plans.models import NodeStatus, Plan, PlanNode, Scope, Sensitivity, Status

LanguageCode = Literal["ar", "zh", "en", "fr", "ru", "es"]


def _max_length(model: Any, name: str) -> int:
    length = model._meta.get_field(name).max_length
    assert isinstance(length, int)
    return length


class Error(Schema):
    detail: Any = Field(description="What went wrong: a sentence, or a list of field errors.")


class OrganizationOut(Schema):
    code: str
    name: str
    kind: str
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 code of its country.")

    @staticmethod
    def from_organization(organization: Any) -> OrganizationOut:
        return OrganizationOut(
            code=organization.code,
            name=organization.label,
            kind=organization.kind,
            country=organization.country.code if organization.country_id else None,
        )


class MembershipOut(Schema):
    organization: OrganizationOut
    role: str
    role_label: str
    is_global: bool


class TokenOut(Schema):
    name: str
    prefix: str
    expires_at: datetime.datetime


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    memberships: list[MembershipOut]
    permissions_everywhere: list[str] = Field(
        description="Permissions held over every country (global roles)."
    )
    token: TokenOut


class PlanOut(Schema):
    id: int
    code: str
    scope: Scope
    status: Status
    sensitivity: Sensitivity
    title: str = Field(description="The title in the request's language, or its fallback.")
    titles: dict[str, str] = Field(description="The title per language code.")
    original_language: str
    owner: OrganizationOut
    period_start: int | None
    period_end: int | None
    priority_areas: list[int] = Field(description="Numbers of the Plan of Action's areas.")
    version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_title(obj: Plan) -> str:
        return obj.shown_title.text

    @staticmethod
    def resolve_titles(obj: Plan) -> dict[str, str]:
        return texts_of(obj.title)

    @staticmethod
    def resolve_owner(obj: Plan) -> OrganizationOut:
        return OrganizationOut.from_organization(obj.owner)

    @staticmethod
    def resolve_priority_areas(obj: Plan) -> list[int]:
        return sorted(area.number for area in obj.priority_areas.all())


class PlanDetailOut(PlanOut):
    summaries: dict[str, str]
    lead_body: OrganizationOut | None
    subnational_area: str
    adoption_body: str
    adoption_date: datetime.date | None
    adoption_instrument: str
    next_review_date: datetime.date | None

    @staticmethod
    def resolve_summaries(obj: Plan) -> dict[str, str]:
        return texts_of(obj.summary)

    @staticmethod
    def resolve_lead_body(obj: Plan) -> OrganizationOut | None:
        return OrganizationOut.from_organization(obj.lead_body) if obj.lead_body else None


class NodeOut(Schema):
    id: int
    parent: int | None
    level: int
    tier: str
    position: int
    code: str
    texts: dict[str, str]
    rationales: dict[str, str]
    priority_areas: list[int]
    drivers: list[str]
    gcts_pillars: list[str]
    sdg_targets: list[str]
    lead_body: str | None = Field(description="Code of the lead body.")
    partner_bodies: list[str]
    target_groups: str
    geography: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    estimated_cost: Decimal | None
    currency: str
    funding_source: str
    status: NodeStatus
    is_ddr_related: bool
    version: int

    @staticmethod
    def from_node(node: PlanNode, tiers: list[str]) -> NodeOut:
        return NodeOut(
            id=node.pk,
            parent=node.parent_id,
            level=node.level,
            tier=tiers[node.level - 1],
            position=node.position,
            code=node.code,
            texts=texts_of(node.text),
            rationales=texts_of(node.rationale),
            priority_areas=sorted(t.number for t in node.priority_areas.all()),
            drivers=sorted(t.code for t in node.drivers.all()),
            gcts_pillars=sorted(t.code for t in node.gcts_pillars.all()),
            sdg_targets=sorted(t.code for t in node.sdg_targets.all()),
            lead_body=node.lead_body.code if node.lead_body else None,
            partner_bodies=sorted(o.code for o in node.partner_bodies.all()),
            target_groups=node.target_groups,
            geography=node.geography,
            start_date=node.start_date,
            end_date=node.end_date,
            estimated_cost=node.estimated_cost,
            currency=node.currency,
            funding_source=node.funding_source,
            status=NodeStatus(node.status),
            is_ddr_related=node.is_ddr_related,
            version=node.version,
        )


# The structure editor's limits on each language's text.
TextsIn = dict[LanguageCode, Annotated[str, StringConstraints(max_length=2000)]]
RationalesIn = dict[LanguageCode, Annotated[str, StringConstraints(max_length=5000)]]


class NodePatch(Schema):
    """The fields to change on a node; those left out keep their values. `version` is the one
    the client read: the change is refused (409) if the node changed since."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The node's version as last read.")
    code: str | None = Field(None, max_length=_max_length(PlanNode, "code"))
    texts: TextsIn | None = Field(
        None, description="Text per language; an empty text removes that language."
    )
    rationales: RationalesIn | None = None
    priority_areas: list[int] | None = Field(None, description="Numbers, 1 to 7.")
    drivers: list[str] | None = Field(None, description="Driver codes.")
    gcts_pillars: list[str] | None = Field(None, description="Strategy pillar codes.")
    sdg_targets: list[str] | None = Field(None, description="SDG target codes.")
    lead_body: str | None = Field(None, description="Code of a body of the plan's owner.")
    partner_bodies: list[str] | None = None
    target_groups: str | None = Field(None, max_length=_max_length(PlanNode, "target_groups"))
    geography: str | None = Field(None, max_length=_max_length(PlanNode, "geography"))
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    estimated_cost: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    funding_source: str | None = Field(None, max_length=_max_length(PlanNode, "funding_source"))
    status: NodeStatus | None = None
    is_ddr_related: bool | None = None


class SupportRequestOut(Schema):
    id: int
    title: str
    status: str
    modality: str
    urgency: str
    requester: OrganizationOut
    priority_areas: list[int]
    languages: list[str]
    start_date: datetime.date | None
    end_date: datetime.date | None
    shared_with_donors: bool
    created_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_requester(obj: Any) -> OrganizationOut:
        return OrganizationOut.from_organization(obj.requester)

    @staticmethod
    def resolve_priority_areas(obj: Any) -> list[int]:
        return sorted(area.number for area in obj.priority_areas.all())


class PriorityAreaOut(Schema):
    number: int
    code: str
    label: str
    names: dict[str, str]

    @staticmethod
    def resolve_names(obj: Any) -> dict[str, str]:
        return dict(obj.names())
