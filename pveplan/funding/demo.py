"""Illustrative programme funding for the demo: Norway's contributions in NOK and the Republic of
Korea's in USD, dated NOK rates, allocations to Jordan (one for a Jordan support request when
the demo has one), Mali, Lebanon and ASEAN, and some expenditure. Everything goes through the
actions, as UNOCT's programme officer would do it; the rates are labelled as illustrative.

`seed_demo()` is idempotent; it needs the demo accounts of `python manage.py seed_demo`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from pveplan.accounts import actions as account_actions
from pveplan.accounts.models import Organization, OrganizationKind, User
from pveplan.funding import actions
from pveplan.funding.models import (
    Allocation,
    Contribution,
    ContributionStatus,
    ExchangeRate,
    Expenditure,
)
from pveplan.support.models import RequestStatus, SupportRequest
from pveplan.taxonomy.models import Country, PriorityArea

OFFICER = "unoct.officer"
RATE_SOURCE = "Illustrative rate for the demo (not an official UN operational rate)"
NOK_RATES = {
    datetime.date(2025, 1, 1): "0.0885",
    datetime.date(2025, 7, 1): "0.0985",
    datetime.date(2026, 1, 1): "0.0968",
    datetime.date(2026, 7, 1): "0.0991",
}
KOREA_NAMES = {
    "ar": "جمهورية كوريا (وزارة الخارجية)",
    "zh": "大韩民国（外交部）",
    "en": "Republic of Korea (Ministry of Foreign Affairs)",
    "fr": "République de Corée (Ministère des affaires étrangères)",
    "ru": "Республика Корея (Министерство иностранных дел)",
    "es": "República de Corea (Ministerio de Relaciones Exteriores)",
}


@dataclass(frozen=True)
class DemoContribution:
    reference: str
    donor: str  # "norway" or "korea"
    amount: str
    currency: str
    date: datetime.date
    status: str
    countries: tuple[str, ...] = ()
    areas: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DemoAllocation:
    reference: str  # of the contribution
    recipient: str  # organization code
    amount: str
    date: datetime.date
    purpose: str
    for_request: bool = False
    spent: tuple[tuple[str, datetime.date, str], ...] = ()


CONTRIBUTIONS = (
    DemoContribution(
        "DEMO-NOR-2025",
        "norway",
        "15000000.00",
        "NOK",
        datetime.date(2025, 2, 14),
        ContributionStatus.RECEIVED,
        note="Core funding of the All-of-UN programme for 2025-2026 (illustrative).",
    ),
    DemoContribution(
        "DEMO-NOR-2026",
        "norway",
        "6000000.00",
        "NOK",
        datetime.date(2026, 3, 2),
        ContributionStatus.PLEDGED,
        countries=("JOR", "LBN"),
        areas=(4,),
        note="Pledged for youth engagement in Jordan and Lebanon (illustrative).",
    ),
    DemoContribution(
        "DEMO-KOR-2025",
        "korea",
        "1200000.00",
        "USD",
        datetime.date(2025, 5, 20),
        ContributionStatus.RECEIVED,
        note="Contribution to national and regional PVE action plans (illustrative).",
    ),
)
ALLOCATIONS = (
    DemoAllocation(
        "DEMO-NOR-2025",
        "jor",
        "4000000.00",
        datetime.date(2025, 3, 10),
        "Coordination unit and national consultations on the PVE action plan",
        spent=(
            (
                "1250000.00",
                datetime.date(2025, 5, 30),
                "Consultation workshops in Amman, Irbid and Zarqa",
            ),
            (
                "600000.00",
                datetime.date(2025, 10, 15),
                "Coordination unit: two analysts for six months",
            ),
        ),
    ),
    DemoAllocation(
        "DEMO-NOR-2025",
        "mli",
        "2500000.00",
        datetime.date(2025, 4, 1),
        "Drafting support for the national strategy to prevent violent extremism",
        spent=(("450000.00", datetime.date(2025, 9, 10), "Drafting workshop in Bamako"),),
    ),
    DemoAllocation(
        "DEMO-KOR-2025",
        "jor",
        "250000.00",
        datetime.date(2025, 6, 15),
        "Policy advice requested by Jordan",
        for_request=True,
        spent=(("80000.00", datetime.date(2025, 11, 20), "Policy adviser, first phase"),),
    ),
    DemoAllocation(
        "DEMO-KOR-2025",
        "asean",
        "300000.00",
        datetime.date(2025, 7, 1),
        "Bali Work Plan: cross-sectoral workshops of ASEAN sectoral bodies",
        spent=(("120000.00", datetime.date(2026, 2, 10), "Regional workshop of sectoral bodies"),),
    ),
    DemoAllocation(
        "DEMO-NOR-2026",
        "lbn",
        "1500000.00",
        datetime.date(2026, 4, 15),
        "Youth engagement under the national PVE strategy",
    ),
)


def _not_future(day: datetime.date) -> datetime.date:
    return min(day, timezone.localdate())


def _korea(officer: Any) -> Organization:
    """The Republic of Korea as a donor: the one the data has, or a new one."""
    found = Organization.objects.filter(kind=OrganizationKind.DONOR, country__code="KOR").first()
    if found is not None:
        return found
    return account_actions.organization_create(
        by=officer,
        organization=Organization(
            kind=OrganizationKind.DONOR,
            code="kor-mofa",
            country=Country.objects.get(code="KOR"),
            **{f"name_{code}": name for code, name in KOREA_NAMES.items()},
        ),
    )


def _rates(officer: Any) -> list[str]:
    lines = []
    for day, value in NOK_RATES.items():
        if (
            day > timezone.localdate()
            or ExchangeRate.objects.filter(currency="NOK", date=day).exists()
        ):
            continue
        actions.rate_set(
            by=officer, currency="NOK", date=day, usd_per_unit=Decimal(value), source=RATE_SOURCE
        )
        lines.append(f"exchange rate: NOK {day.isoformat()} = {value} USD")
    return lines


def _contribution(
    spec: DemoContribution, donors: dict[str, Organization], officer: Any
) -> tuple[Contribution, str | None]:
    donor = donors[spec.donor]
    found = Contribution.objects.filter(donor=donor, reference=spec.reference).first()
    if found is not None:
        return found, None
    contribution = actions.contribution_record(
        by=officer,
        data=actions.ContributionInput(
            donor=donor,
            amount=Decimal(spec.amount),
            currency=spec.currency,
            date=_not_future(spec.date),
            status=spec.status,
            reference=spec.reference,
            countries=list(Country.objects.filter(code__in=spec.countries)),
            priority_areas=list(PriorityArea.objects.filter(number__in=spec.areas)),
            note=spec.note,
            is_illustrative=True,
        ),
    )
    return contribution, f"contribution: {spec.currency} {spec.amount} from {donor.code}"


def _allocation(spec: DemoAllocation, contribution: Contribution, officer: Any) -> list[str]:
    recipient = Organization.objects.get(code=spec.recipient)
    lines = []
    allocation = Allocation.objects.filter(
        contribution=contribution, recipient=recipient, purpose=spec.purpose
    ).first()
    if allocation is None:
        request = None
        if spec.for_request:
            request = (
                SupportRequest.objects.filter(requester=recipient)
                .exclude(status=RequestStatus.DECLINED)
                .order_by("pk")
                .first()
            )
        allocation = actions.allocation_make(
            by=officer,
            data=actions.AllocationInput(
                contribution=contribution,
                recipient=recipient,
                amount=Decimal(spec.amount),
                date=_not_future(spec.date),
                purpose=spec.purpose,
                support_request=request,
            ),
        )
        lines.append(
            f"allocation: {contribution.currency} {spec.amount} to {recipient.code}"
            + (f" (support request #{request.pk})" if request else "")
        )
    for amount, day, description in spec.spent:
        if day > timezone.localdate() or contribution.status != ContributionStatus.RECEIVED:
            continue
        if Expenditure.objects.filter(allocation=allocation, description=description).exists():
            continue
        actions.expenditure_record(
            by=officer,
            data=actions.ExpenditureInput(
                allocation=allocation, amount=Decimal(amount), date=day, description=description
            ),
        )
        lines.append(f"expenditure: {contribution.currency} {amount} ({recipient.code})")
    return lines


def seed_demo() -> list[str]:
    """Add the illustrative funding records that are missing; say what was added."""
    officer = User.objects.filter(username=OFFICER).first()
    norway = Organization.objects.filter(code="norway-mfa").first()
    if officer is None or norway is None:
        return ["funding: skipped (run seed_demo for the demo accounts first)"]
    lines: list[str] = []
    with transaction.atomic():
        donors = {"norway": norway, "korea": _korea(officer)}
        lines += _rates(officer)
        contributions: dict[str, Contribution] = {}
        for spec in CONTRIBUTIONS:
            contribution, line = _contribution(spec, donors, officer)
            contributions[spec.reference] = contribution
            if line:
                lines.append(line)
        for allocation in ALLOCATIONS:
            lines += _allocation(allocation, contributions[allocation.reference], officer)
    return lines
