"""Coverage gaps: needs and requests nobody has offered to meet, as far as the user may see.

A need counts while it is open or support was requested for it, and no request made from it has
a live offer (proposed or accepted). A request counts while it waits (submitted, triaged or open
for offers) without a live offer. Needs are confidential (only the owner's team and the global
roles see them); requests follow the support app's visibility.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch

from pveplan.assessments.models import Need, NeedStatus
from pveplan.support.models import Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.support.permissions import visible_requests
from pveplan.taxonomy.models import PriorityArea

LIVE_OFFERS = (OfferStatus.PROPOSED, OfferStatus.ACCEPTED)
WAITING = (RequestStatus.SUBMITTED, RequestStatus.TRIAGED, RequestStatus.OPEN)
OPEN_NEEDS = (NeedStatus.OPEN, NeedStatus.REQUESTED)


@dataclass
class Gaps:
    needs: list[Need] = field(default_factory=list)
    requests: list[SupportRequest] = field(default_factory=list)
    # (area, uncovered needs, uncovered requests), for every PoA area.
    by_area: list[tuple[PriorityArea, int, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.needs) + len(self.requests)


def _areas() -> Prefetch[Any]:
    return Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number"))


def coverage_gaps(user: Any) -> Gaps:
    """The needs and requests visible to `user` that no provider has offered to meet, oldest
    first, with how many of each touch every PoA area. Constant number of queries."""
    offered_need = Offer.objects.filter(request__need=OuterRef("pk"), status__in=LIVE_OFFERS)
    needs = list(
        Need.objects.visible_to(user)
        .filter(status__in=OPEN_NEEDS)
        .filter(~Exists(offered_need))
        .select_related("owner__country", "owner__regional_organization", "assessment")
        .prefetch_related(_areas())
        .order_by("created_at", "pk")
    )
    offered = Offer.objects.filter(request=OuterRef("pk"), status__in=LIVE_OFFERS)
    requests = list(
        visible_requests(user)
        .filter(status__in=WAITING)
        .filter(~Exists(offered))
        .select_related("requester__country", "requester__regional_organization")
        .prefetch_related(_areas())
        .order_by("created_at", "pk")
    )
    need_counts = Counter(a.pk for n in needs for a in n.priority_areas.all())
    request_counts = Counter(a.pk for r in requests for a in r.priority_areas.all())
    by_area = [
        (area, need_counts[area.pk], request_counts[area.pk])
        for area in PriorityArea.objects.order_by("number")
    ]
    return Gaps(needs=needs, requests=requests, by_area=by_area)
