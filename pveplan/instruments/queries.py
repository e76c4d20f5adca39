"""Reading the registries: whose registry a plan uses, which instruments a plan may link, and a
plan's legal framework (for the framework page, the structure page and the exports).

`framework_for(plan)` and `links_by_node(plan)` are the public entry points for other apps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.instruments.models import (
    MUST_CHANGE,
    LegalInstrument,
    LegalInstrumentQuerySet,
    NodeInstrumentLink,
)
from pveplan.plans.models import Plan, PlanNode


def registry_owner(plan: Plan) -> Organization:
    """The organization whose registry serves `plan`: its Member State for a national or
    sub-national plan (also when a ministry owns it), its regional organization for a regional
    plan (also when a sectoral body owns it)."""
    owner = plan.owner
    if owner.kind in (OrganizationKind.MEMBER_STATE, OrganizationKind.REGIONAL_ORG):
        return owner
    if owner.country_id is not None:
        return Organization.objects.with_labels().get(
            kind=OrganizationKind.MEMBER_STATE, country_id=owner.country_id
        )
    return Organization.objects.with_labels().get(
        kind=OrganizationKind.REGIONAL_ORG, regional_organization_id=owner.regional_organization_id
    )


def linkable_filter(plan: Plan) -> Q:
    """Which instruments a node of `plan` may be linked to: those of the plan owner's country,
    or for a regional plan those of its regional organization and of its member States."""
    owner = plan.owner
    if owner.country_id is not None:
        return Q(owner__kind=OrganizationKind.MEMBER_STATE, owner__country_id=owner.country_id)
    return Q(
        owner__kind=OrganizationKind.REGIONAL_ORG,
        owner__regional_organization_id=owner.regional_organization_id,
    ) | Q(
        owner__kind=OrganizationKind.MEMBER_STATE,
        owner__country__regional_organizations__id=owner.regional_organization_id,
    )


def linkable_instruments(plan: Plan, user: Any = None) -> LegalInstrumentQuerySet:
    """The instruments `plan`'s nodes may be linked to (and `user` may see, if given)."""
    instruments = LegalInstrument.objects.filter(linkable_filter(plan))
    if user is not None:
        instruments = instruments.filter(pk__in=LegalInstrument.objects.visible_to(user))
    return instruments.with_owner().distinct()


@dataclass(frozen=True)
class FrameworkRow:
    """One plan node's link to one instrument, as the framework page and the exports show it."""

    node: PlanNode
    instrument: LegalInstrument
    harmonization: str
    note: str
    link: NodeInstrumentLink

    @property
    def must_change(self) -> bool:
        return self.harmonization in MUST_CHANGE


def _links(plan: Plan, user: Any) -> list[NodeInstrumentLink]:
    links = NodeInstrumentLink.objects.filter(node__plan=plan).select_related(
        "node", "instrument__owner__country", "instrument__owner__regional_organization"
    )
    if user is not None:
        links = links.filter(instrument__in=LegalInstrument.objects.visible_to(user))
    found = list(links)
    for link in found:
        link.node.plan = plan  # shown_text reads the plan's language: spare a query per row
    return found


def ordered_nodes(plan: Plan) -> list[PlanNode]:
    """`plan`'s nodes as its tree reads top to bottom, parents before their children (one query)."""
    nodes = list(PlanNode.objects.filter(plan=plan).order_by("position", "pk"))
    children: dict[int | None, list[PlanNode]] = defaultdict(list)
    for node in nodes:
        node.plan = plan  # shown_text reads the plan's language
        children[node.parent_id].append(node)
    ordered: list[PlanNode] = []
    stack = list(reversed(children[None]))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.pk, [])))
    return ordered


def framework_for(plan: Plan, user: Any = None) -> list[FrameworkRow]:
    """Every link of `plan`'s nodes to instruments, in the plan's tree order (two queries).

    With `user`, only links to instruments that user may see (a regional plan can link its
    member States' instruments, which not every reader of the plan sees).
    """
    links = _links(plan, user)
    order = {node.pk: index for index, node in enumerate(ordered_nodes(plan))}
    links.sort(key=lambda link: (order.get(link.node_id, len(order)), link.pk))
    return [
        FrameworkRow(
            node=link.node,
            instrument=link.instrument,
            harmonization=link.harmonization,
            note=link.note,
            link=link,
        )
        for link in links
    ]


def links_by_node(plan: Plan, user: Any = None) -> dict[int, list[NodeInstrumentLink]]:
    """`plan`'s links to instruments by node id, each list in link order (one query)."""
    grouped: dict[int, list[NodeInstrumentLink]] = defaultdict(list)
    for link in sorted(_links(plan, user), key=lambda link: link.pk):
        grouped[link.node_id].append(link)
    return dict(grouped)
