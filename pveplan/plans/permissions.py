"""How views and the API load plans: the only sanctioned way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.accounts.permissions import scope_of
from pveplan.core.permissions import PLANS_READ
from pveplan.plans.models import Plan, PlanNode, PlanVersion


def access_plan(user: Any, pk: int | str, *, need: str = PLANS_READ) -> Plan:
    """The plan `pk` (an id or a code) if `user` may see it and holds `need` over it.

    Raises Http404 when the plan does not exist or is outside the user's sight, so nobody learns
    that a confidential plan exists; PermissionDenied when visible but `need` is missing.
    """
    plans = (
        Plan.objects.visible_to(user)
        .for_listing()
        .select_related(
            "parent",
            "submitted_by",
            "approved_by",
            "lead_body__country",
            "lead_body__sectoral_body",
            "lead_body__regional_organization",
        )
    )
    lookup = {"pk": int(pk)} if isinstance(pk, int) or str(pk).isdigit() else {"code": pk}
    plan = plans.filter(**lookup).first()
    if plan is None:
        raise Http404("No plan found")
    if need != PLANS_READ and not can(user, need, plan):
        raise PermissionDenied(need)
    return plan


def can(user: Any, permission: str, plan: Plan) -> bool:
    """Whether `user` holds `permission` over `plan` (its owner's country or regional organization)."""
    owner = plan.owner
    return permission in scope_of(user).permissions_for(
        owner.country_id, owner.regional_organization_id
    )


def access_node(user: Any, pk: int, *, need: str = PLANS_READ) -> PlanNode:
    """The plan node `pk` if its plan is visible to `user` and `user` holds `need` over it.

    Same answers as `access_plan`: 404 outside sight, 403 in sight without the permission.
    """
    node = (
        PlanNode.objects.filter(pk=pk, plan__in=Plan.objects.visible_to(user))
        .select_related("plan__owner__country", "plan__owner__regional_organization", "parent")
        .first()
    )
    if node is None:
        raise Http404("No plan node found")
    if need != PLANS_READ and not can(user, need, node.plan):
        raise PermissionDenied(need)
    return node


def access_version(user: Any, plan_pk: int, number: int) -> PlanVersion:
    """Version `number` of plan `plan_pk`, if the plan is visible to `user` (404 otherwise)."""
    version = (
        PlanVersion.objects.filter(
            plan__in=Plan.objects.visible_to(user), plan_id=plan_pk, number=number
        )
        .select_related("plan__owner", "published_by")
        .first()
    )
    if version is None:
        raise Http404("No plan version found")
    return version
