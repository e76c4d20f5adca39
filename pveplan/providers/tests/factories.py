"""Capabilities (through the action) and support requests with assignments (rows written
directly: the support app's workflow is tested there; here only its outcome matters)."""

from __future__ import annotations

import datetime
from typing import Any

from pveplan.accounts.models import User
from pveplan.providers import actions
from pveplan.providers.models import Capability
from pveplan.support.models import Modality, Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.taxonomy.models import CompactWorkingGroup, Country, PriorityArea, RegionalOrganization
from pveplan.testing import org


def by_admin() -> User:
    return User.objects.get(username="admin")


def capability(
    provider: str,
    *,
    year: int = 2026,
    levels: dict[int, int] | None = None,
    modalities: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    regional: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    capacity: int = 3,
    by: Any = None,
) -> Capability:
    areas = {a.number: a for a in PriorityArea.objects.all()}
    return actions.capability_save(
        provider=org(provider),
        year=year,
        data=actions.CapabilityInput(
            working_groups=list(CompactWorkingGroup.objects.filter(code__in=groups)),
            levels={areas[n]: level for n, level in (levels or {}).items()},
            modalities=list(modalities),
            countries=list(Country.objects.filter(code__in=countries)),
            regional_organizations=list(RegionalOrganization.objects.filter(code__in=regional)),
            languages=list(languages),
            capacity=capacity,
        ),
        by=by or by_admin(),
        expected_version=None,
    )


def support_request(
    requester: str = "jor",
    *,
    title: str = "Support",
    areas: tuple[int, ...] = (4,),
    status: str = RequestStatus.OPEN,
    modality: str = Modality.TRAINING,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    languages: tuple[str, ...] = (),
    shared_with_donors: bool = False,
    rating: int | None = None,
    **extra: Any,
) -> SupportRequest:
    request = SupportRequest.objects.create(
        requester=org(requester),
        title=title,
        modality=modality,
        status=status,
        start_date=start,
        end_date=end,
        languages=list(languages),
        shared_with_donors=shared_with_donors,
        feedback_rating=rating,
        **extra,
    )
    request.priority_areas.set(PriorityArea.objects.filter(number__in=areas))
    return request


def offer(
    request: SupportRequest,
    provider: str,
    *,
    status: str = OfferStatus.PROPOSED,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Offer:
    return Offer.objects.create(
        request=request, provider=org(provider), status=status, start_date=start, end_date=end
    )


def assigned(
    requester: str = "jor",
    provider: str = "undp",
    *,
    status: str = RequestStatus.ASSIGNED,
    offer_start: datetime.date | None = None,
    offer_end: datetime.date | None = None,
    **fields: Any,
) -> SupportRequest:
    """A request assigned to `provider` (its accepted offer), in `status`."""
    request = support_request(requester, status=status, **fields)
    offer(request, provider, status=OfferStatus.ACCEPTED, start=offer_start, end=offer_end)
    return request
