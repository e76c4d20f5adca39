"""Balances as at a report date: per donor, per country, per contribution and per allocation.

"As at D" counts the records dated on or before D and converts them at the rates in force on D
(`money.rates_on`). Each figure is converted from its original-currency amount and rounded to
the cent; a currency without a rate leaves its USD figures empty (None) and is reported in
`missing`, so a total is never silently short. Every function runs a fixed number of queries,
however many donors, countries or allocations there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from pveplan.accounts.models import Organization
from pveplan.funding.models import Allocation, Contribution, ContributionStatus, Expenditure
from pveplan.funding.money import MissingRate, RateBook, rates_on
from pveplan.funding.permissions import (
    sees_contributions,
    visible_allocations,
    visible_contributions,
)

ZERO = Decimal("0.00")


@dataclass
class Figures:
    """Amounts in one currency."""

    contributed: Decimal = ZERO
    pledged: Decimal = ZERO  # of the contributed amount, what is not received yet
    allocated: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def unallocated(self) -> Decimal:
        return self.contributed - self.allocated

    @property
    def remaining(self) -> Decimal:
        """Allocated but not spent yet."""
        return self.allocated - self.spent


@dataclass
class USD:
    """The same figures in US dollars, each converted from its own amount."""

    contributed: Decimal = ZERO
    pledged: Decimal = ZERO
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    unallocated: Decimal = ZERO
    remaining: Decimal = ZERO

    def __add__(self, other: USD) -> USD:
        return USD(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


LABELS = {
    "contributed": _("Contributed"),
    "pledged": _("of which pledged"),
    "allocated": _("Allocated"),
    "spent": _("Spent"),
    "unallocated": _("Unallocated"),
    "remaining": _("Remaining"),
}


def balance_lines(
    figures: Figures, usd: USD | None, names: list[str]
) -> list[tuple[Any, Decimal, Any]]:
    """(label, amount, USD amount or None) for each of `names`, for a balance table."""
    return [
        (LABELS[name], getattr(figures, name), getattr(usd, name) if usd is not None else None)
        for name in names
    ]


def to_usd(figures: Figures, currency: str, book: RateBook) -> USD | None:
    """`figures` in USD at `book`'s rates, or None when `currency` has no rate."""
    try:
        return USD(**{f.name: book.usd(getattr(figures, f.name), currency) for f in fields(USD)})
    except MissingRate:
        return None


def _total(rows: list[Any]) -> tuple[USD, bool]:
    """The sum of the rows' USD figures, and whether some row could not be converted."""
    total, incomplete = USD(), False
    for row in rows:
        if row.usd is None:
            incomplete = True
        else:
            total = total + row.usd
    return total, incomplete


def _labels(ids: set[int]) -> dict[int, Organization]:
    return {org.pk: org for org in Organization.objects.with_labels().filter(pk__in=ids)}


@dataclass
class DonorRow:
    donor: Organization
    currency: str
    figures: Figures
    usd: USD | None


@dataclass
class CountryRow:
    """What a Member State or regional organization was allocated, in each currency."""

    recipient: Organization
    by_currency: list[tuple[str, Figures, USD | None]]
    allocations: int
    usd: USD | None  # the sum over the currencies; None when one has no rate


@dataclass
class Overview:
    on: datetime.date
    shows_donors: bool
    donors: list[DonorRow]
    countries: list[CountryRow]
    donor_total: USD
    country_total: USD
    incomplete: bool
    missing: list[MissingRate] = field(default_factory=list)


def _donor_figures(
    contributions: QuerySet[Contribution], on: datetime.date
) -> dict[tuple[int, str], Figures]:
    """Figures per (donor, currency) of `contributions`, as at `on`, in three grouped queries."""
    figures: dict[tuple[int, str], Figures] = defaultdict(Figures)
    for c in (
        contributions.order_by().values("donor_id", "currency", "status").annotate(s=Sum("amount"))
    ):
        entry = figures[(c["donor_id"], c["currency"])]
        entry.contributed += c["s"]
        if c["status"] == ContributionStatus.PLEDGED:
            entry.pledged += c["s"]
    from_these = Allocation.objects.filter(contribution__in=contributions, date__lte=on)
    for a in (
        from_these.order_by()
        .values("contribution__donor_id", "contribution__currency")
        .annotate(s=Sum("amount"))
    ):
        figures[(a["contribution__donor_id"], a["contribution__currency"])].allocated += a["s"]
    for e in (
        Expenditure.objects.filter(allocation__in=from_these, date__lte=on)
        .order_by()
        .values("allocation__contribution__donor_id", "allocation__contribution__currency")
        .annotate(s=Sum("amount"))
    ):
        key = (e["allocation__contribution__donor_id"], e["allocation__contribution__currency"])
        figures[key].spent += e["s"]
    return figures


def _recipient_figures(
    allocations: QuerySet[Allocation], on: datetime.date
) -> tuple[dict[tuple[int, str], Figures], dict[int, int]]:
    """Figures per (recipient, currency) of `allocations` as at `on`, and how many allocations
    each recipient has, in two grouped queries."""
    figures: dict[tuple[int, str], Figures] = defaultdict(Figures)
    counts: dict[int, int] = defaultdict(int)
    for a in (
        allocations.order_by()
        .values("recipient_id", "contribution__currency")
        .annotate(s=Sum("amount"), n=Count("pk"))
    ):
        figures[(a["recipient_id"], a["contribution__currency"])].allocated += a["s"]
        counts[a["recipient_id"]] += a["n"]
    for e in (
        Expenditure.objects.filter(allocation__in=allocations, date__lte=on)
        .order_by()
        .values("allocation__recipient_id", "allocation__contribution__currency")
        .annotate(s=Sum("amount"))
    ):
        key = (e["allocation__recipient_id"], e["allocation__contribution__currency"])
        figures[key].spent += e["s"]
    return figures, counts


