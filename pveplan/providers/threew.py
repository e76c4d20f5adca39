"""Who does what where (3W): providers x countries (or regional organizations) x PoA areas.

The data are the assignments (accepted offers) with their requests. Only support the user may
see is counted: the requests are filtered by the support app's visibility first, and aggregated
after, so a total never reveals support the user could not open. Everything is read in a
constant number of queries, whatever the number of countries.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.support.models import Offer, OfferStatus, RequestStatus
from pveplan.support.permissions import visible_requests
from pveplan.taxonomy.models import Country, PriorityArea, RegionalOrganization

# The status filter: "delivered" includes support closed with the requester's feedback.
STATUSES: dict[str, tuple[str, ...]] = {
    "assigned": (RequestStatus.ASSIGNED,),
    "in_delivery": (RequestStatus.IN_DELIVERY,),
    "delivered": (RequestStatus.DELIVERED, RequestStatus.CLOSED),
}
STATUS_CHOICES = [
    ("assigned", _("assigned")),
    ("in_delivery", _("in delivery")),
    ("delivered", _("delivered")),
]
HEAT_LEVELS = 4


@dataclass(frozen=True)
class Filters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    modality: str = ""
    status: str = ""
    provider: Organization | None = None


@dataclass
class Cell:
    area: PriorityArea
    providers: list[str] = field(default_factory=list)
    engagements: int = 0
    heat: int = 0

    @property
    def count(self) -> int:
        return len(self.providers)


@dataclass
class Row:
    """A country or regional organization with support, and its cells per PoA area."""

    label: str
    code: str
    is_regional: bool
    cells: list[Cell]
    providers: int = 0
    engagements: int = 0


@dataclass
class Matrix:
    areas: list[PriorityArea]
    rows: list[Row]
    providers: int = 0
    engagements: int = 0

    def table(self) -> list[list[Any]]:
        """One line per non-empty cell: what the table view and the exports show."""
        return [
            [
                row.label,
                cell.area.number,
                cell.area.label,
                ", ".join(cell.providers),
                cell.count,
                cell.engagements,
            ]
            for row in self.rows
            for cell in row.cells
            if cell.engagements
        ]


def table_headers() -> list[str]:
    return [
        str(_("Country or regional organization")),
        str(_("PoA area")),
        str(_("Priority area")),
        str(_("Providers")),
        str(_("Number of providers")),
        str(_("Number of engagements")),
    ]


def engagements(user: Any, filters: Filters) -> QuerySet[Offer]:
    """The assignments `user` may see that match `filters`."""
    statuses = STATUSES.get(filters.status) or tuple(s for v in STATUSES.values() for s in v)
    found = Offer.objects.filter(
        status=OfferStatus.ACCEPTED,
        request__in=visible_requests(user),
        request__status__in=statuses,
    )
    if filters.modality:
        found = found.filter(request__modality=filters.modality)
    if filters.provider is not None:
        found = found.filter(provider=filters.provider)
    if filters.start or filters.end:
        # The time of an assignment is the offer's where it has dates, else the request's.
        found = found.annotate(
            starts=Coalesce("start_date", "request__start_date"),
            ends=Coalesce("end_date", "request__end_date"),
        )
        if filters.start:
            found = found.filter(Q(ends__isnull=True) | Q(ends__gte=filters.start))
        if filters.end:
            found = found.filter(Q(starts__isnull=True) | Q(starts__lte=filters.end))
    return found


def _heat(count: int, highest: int) -> int:
    return math.ceil(HEAT_LEVELS * count / highest) if count and highest else 0


def matrix(user: Any, filters: Filters) -> Matrix:
    """The 3W matrix for `user` with `filters`."""
    lines = engagements(user, filters).values_list(
        "pk",
        "provider_id",
        "request__requester__country_id",
        "request__requester__regional_organization_id",
        "request__priority_areas",
    )
    cells: dict[tuple[bool, int], dict[int, set[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(set)
    )
    for offer_id, provider_id, country_id, regional_id, area_id in lines:
        place = (False, country_id) if country_id is not None else (True, regional_id)
        if place[1] is None or area_id is None:
            continue
        cells[place][area_id].add((offer_id, provider_id))
    areas = list(PriorityArea.objects.order_by("number"))
    country_ids = [pk for regional, pk in cells if not regional]
    regional_ids = [pk for regional, pk in cells if regional]
    places: dict[tuple[bool, int], Any] = {}
    if country_ids:
        places.update(((False, c.pk), c) for c in Country.objects.filter(pk__in=country_ids))
    if regional_ids:
        places.update(
            ((True, r.pk), r) for r in RegionalOrganization.objects.filter(pk__in=regional_ids)
        )
    provider_ids = {
        p for by_area in cells.values() for pairs in by_area.values() for _o, p in pairs
    }
    labels = {o.pk: o.label for o in Organization.objects.with_labels().filter(pk__in=provider_ids)}
    highest = max(
        (len({p for _o, p in pairs}) for by_area in cells.values() for pairs in by_area.values()),
        default=0,
    )
    rows = []
    for key, by_area in cells.items():
        place = places[key]
        row = Row(label=place.label, code=place.code, is_regional=key[0], cells=[])
        for area in areas:
            pairs = by_area.get(area.pk, set())
            names = sorted({labels[p] for _o, p in pairs}, key=str.casefold)
            row.cells.append(
                Cell(
                    area=area,
                    providers=names,
                    engagements=len({o for o, _p in pairs}),
                    heat=_heat(len(names), highest),
                )
            )
        all_pairs = {pair for pairs in by_area.values() for pair in pairs}
        row.providers = len({p for _o, p in all_pairs})
        row.engagements = len({o for o, _p in all_pairs})
        rows.append(row)
    rows.sort(key=lambda r: (r.is_regional, r.label.casefold(), r.code))
    every = {pair for by_area in cells.values() for pairs in by_area.values() for pair in pairs}
    return Matrix(
        areas=areas,
        rows=rows,
        providers=len({p for _o, p in every}),
        engagements=len({o for o, _p in every}),
    )
