"""How views load registries, instruments and links: the only sanctioned way.

Answers follow the plans: 404 for what is outside the user's sight (nobody learns it exists),
403 for what is in sight without the right. A registry is in sight through the plan that leads to
it; reading it needs plans:read in the registry's scope (see models.py for the whole rule).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.accounts.models import Organization
from pveplan.accounts.permissions import scope_of
from pveplan.core.permissions import PLANS_READ
from pveplan.instruments.models import LegalInstrument, NodeInstrumentLink
from pveplan.instruments.queries import registry_owner
from pveplan.plans.models import Plan, PlanNode
from pveplan.plans.permissions import access_node, access_plan


def can_in_registry(user: Any, permission: str, owner: Organization) -> bool:
    """Whether `user` holds `permission` over the registry (or plan) owned by `owner`."""
    return permission in scope_of(user).permissions_for(
        owner.country_id, owner.regional_organization_id
    )


def _require(user: Any, owner: Organization, need: str) -> None:
    if not can_in_registry(user, PLANS_READ, owner) or not can_in_registry(user, need, owner):
        raise PermissionDenied(need)


def access_registry(
    user: Any, plan_pk: int, *, need: str = PLANS_READ
) -> tuple[Plan, Organization]:
    """Plan `plan_pk` and the organization whose registry serves it.

    404 when the plan is outside the user's sight; 403 when the plan is visible (a public plan,
    say) but the user may not read its registry, or lacks `need` there.
    """
    plan = access_plan(user, plan_pk)
    _require(user, plan.owner, need)
    return plan, registry_owner(plan)


def access_instrument(user: Any, pk: int, *, need: str = PLANS_READ) -> LegalInstrument:
    """Instrument `pk` if the user may read its registry (404 otherwise), and holds `need` there
    (403 otherwise)."""
    instrument = LegalInstrument.objects.visible_to(user).with_owner().filter(pk=pk).first()
    if instrument is None:
        raise Http404("No instrument found")
    if need != PLANS_READ and not can_in_registry(user, need, instrument.owner):
        raise PermissionDenied(need)
    return instrument


def access_node_links(user: Any, node_pk: int, *, need: str = PLANS_READ) -> PlanNode:
    """Plan node `node_pk`, whose instrument links the user may read (or change, with `need`).

    404 outside the plan's sight; 403 when the user may not read the plan's registry or lacks
    `need` over the plan.
    """
    node = access_node(user, node_pk)
    _require(user, node.plan.owner, need)
    return node


def access_link(user: Any, pk: int, *, need: str = PLANS_READ) -> NodeInstrumentLink:
    """Link `pk` if its plan and its instrument are both in the user's sight (404 otherwise);
    403 when the user may not read the plan's registry or lacks `need` over the plan."""
    link = (
        NodeInstrumentLink.objects.filter(
            pk=pk,
            node__plan__in=Plan.objects.visible_to(user),
            instrument__in=LegalInstrument.objects.visible_to(user),
        )
        .select_related(
            "node__plan__owner__country",
            "node__plan__owner__regional_organization",
            "instrument__owner",
        )
        .first()
    )
    if link is None:
        raise Http404("No link found")
    _require(user, link.node.plan.owner, need)
    return link