def overview(user: Any, on: datetime.date) -> Overview:
    """Balances per donor (of the contributions `user` sees) and per country (of the
    allocations `user` sees), as at `on`."""
    donor_figures = _donor_figures(visible_contributions(user).filter(date__lte=on), on)
    country_figures, counts = _recipient_figures(
        visible_allocations(user).filter(date__lte=on, contribution__date__lte=on), on
    )
    currencies = {c for _, c in donor_figures} | {c for _, c in country_figures}
    book = rates_on(on, currencies)
    orgs = _labels({d for d, _ in donor_figures} | {r for r, _ in country_figures})
    donors = sorted(
        (
            DonorRow(orgs[d], currency, figures, to_usd(figures, currency, book))
            for (d, currency), figures in donor_figures.items()
        ),
        key=lambda row: (row.donor.label.casefold(), row.currency),
    )
    per_recipient: dict[int, list[tuple[str, Figures, USD | None]]] = defaultdict(list)
    for (recipient, currency), figures in sorted(country_figures.items()):
        per_recipient[recipient].append((currency, figures, to_usd(figures, currency, book)))
    countries = []
    for recipient, entries in per_recipient.items():
        converted = [usd for _, _, usd in entries]
        total = None if None in converted else sum((c for c in converted if c), USD())
        countries.append(CountryRow(orgs[recipient], entries, counts[recipient], total))
    countries.sort(key=lambda row: row.recipient.label.casefold())
    donor_total, donors_incomplete = _total(donors)
    country_total, countries_incomplete = _total(countries)
    return Overview(
        on=on,
        shows_donors=sees_contributions(user),
        donors=donors,
        countries=countries,
        donor_total=donor_total,
        country_total=country_total,
        incomplete=donors_incomplete or countries_incomplete,
        missing=book.missing(currencies),
    )


@dataclass
class AllocationRow:
    allocation: Allocation
    counted: bool  # dated on or before the report date
    figures: Figures
    usd: USD | None


@dataclass
class ContributionBalance:
    on: datetime.date
    figures: Figures
    usd: USD | None
    allocations: list[AllocationRow]
    expenditures: list[Expenditure]
    missing: list[MissingRate]

    @property
    def lines(self) -> list[tuple[Any, Decimal, Any]]:
        names = ["contributed", "pledged", "allocated", "spent", "unallocated", "remaining"]
        return balance_lines(self.figures, self.usd, names)


def _spent_by_allocation(allocations: list[Allocation], on: datetime.date) -> dict[int, Decimal]:
    rows = (
        Expenditure.objects.filter(allocation__in=allocations, date__lte=on)
        .order_by()
        .values("allocation_id")
        .annotate(s=Sum("amount"))
    )
    return {row["allocation_id"]: row["s"] for row in rows}


def contribution_balance(contribution: Contribution, on: datetime.date) -> ContributionBalance:
    """A contribution's allocations and expenditure, with its balance as at `on`. Every
    allocation is listed; those dated after `on` are marked and not counted."""
    allocations = list(
        contribution.allocations.select_related(
            "recipient__country", "recipient__regional_organization", "support_request"
        ).order_by("date", "pk")
    )
    spent = _spent_by_allocation(allocations, on)
    book = rates_on(on, [contribution.currency])
    counted = contribution.date <= on
    total = Figures(
        contributed=contribution.amount if counted else ZERO,
        pledged=contribution.amount
        if counted and contribution.status == ContributionStatus.PLEDGED
        else ZERO,
    )
    rows = []
    for allocation in allocations:
        counts = allocation.date <= on
        figures = Figures(
            allocated=allocation.amount if counts else ZERO,
            spent=spent.get(allocation.pk, ZERO) if counts else ZERO,
        )
        if counts and counted:
            total.allocated += figures.allocated
            total.spent += figures.spent
        rows.append(
            AllocationRow(allocation, counts, figures, to_usd(figures, contribution.currency, book))
        )
    expenditures = list(
        Expenditure.objects.filter(allocation__contribution=contribution)
        .select_related(
            "allocation__recipient__country", "allocation__recipient__regional_organization"
        )
        .order_by("date", "pk")
    )
    return ContributionBalance(
        on=on,
        figures=total,
        usd=to_usd(total, contribution.currency, book),
        allocations=rows,
        expenditures=expenditures,
        missing=book.missing([contribution.currency]),
    )


@dataclass
class AllocationBalance:
    on: datetime.date
    currency: str
    figures: Figures
    usd: USD | None
    expenditures: list[Expenditure]
    missing: list[MissingRate]

    @property
    def lines(self) -> list[tuple[Any, Decimal, Any]]:
        return balance_lines(self.figures, self.usd, ["allocated", "spent", "remaining"])


def allocation_balance(allocation: Allocation, on: datetime.date) -> AllocationBalance:
    """An allocation's expenditure and what remains of it, as at `on`."""
    currency = allocation.contribution.currency
    expenditures = list(allocation.expenditures.order_by("date", "pk"))
    counts = allocation.date <= on
    figures = Figures(
        allocated=allocation.amount if counts else ZERO,
        spent=sum((e.amount for e in expenditures if e.date <= on), ZERO) if counts else ZERO,
    )
    book = rates_on(on, [currency])
    return AllocationBalance(
        on=on,
        currency=currency,
        figures=figures,
        usd=to_usd(figures, currency, book),
        expenditures=expenditures,
        missing=book.missing([currency]),
    )
