"""Possible duplicates of a support request, checked before an assignment.

The providers app owns the rule (`pveplan.providers.matching.possible_duplicates(request)`).
It is looked up when called, so this app works before and without it; until it exists, the
fallback below applies the same idea: other support for the same country (or regional
organization), assigned or in delivery, with an overlapping PoA area and overlapping time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from pveplan.support.models import RequestStatus, SupportRequest

# Support that is planned (assigned) or under way (in delivery).
ACTIVE_STATUSES = (RequestStatus.ASSIGNED, RequestStatus.IN_DELIVERY)


@dataclass(frozen=True)
class Duplicate:
    """One possible duplicate as the pages and the audit log show it."""

    label: str
    request_pk: int | None = None

    def as_audit(self) -> dict[str, Any]:
        return {"label": self.label, "request": self.request_pk}


def _providers_rule() -> Callable[[SupportRequest], Any] | None:
    try:
        module = importlib.import_module("pveplan.providers.matching")
    except ImportError:
        return None
    rule = getattr(module, "possible_duplicates", None)
    return rule if callable(rule) else None


def _fallback(request: SupportRequest) -> list[SupportRequest]:
    requester = request.requester
    if requester.country_id is not None:
        same_place = Q(requester__country_id=requester.country_id)
    else:
        same_place = Q(requester__regional_organization_id=requester.regional_organization_id)
    others = (
        SupportRequest.objects.filter(same_place, status__in=ACTIVE_STATUSES)
        .filter(priority_areas__in=request.priority_areas.all())
        .exclude(pk=request.pk)
    )
    # Open-ended dates overlap everything on that side.
    if request.start_date is not None:
        others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=request.start_date))
    if request.end_date is not None:
        others = others.filter(Q(start_date__isnull=True) | Q(start_date__lte=request.end_date))
    return list(others.distinct().order_by("pk"))


def _as_duplicate(item: Any) -> Duplicate:
    found = item if isinstance(item, SupportRequest) else getattr(item, "request", None)
    if isinstance(found, SupportRequest):
        label = str(item) if found is not item else found.title
        return Duplicate(label=label, request_pk=found.pk)
    return Duplicate(label=str(item))


def possible_duplicates(request: SupportRequest) -> list[Duplicate]:
    """Other active or planned support that the assignment of `request` could duplicate."""
    rule = _providers_rule()
    found = rule(request) if rule is not None else _fallback(request)
    return [_as_duplicate(item) for item in found]
