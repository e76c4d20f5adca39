"""Funding records for the tests and the permission matrix, made through the actions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind
from pveplan.funding import actions
from pveplan.funding.models import Allocation, Contribution, ExchangeRate, Expenditure
from pveplan.support.models import SupportRequest
from pveplan.taxonomy.models import Country, PriorityArea
from pveplan.testing import World, org

DAY = datetime.date(2026, 1, 10)


def manager(world: World) -> Any:
    return world.users["unoct"]


def other_donor(code: str = "other-donor", name: str = "Other donor") -> Organization:
    """A second donor organization (the `donor` persona belongs to `test-donor`)."""
    found = Organization.objects.filter(code=code).first()
    if found is not None:
        return found
    return account_actions.organization_create(
        by=None,
        organization=Organization(kind=OrganizationKind.DONOR, code=code, name_en=name),
    )


def rate(world: World, currency: str, day: datetime.date, value: str) -> ExchangeRate:
    return actions.rate_set(
        by=manager(world),
        currency=currency,
        date=day,
        usd_per_unit=Decimal(value),
        source="UN operational rate",
    )


def contribution(
    world: World,
    *,
    donor: str | Organization = "test-donor",
    amount: str = "1000000.00",
    currency: str = "NOK",
    day: datetime.date = DAY,
    status: str = "received",
    countries: tuple[str, ...] = (),
    areas: tuple[int, ...] = (),
) -> Contribution:
    return actions.contribution_record(
        by=manager(world),
        data=actions.ContributionInput(
            donor=donor if isinstance(donor, Organization) else org(donor),
            amount=Decimal(amount),
            currency=currency,
            date=day,
            status=status,
            countries=list(Country.objects.filter(code__in=countries)),
            priority_areas=list(PriorityArea.objects.filter(number__in=areas)),
        ),
    )


def allocation(
    world: World,
    source: Contribution,
    *,
    recipient: str = "jor",
    amount: str = "300000.00",
    day: datetime.date = DAY,
    request: SupportRequest | None = None,
    purpose: str = "National consultations",
) -> Allocation:
    return actions.allocation_make(
        by=manager(world),
        data=actions.AllocationInput(
            contribution=source,
            recipient=org(recipient),
            amount=Decimal(amount),
            date=day,
            purpose=purpose,
            support_request=request,
        ),
    )


def expenditure(
    world: World,
    target: Allocation,
    *,
    amount: str = "100000.00",
    day: datetime.date = DAY,
    description: str = "Workshop in Amman",
) -> Expenditure:
    return actions.expenditure_record(
        by=manager(world),
        data=actions.ExpenditureInput(
            allocation=target, amount=Decimal(amount), date=day, description=description
        ),
    )


def support_request(requester: str = "jor", areas: tuple[int, ...] = (4,)) -> SupportRequest:
    """A triaged support request (made directly: its workflow is the support app's to test)."""
    request = SupportRequest.objects.create(
        requester=org(requester),
        title=f"Drafting support ({requester})",
        modality="drafting",
        status="triaged",
    )
    request.priority_areas.set(PriorityArea.objects.filter(number__in=areas))
    return request
