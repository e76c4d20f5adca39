"""How views load consultation records: the only sanctioned way.

Answers follow the plans: 404 for what is outside the user's sight (nobody learns it exists),
403 for what is in sight without the right. Reading a plan's consultations needs only to see
the plan; changing them, and seeing contact details and real names of pseudonymous
stakeholders, needs `plans:write` over it (the plan's team).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from pveplan.consultations.models import ConsultationEvent, ConsultationInput, Stakeholder
from pveplan.core.permissions import PLANS_READ, PLANS_WRITE
from pveplan.plans.models import Plan
from pveplan.plans.permissions import access_plan, can

# What a consultation object needs to answer permission questions about its plan.
_PLAN_OWNER = ("plan__owner__country", "plan__owner__regional_organization")


def is_team(user: Any, plan: Plan) -> bool:
    """Whether `user` is on the plan's team: may change its consultations and see contacts."""
    return can(user, PLANS_WRITE, plan)


def access_consultations(user: Any, plan_pk: int, *, need: str = PLANS_READ) -> Plan:
    """Plan `plan_pk`, whose consultations `user` may read (or change, with `need`).

    The same answers as `access_plan`: 404 outside sight, 403 in sight without `need`.
    """
    return access_plan(user, plan_pk, need=need)


def _load[M: (Stakeholder, ConsultationEvent, ConsultationInput)](
    queryset: QuerySet[M], user: Any, pk: int, need: str, what: str
) -> M:
    found = (
        queryset.filter(pk=pk, plan__in=Plan.objects.visible_to(user))
        .select_related(*_PLAN_OWNER)
        .first()
    )
    if found is None:
        raise Http404(f"No {what} found")
    if need != PLANS_READ and not can(user, need, found.plan):
        raise PermissionDenied(need)
    return found


def access_stakeholder(user: Any, pk: int, *, need: str = PLANS_WRITE) -> Stakeholder:
    """Stakeholder `pk` if its plan is visible to `user` (404 otherwise) and `user` holds `need`
    over it (403 otherwise). Loading one stakeholder is for the team, so `need` defaults to
    write; readers see stakeholders only in lists, by their public reference."""
    return _load(Stakeholder.objects.all(), user, pk, need, "stakeholder")


def access_event(user: Any, pk: int, *, need: str = PLANS_READ) -> ConsultationEvent:
    """Consultation event `pk`: 404 outside the plan's sight, 403 in sight without `need`."""
    return _load(ConsultationEvent.objects.all(), user, pk, need, "consultation event")


def access_input(user: Any, pk: int, *, need: str = PLANS_READ) -> ConsultationInput:
    """Consultation input `pk`: 404 outside the plan's sight, 403 in sight without `need`."""
    queryset = ConsultationInput.objects.select_related("event", "stakeholder", "node")
    return _load(queryset, user, pk, need, "consultation input")
