"""How views load a plan's phases and evidence: the only sanctioned way.

Built on `access_plan`: 404 when the plan is outside the user's sight (nobody learns it exists),
403 when it is in sight but the user lacks the permission asked for.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pveplan.core.permissions import PLANS_READ
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan, can
from pveplan.process.models import Evidence
from pveplan.taxonomy.models import PlanPhase as Phase


def access_phase(
    user: Any, plan_pk: int, code: str, *, need: str = PLANS_READ
) -> tuple[Plan, Phase]:
    """Plan `plan_pk` and its phase `code` (PH0...PH9), with the answers of `access_plan`.

    The plan is checked first, so an unknown phase code of a plan out of sight is a 404 too.
    """
    plan = access_plan(user, plan_pk, need=need)
    phase = Phase.objects.filter(code=code, is_active=True).first()
    if phase is None:
        raise Http404("No such phase")
    return plan, phase


def access_evidence(user: Any, pk: int, *, need: str = PLANS_READ) -> Evidence:
    """Evidence file `pk` if its plan is visible to `user` and `user` holds `need` over it."""
    evidence = (
        Evidence.objects.filter(pk=pk, plan_phase__plan__in=Plan.objects.visible_to(user))
        .select_related(
            "plan_phase__phase",
            "plan_phase__plan__owner__country",
            "plan_phase__plan__owner__regional_organization",
            "uploaded_by",
        )
        .first()
    )
    if evidence is None:
        raise Http404("No evidence found")
    if need != PLANS_READ and not can(user, need, evidence.plan_phase.plan):
        raise PermissionDenied(need)
    return evidence
