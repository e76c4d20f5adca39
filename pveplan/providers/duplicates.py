"""Possible duplicates: other support for the same place, PoA areas and time as a request.

Shown before an assignment (the support app calls `possible_duplicates` through
`pveplan.providers.matching`): another request of the same country (or regional organization)
that is assigned or in delivery, or open with offers, which shares a PoA area with this one and
whose time overlaps. Missing dates are open-ended: they overlap everything on that side. The
time of assigned support is the accepted offer's, where it gives dates, else the request's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pveplan.accounts.models import Organization
from pveplan.support.models import Offer, OfferStatus, RequestStatus, SupportRequest
from pveplan.taxonomy.models import PriorityArea

ACTIVE = (RequestStatus.ASSIGNED, RequestStatus.IN_DELIVERY)
OPEN = (RequestStatus.TRIAGED, RequestStatus.OPEN)
LIVE_OFFERS = (OfferStatus.PROPOSED, OfferStatus.ACCEPTED)


@dataclass(frozen=True)
class Duplicate:
    """Another request this one may duplicate, and a sentence saying why."""

    request: SupportRequest
    providers: list[Organization]
    areas: list[PriorityArea]
    start: datetime.date | None
    end: datetime.date | None
    sentence: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.sentence


def overlaps(
    a_start: datetime.date | None,
    a_end: datetime.date | None,
    b_start: datetime.date | None,
    b_end: datetime.date | None,
) -> bool:
    """Whether two periods share a day; a missing date leaves that side open."""
    starts_in_time = a_start is None or b_end is None or a_start <= b_end
    ends_in_time = b_start is None or a_end is None or b_start <= a_end
    return starts_in_time and ends_in_time


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return _("from %(start)s to %(end)s") % {
            "start": date_format(start),
            "end": date_format(end),
        }
    if start:
        return _("from %(start)s, with no end date") % {"start": date_format(start)}
    if end:
        return _("until %(end)s") % {"end": date_format(end)}
    return _("with no dates")


def _timeframe(
    other: SupportRequest, offers: list[Offer]
) -> tuple[datetime.date | None, datetime.date | None]:
    accepted = next((o for o in offers if o.status == OfferStatus.ACCEPTED), None)
    if accepted is None:
        return other.start_date, other.end_date
    return accepted.start_date or other.start_date, accepted.end_date or other.end_date


def _sentence(found: Duplicate) -> str:
    other = found.request
    values = {
        "title": other.title,
        "place": other.requester.label,
        "providers": ", ".join(p.label for p in found.providers),
        "areas": ", ".join(f"{a.number} ({a.label})" for a in found.areas),
        "period": _period(found.start, found.end),
    }
    if other.status == RequestStatus.ASSIGNED:
        text = _(
            "“%(title)s” (%(place)s) is assigned to %(providers)s, in the same PoA areas "
            "%(areas)s, %(period)s."
        )
    elif other.status == RequestStatus.IN_DELIVERY:
        text = _(
            "“%(title)s” (%(place)s) is being delivered by %(providers)s, in the same PoA "
            "areas %(areas)s, %(period)s."
        )
    else:
        text = _(
            "“%(title)s” (%(place)s) has offers from %(providers)s, in the same PoA areas "
            "%(areas)s, %(period)s."
        )
    return text % values


def possible_duplicates(request: SupportRequest) -> list[Duplicate]:
    """Other active or planned support that `request` could duplicate, earliest first.

    Reads a constant number of queries. The caller decides who may see the result: everything
    found concerns the requester's own country or regional organization.
    """
    requester = Organization.objects.only("country_id", "regional_organization_id").get(
        pk=request.requester_id
    )
    if requester.country_id is not None:
        same_place = Q(requester__country_id=requester.country_id)
    elif requester.regional_organization_id is not None:
        same_place = Q(requester__regional_organization_id=requester.regional_organization_id)
    else:
        return []
    wanted = set(request.priority_areas.values_list("pk", flat=True))
    if not wanted:
        return []
    live = Offer.objects.filter(status__in=LIVE_OFFERS).select_related(
        "provider__un_entity", "provider__country"
    )
    candidates = (
        SupportRequest.objects.filter(same_place, priority_areas__in=wanted)
        .filter(Q(status__in=ACTIVE) | Q(status__in=OPEN, offers__status=OfferStatus.PROPOSED))
        .exclude(pk=request.pk)
        .distinct()
        .select_related("requester__country", "requester__regional_organization")
        .prefetch_related(
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number")),
            Prefetch("offers", queryset=live, to_attr="live_offers"),
        )
        .order_by("pk")
    )
    found = []
    for other in candidates:
        offers = other.live_offers
        start, end = _timeframe(other, offers)
        if not overlaps(request.start_date, request.end_date, start, end):
            continue
        accepted = [o.provider for o in offers if o.status == OfferStatus.ACCEPTED]
        duplicate = Duplicate(
            request=other,
            providers=accepted or [o.provider for o in offers],
            areas=[a for a in other.priority_areas.all() if a.pk in wanted],
            start=start,
            end=end,
        )
        found.append(replace(duplicate, sentence=_sentence(duplicate)))
    found.sort(key=lambda d: (d.start or datetime.date.min, d.request.pk))
    return found
